import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Regularizers
import Trajectories

/// **Gram-Gauss-Newton** (Cai et al., 002; Proofs/GramGaussNewton.md).
///
/// Problem: squared loss ½‖f(w) − y‖² on m samples, two-layer network of width M (our n).
/// Method: w ← w − Jᵀ(JJᵀ)⁻¹(f(w) − y) (full batch; `Stepper.gramGaussNewtonDirection`), and
/// its mini-batch form with the Gram matrix of each batch (`MiniBatchGramGaussNewton`).
/// Guarantee (002, "Second-order Convergence for Overparameterized Networks"): for M large,
/// (1) G_t = J_tJ_tᵀ is invertible at every iteration; (2) ‖f(w_{t+1}) − y‖ ≤ (C/√M)‖f(w_t) − y‖²
/// with C independent of M; (abstract) mini-batch GGN converges.
public enum GramGaussNewtonStudy: LegacyStudy {
    public static let id = "gram-gauss-newton"
    public static let title = "Gram-Gauss-Newton (Cai et al., 002)"
    static let source = "002_115f53c7c575b3ef.txt"
    static let proofs = "Proofs/GramGaussNewton.md"

    public static let invertibilityId: TheoremID = "ggn-gram-invertible"
    public static let quadraticId: TheoremID = "ggn-quadratic"
    public static let miniBatchId: TheoremID = "ggn-minibatch"

    public static let slopeReading: ReadingID = "slope of log max_t Ĉ_t on log M ≤ 0"
    public static let fittedReading: ReadingID = "C fitted at the smallest width holds at larger widths"
    public static let taylorReading: ReadingID = "Taylor bound: ‖f_{t+1} − y‖ ≤ (√m/2)κ(‖v‖_∞L′ + L)‖d_t‖²"
    public static let epochReading: ReadingID = "full loss decreases per epoch"
    public static let stepReading: ReadingID = "full loss decreases per batch step"
    public static let batchReading: ReadingID = "batch loss decreases at its own step"

    public static let invertibility = TheoremInfo(
        id: invertibilityId, title: "GGN: the Gram matrix is invertible at every iteration",
        source: "\(source), 'Second-order Convergence for Overparameterized Networks', item 1",
        statement: "For two-layer ReLU network, if width M = Ω(poly(n/λ_0)), then with high probability over the random initialization, the full-batch GGN satisfies: 1. The Gram matrix G at each iteration is invertible.",
        proofs: proofs,
        readings: [ReadingInfo("certified lambda_min(G_t) > 0", "at every step of the full-batch run, λ̂_min(Ĝ_t) minus the rigorous dsyrk/Jacobian/dsyevd error bound is > 0 (no hypothesis: the width condition has no constant)")],
        hypotheses: [],
        conclusions: ["λ_min(J_tJ_tᵀ) > 0 at every t (certified: λ̂_min − δ_t > 0)"])

    public static let quadratic = TheoremInfo(
        id: quadraticId, title: "GGN: quadratic convergence with C/√M",
        source: "\(source), 'Second-order Convergence for Overparameterized Networks', item 2",
        statement: "The loss converges to zero in a way that ‖f(w_{t+1}) − y‖₂ ≤ (C/√M)‖f(w_t) − y‖₂² for some constant C that is independent of M.",
        proofs: proofs,
        readings: [
            ReadingInfo(slopeReading, "Ĉ_t = √M‖f_{t+1} − y‖/‖f_t − y‖²; least-squares slope b of log max_t Ĉ_t on log M over the width sweep (all seeds), 95% Student-t interval as the error bound of the check b ≤ 0"),
            ReadingInfo(fittedReading, "C* = max over seeds and steps of Ĉ_t at the smallest width; at every larger width and step, ‖f_{t+1} − y‖ ≤ (C*/√M)‖f_t − y‖², given certified λ_min(G_t) > 0"),
            ReadingInfo(taylorReading, "our derivation of the mechanism (Proofs §2.2), with ‖d_t‖ ≤ ‖f_t − y‖/√λ_min(G_t) it gives C = (√m/2)(‖v‖_∞L′ + L)/λ_min; L = 1.1 ≥ sup|ϱ′|, L′ = 1 ≥ sup|ϱ″|, ‖v‖_∞ the larger of both ends; needs ϱ ∈ C²", claimed: true),
        ],
        hypotheses: ["certified λ_min(G_t) > 0 (the step is defined)", "at least 3 (width, seed) points for the slope fit"],
        conclusions: ["b ≤ 0", "‖f_{t+1} − y‖ ≤ (C*/√M)‖f_t − y‖²"])

    public static let miniBatch = TheoremInfo(
        id: miniBatchId, title: "Mini-batch GGN: the loss goes down",
        source: "\(source), 'Gram-Gauss-Newton Method (GGN)', remark on the mini-batch scheme; the convergence guarantee for mini-batch GGN is announced in the abstract of arXiv 1905.11675, not stated in the slides",
        statement: "Combine with the mini-batch scheme, we can only compute the Gram matrix of each batch. (Abstract: we provide convergence guarantee for mini-batch GGN algorithm.)",
        proofs: proofs,
        readings: [
            ReadingInfo(epochReading, "step size 1, seeded batch order per epoch: ‖f − y‖² over all m samples at the end of each epoch ≤ at its start"),
            ReadingInfo(stepReading, "step size 1: the full training loss after every batch step ≤ before it"),
            ReadingInfo(batchReading, "step size 1: the batch's own loss after its step ≤ before it"),
        ],
        hypotheses: ["certified λ_min(G_B) > 0 for the batch Gram matrix (the step is defined)"],
        conclusions: ["L(w_{k+1}) ≤ L(w_k) (per epoch, per step, or on the batch)"])

    public static let infos = [invertibility, quadratic, miniBatch]

    // MARK: - Scales

    /// The sweep at one scale (Proofs/GramGaussNewton.md §6).
    public struct Plan: Sendable, Equatable {
        public var m: Int
        public var widths: [Int]
        public var seeds: [UInt64]
        public var steps: Int
        public var miniWidth: Int
        public var batchSize: Int
        public var epochs: Int
    }

    public static func plan(_ suite: SuiteSpec) -> Plan {
        let seeds = suite.seeds.isEmpty ? [0] : suite.seeds
        switch suite.studyScale {
        case .quick:
            return Plan(m: 12, widths: [32, 64, 128], seeds: Array(seeds.prefix(1)), steps: 6, miniWidth: 128, batchSize: 4, epochs: 4)
        case .standard:
            return Plan(m: 40, widths: (6...11).map { 1 << $0 }, seeds: Array(seeds.prefix(2)), steps: 8, miniWidth: 1024, batchSize: 10, epochs: 10)
        case .full:
            return Plan(m: 40, widths: (6...13).map { 1 << $0 }, seeds: seeds, steps: 8, miniWidth: 4096, batchSize: 10, epochs: 20)
        }
    }

    static func spec(_ suite: SuiteSpec, plan: Plan, seed: UInt64, width: Int) -> ProblemSpec {
        var p = suite.base.problem
        p.kind = .teacherStudent
        p.trainCount = plan.m
        p.testCount = 0
        p.width = width
        p.kappa = nil
        p.seed = seed
        return p
    }

    static func label(_ p: ProblemSpec, steps: Int) -> InstanceLabel {
        InstanceLabel(problem: p.kind.rawValue, seed: p.seed, m: p.trainCount, width: p.width, tau: 0, mu: 0, steps: steps,
                      activation: p.activation.rawValue,
                      arguments: ["--method", "gram-gn", "--tau", "0", "--fixed-step", "1", "--seed", "\(p.seed)", "--m", "\(p.trainCount)", "--m-test", "0",
                                  "--n0", "\(p.inputDimension)", "--n", "\(p.width)", "--activation", p.activation.rawValue,
                                  "--steps", "\(steps)"])
    }

    // MARK: - Full-batch runs

    /// One full-batch GGN run: per step t, ‖f_t − y‖ with its rounding bound and the certified λ_min(G_t).
    public struct Run: Sendable {
        public var seed: UInt64
        public var width: Int
        public var label: InstanceLabel
        public var residual: [Double] = []
        public var residualError: [Double] = []
        public var lambda: [GramGaussNewtonMath.LambdaMinBound] = []
        /// ‖d_t‖ = ‖θ_{t+1} − θ_t‖ and ‖v_t‖_∞ (output weights), for the Taylor reading.
        public var stepNorm: [Double] = []
        public var vMax: [Double] = []
        public var kappa = 0.0
        /// ‖f_t − y − J_t d_t‖ (the linearized residual the computed step leaves) and its rounding bound.
        public var linearResidual: [Double] = []
        public var linearResidualError: [Double] = []
        public var parameterCount = 0
        public var inputNormMax = 0.0
        public var smoothActivation = true
        /// Why the run stopped early, if it did.
        public var failure: String?

        /// Ĉ_t = √M‖r_{t+1}‖/‖r_t‖² at the steps whose ‖r_{t+1}‖ is above 100× its rounding bound
        /// (below that Ĉ_t measures rounding, not the method; Proofs §4.1).
        public var cHat: [(t: Int, value: Double)] {
            guard residual.count >= 2 else { return [] }
            let sq = Double(width).squareRoot()
            var out: [(t: Int, value: Double)] = []
            for t in 0..<(residual.count - 1) {
                let next: Double = residual[t + 1], cur: Double = residual[t]
                if next > 100 * residualError[t + 1] && cur > 0 { out.append((t, sq * next / (cur * cur))) }
            }
            return out
        }
    }

    public static func fullBatchRun(_ spec: ProblemSpec, steps: Int) -> Run {
        var run = Run(seed: spec.seed, width: spec.width, label: label(spec, steps: steps))
        do {
            let problem = try Problem.make(spec)
            let objective = Objective(problem: problem, regularizer: Regularizer(penalty: .quadratic, tau: 0))
            var theta = problem.theta0
            let net = problem.network
            run.kappa = net.kappa
            run.parameterCount = net.parameterCount
            run.smoothActivation = net.activation != .relu
            run.inputNormMax = (0..<problem.sampleCount).map { j in
                Vector.norm2((0..<net.inputDimension).map { problem.trainInputs[j, $0] })
            }.max() ?? 0
            for t in 0...steps {
                run.vMax.append((0..<net.width).map { abs(theta[net.indexV($0)]) }.max() ?? 0)
                let ev = objective.evaluate(theta)
                let r = Vector.norm2(ev.residual)
                guard r.isFinite else { run.failure = "‖f − y‖ is not finite at step \(t)"; break }
                run.residual.append(r)
                run.residualError.append(GramGaussNewtonMath.residualErrorBound(problem: problem, theta: theta))
                if t == steps { break }
                let jErr = GramGaussNewtonMath.jacobianErrorBound(problem: problem, theta: theta, jacobianFrobenius: ev.jacobian.frobeniusNorm)
                run.lambda.append(try GramGaussNewtonMath.lambdaMinBound(jacobian: ev.jacobian, jacobianErrorF: jErr))
                let d = try Stepper.gramGaussNewtonDirection(ev)
                run.stepNorm.append(Vector.norm2(d))
                run.linearResidual.append(Vector.norm2(Vector.sub(ev.residual, Matrix.multiply(ev.jacobian, d))))
                run.linearResidualError.append(Rounding.gamma(run.parameterCount + 2) * ev.jacobian.frobeniusNorm * Vector.norm2(d)
                                               + Rounding.unitRoundoff * Vector.norm2(ev.residual))
                theta = Vector.axpy(theta, -1, d)
            }
        } catch {
            run.failure = "\(error)"
        }
        return run
    }

    /// Our Taylor bound (Proofs §2.2): ‖r_{t+1}‖ ≤ (√m/2)·κ·(‖v‖_∞L′‖x‖² + L‖x‖)·‖d_t‖², with
    /// ‖v‖_∞ the larger of θ_t's and θ_{t+1}'s (v on the segment is a convex combination).
    public static func taylorResult(_ r: Run) -> InstanceResult {
        if let f = r.failure, r.stepNorm.isEmpty { return .failure(theorem: quadraticId, reading: taylorReading, instance: r.label, reason: f) }
        let m = Double(r.label.m)
        let x = r.inputNormMax
        // Only steps whose ‖r_{t+1}‖ is above 100× its rounding floor (as for Ĉ_t; Proofs §4.1).
        let steps = r.stepNorm.indices.filter { r.residual[$0 + 1] > 100 * r.residualError[$0 + 1] }
        let subs: [[Check]] = steps.map { t in
            let v = max(r.vMax[t], r.vMax[t + 1])
            let quad = m.squareRoot() / 2 * r.kappa * (v * GramGaussNewtonMath.lipschitzDerivative * x * x + GramGaussNewtonMath.lipschitzValue * x) * r.stepNorm[t] * r.stepNorm[t]
            let rhs = r.linearResidual[t] + quad
            let err = r.residualError[t + 1] + r.linearResidualError[t] + Rounding.gamma(r.parameterCount + 8) * quad
            return [Check.condition("ϱ ∈ C² (SiLU, tanh, softplus)", .hypothesis, step: t, holds: r.smoothActivation),
                    Check("‖f_{t+1} − y‖ ≤ ‖f_t − y − J_td_t‖ + (√m/2)κ(‖v‖_∞L′‖x‖² + L‖x‖)‖d_t‖²", .conclusion, step: t, lhs: r.residual[t + 1], rhs: rhs, errorBound: err)]
        }
        let ratios = subs.compactMap { c -> Double? in c.last.flatMap { $0.rhs > 0 ? $0.lhs / $0.rhs : nil } }
        let dropped = r.stepNorm.count - steps.count
        return InstanceResult(theorem: quadraticId, reading: taylorReading, instance: r.label, subInstances: subs, tightness: ratios.max(),
                              notes: dropped > 0 ? ["\(dropped) steps at the rounding floor of ‖f − y‖ not evaluated"] : [])
    }

    // MARK: - Mini-batch runs

    public struct MiniBatchRun: Sendable {
        public var seed: UInt64
        public var label: InstanceLabel
        /// Full training loss ‖f − y‖²/(2m) before each batch step and after the last, with bounds.
        public var loss: [Double] = []
        public var lossError: [Double] = []
        /// Per batch step: the batch loss before and after its step, their bound, and the batch λ_min.
        public var batchBefore: [Double] = []
        public var batchAfter: [Double] = []
        public var batchError: [Double] = []
        public var batchLambda: [GramGaussNewtonMath.LambdaMinBound] = []
        public var stepsPerEpoch: Int = 0
        public var failure: String?
    }

    static func halfMeanSquare(_ r: [Double]) -> Double { let n = Vector.norm2(r); return n * n / (2 * Double(r.count)) }

    /// Loss bound from ‖r‖ and its rounding bound δ: |Δ(‖r‖²/2m)| ≤ (2‖r‖δ + δ²)/2m + 2ku·L.
    static func lossError(norm r: Double, error d: Double, count: Int) -> Double {
        (2 * r * d + d * d) / (2 * Double(count)) + Rounding.gamma(count + 2) * r * r / (2 * Double(count))
    }

    public static func miniBatchRun(_ spec: ProblemSpec, batchSize: Int, epochs: Int) -> MiniBatchRun {
        var run = MiniBatchRun(seed: spec.seed, label: label(spec, steps: epochs))
        do {
            let problem = try Problem.make(spec)
            var theta = problem.theta0
            func recordFull() {
                let r = Vector.sub(problem.network.outputs(theta: theta, inputs: problem.trainInputs), problem.trainTargets)
                let n = Vector.norm2(r)
                run.loss.append(halfMeanSquare(r))
                run.lossError.append(lossError(norm: n, error: GramGaussNewtonMath.residualErrorBound(problem: problem, theta: theta), count: r.count))
            }
            recordFull()
            for epoch in 0..<epochs {
                let batches = MiniBatchGramGaussNewton.batches(count: problem.sampleCount, batchSize: batchSize, seed: spec.seed, epoch: epoch)
                run.stepsPerEpoch = batches.count
                for rows in batches {
                    let ev = MiniBatchGramGaussNewton.evaluate(problem, theta: theta, rows: rows)
                    let jErr = GramGaussNewtonMath.jacobianErrorBound(problem: problem, theta: theta, jacobianFrobenius: ev.jacobian.frobeniusNorm)
                    run.batchLambda.append(try GramGaussNewtonMath.lambdaMinBound(jacobian: ev.jacobian, jacobianErrorF: jErr))
                    let d = try Stepper.gramGaussNewtonDirection(ev)
                    let fullErr = GramGaussNewtonMath.residualErrorBound(problem: problem, theta: theta)
                    let before = Vector.norm2(ev.residual)
                    theta = Vector.axpy(theta, -1, d)
                    let after = MiniBatchGramGaussNewton.evaluate(problem, theta: theta, rows: rows).residual
                    run.batchBefore.append(halfMeanSquare(ev.residual))
                    run.batchAfter.append(halfMeanSquare(after))
                    run.batchError.append(lossError(norm: before, error: fullErr, count: rows.count)
                                          + lossError(norm: Vector.norm2(after), error: GramGaussNewtonMath.residualErrorBound(problem: problem, theta: theta), count: rows.count))
                    recordFull()
                    guard run.loss.last!.isFinite else { run.failure = "the loss is not finite after step \(run.batchAfter.count)"; return run }
                }
            }
        } catch {
            run.failure = "\(error)"
        }
        return run
    }

    // MARK: - Evaluation

    public static func invertibilityResult(_ run: Run) -> InstanceResult {
        let reading = invertibility.readings[0].id
        if let f = run.failure, run.lambda.isEmpty {
            return .failure(theorem: invertibilityId, reading: reading, instance: run.label, reason: f)
        }
        let subs = run.lambda.enumerated().map { t, l in
            [Check("λ_min(G_t) > 0 (certified)", .conclusion, step: t, lhs: 0, rhs: l.computed, errorBound: l.totalError)]
        }
        var notes: [String] = []
        let uncertified = run.lambda.enumerated().filter { !$0.element.certified }.map(\.offset)
        if !uncertified.isEmpty {
            let l = run.lambda[uncertified[0]]
            notes.append("not certified at steps \(uncertified): at t = \(uncertified[0]) λ̂_min = \(l.computed) does not exceed its error bound \(l.totalError) (dsyrk \(l.syrkError), Jacobian \(l.jacobianError), dsyevd \(l.eigenError))")
        }
        if let f = run.failure { notes.append("run stopped: \(f)") }
        return InstanceResult(theorem: invertibilityId, reading: reading, instance: run.label, subInstances: subs, notes: notes)
    }

    /// The (log M, log max_t Ĉ_t) points of the runs with at least one usable step.
    public static func sweepPoints(_ runs: [Run]) -> [(width: Int, seed: UInt64, cMax: Double)] {
        runs.compactMap { r in r.cHat.map(\.value).max().map { (r.width, r.seed, $0) } }
    }

    public static func slopeResult(_ runs: [Run], sweepLabel: InstanceLabel) -> (InstanceResult, GramGaussNewtonMath.SlopeFit?) {
        let pts = sweepPoints(runs).filter { $0.cMax > 0 }
        let enough = Check.condition("at least 3 (width, seed) points", .hypothesis, holds: pts.count >= 3 && Set(pts.map(\.width)).count >= 2)
        guard Set(pts.map(\.width)).count >= 2 else {
            return (InstanceResult(theorem: quadraticId, reading: slopeReading, instance: sweepLabel, subInstances: [[enough]],
                                   notes: ["fewer than two widths with a usable step"]), nil)
        }
        let fit = GramGaussNewtonMath.fitSlope(x: pts.map { log(Double($0.width)) }, y: pts.map { log($0.cMax) })
        let con = Check("slope of log max_t Ĉ_t on log M ≤ 0", .conclusion, lhs: fit.slope, rhs: 0, errorBound: fit.halfWidth)
        let note = "slope \(fmt(fit.slope)), 95% interval [\(fmt(fit.lower)), \(fmt(fit.upper))] over \(fit.points) points"
        return (InstanceResult(theorem: quadraticId, reading: slopeReading, instance: sweepLabel, subInstances: [[enough, con]], notes: [note]), fit)
    }

    /// C* from the smallest width; checks ‖r_{t+1}‖ ≤ (C*/√M)‖r_t‖² at the larger widths.
    public static func fittedResults(_ runs: [Run]) -> (results: [InstanceResult], cStar: Double?) {
        guard let smallest = runs.map(\.width).min() else { return ([], nil) }
        let cStar = runs.filter { $0.width == smallest }.flatMap { $0.cHat.map(\.value) }.max()
        guard let cStar else {
            return (runs.filter { $0.width != smallest }.map {
                .failure(theorem: quadraticId, reading: fittedReading, instance: $0.label, reason: "no usable step at the smallest width \(smallest) to fit C")
            }, nil)
        }
        let results: [InstanceResult] = runs.filter { $0.width != smallest }.map { r in
            if let f = r.failure, r.lambda.isEmpty { return .failure(theorem: quadraticId, reading: fittedReading, instance: r.label, reason: f) }
            let sq = Double(r.width).squareRoot()
            let subs: [[Check]] = r.cHat.map { t, _ in
                let l = r.lambda[t]
                let hyp = Check("λ_min(G_t) > 0 (certified)", .hypothesis, step: t, lhs: 0, rhs: l.computed, errorBound: l.totalError)
                let rhs = cStar / sq * r.residual[t] * r.residual[t]
                let err = r.residualError[t + 1] + cStar / sq * (2 * r.residual[t] * r.residualError[t] + r.residualError[t] * r.residualError[t])
                return [hyp, Check("‖f_{t+1} − y‖ ≤ (C*/√M)‖f_t − y‖²", .conclusion, step: t, lhs: r.residual[t + 1], rhs: rhs, errorBound: err)]
            }
            let dropped = max(0, r.residual.count - 1 - subs.count)
            var notes = ["C* = \(fmt(cStar)) (fitted at M = \(smallest))"]
            if dropped > 0 { notes.append("\(dropped) steps at the rounding floor of ‖f − y‖ not evaluated") }
            return InstanceResult(theorem: quadraticId, reading: fittedReading, instance: r.label, subInstances: subs, notes: notes)
        }
        return (results, cStar)
    }

    public static func miniBatchResults(_ run: MiniBatchRun) -> [InstanceResult] {
        if let f = run.failure, run.batchLambda.isEmpty {
            return [epochReading, stepReading, batchReading].map { .failure(theorem: miniBatchId, reading: $0, instance: run.label, reason: f) }
        }
        func hyp(_ k: Int) -> Check {
            let l = run.batchLambda[k]
            return Check("λ_min(G_B) > 0 (certified)", .hypothesis, step: k, lhs: 0, rhs: l.computed, errorBound: l.totalError)
        }
        let steps = run.batchLambda.count
        let perStep: [[Check]] = (0..<steps).compactMap { k in
            guard k + 1 < run.loss.count else { return nil }
            return [hyp(k), Check("L(w_{k+1}) ≤ L(w_k) (full loss)", .conclusion, step: k, lhs: run.loss[k + 1], rhs: run.loss[k],
                                  errorBound: run.lossError[k + 1] + run.lossError[k])]
        }
        let perBatch: [[Check]] = (0..<steps).map { k in
            [hyp(k), Check("L_B(w_{k+1}) ≤ L_B(w_k) (batch loss)", .conclusion, step: k, lhs: run.batchAfter[k], rhs: run.batchBefore[k], errorBound: run.batchError[k])]
        }
        let s = max(1, run.stepsPerEpoch)
        let epochs = (run.loss.count - 1) / s
        let perEpoch: [[Check]] = (0..<epochs).map { e in
            let a = e * s, b = (e + 1) * s
            return (a..<b).map(hyp) + [Check("L(end of epoch \(e)) ≤ L(start)", .conclusion, step: e, lhs: run.loss[b], rhs: run.loss[a],
                                              errorBound: run.lossError[a] + run.lossError[b])]
        }
        let notes = run.failure.map { ["run stopped: \($0)"] } ?? []
        return [
            InstanceResult(theorem: miniBatchId, reading: epochReading, instance: run.label, subInstances: perEpoch, notes: notes),
            InstanceResult(theorem: miniBatchId, reading: stepReading, instance: run.label, subInstances: perStep, notes: notes),
            InstanceResult(theorem: miniBatchId, reading: batchReading, instance: run.label, subInstances: perBatch, notes: notes),
        ]
    }

    static func fmt(_ x: Double) -> String { String(format: "%.3g", x) }

    // MARK: - Study

    public static func run(_ suite: SuiteSpec, progress: ((String) -> Void)?) -> StudyResult {
        BLASThreads.setReproducible()
        let plan = plan(suite)
        var results: [InstanceResult] = []
        var headlines: [HeadlineClaim] = []
        var figures: [StudyFigure] = []
        var tables: [String] = []
        let wantFull = suite.includes(invertibilityId) || suite.includes(quadraticId)

        var runs: [Run] = []
        if wantFull {
            for seed in plan.seeds {
                for n in plan.widths {
                    progress?("full-batch GGN, seed \(seed), M = \(n)")
                    runs.append(fullBatchRun(spec(suite, plan: plan, seed: seed, width: n), steps: plan.steps))
                }
            }
        }

        // (a) invertibility
        if suite.includes(invertibilityId) && !runs.isEmpty {
            let inv = runs.map(invertibilityResult)
            results += inv
            let all = runs.flatMap(\.lambda)
            let certified = all.filter(\.certified).count
            let minLower = all.map(\.lower).min() ?? .nan
            let minComputed = all.map(\.computed).min() ?? .nan
            let failures = runs.filter { $0.failure != nil }.count
            let verdict: HeadlineClaim.Verdict = inv.contains { $0.outcome == .counterexample } ? .notConfirmed
                : (certified == all.count && failures == 0 && !all.isEmpty ? .confirmed : .inconclusive)
            headlines.append(HeadlineClaim(
                claim: "002: the Gram matrix G_t = J_tJ_tᵀ of full-batch GGN is invertible at every iteration (wide two-layer net)",
                measured: "certified λ_min(G_t) > 0 at \(certified) of \(all.count) steps (\(runs.count) runs, M = \(plan.widths.map(String.init).joined(separator: ", ")), m = \(plan.m)); smallest λ̂_min \(fmt(minComputed)), smallest certified lower bound \(fmt(minLower))" + (failures > 0 ? "; \(failures) runs broke down" : ""),
                verdict: verdict))
        }

        // (b) quadratic convergence
        if suite.includes(quadraticId) && !runs.isEmpty {
            var sweepLabel = runs[0].label
            sweepLabel.width = 0
            let (slope, f) = slopeResult(runs, sweepLabel: sweepLabel)
            let (fitted, cStar) = fittedResults(runs)
            results.append(slope)
            results += fitted
            results += runs.map(taylorResult)
            let fittedBad = fitted.contains { $0.outcome == .counterexample }
            let fittedOK = !fitted.isEmpty && fitted.allSatisfy { $0.outcome == .holds }
            let held = fitted.reduce(0) { $0 + ($1.counts[.holds] ?? 0) }
            let evaluated = fitted.reduce(0) { $0 + $1.counts.total }
            var verdict: HeadlineClaim.Verdict = .inconclusive
            var measured = "no fit (fewer than two widths with a usable step)"
            if let f {
                let slopeNot = f.lower > 0
                let slopeOK = f.slope <= 0
                verdict = (slopeNot || fittedBad) ? .notConfirmed : (slopeOK && fittedOK ? .confirmed : .inconclusive)
                measured = "\(suite.studyScale.rawValue) scale, m = \(plan.m), M = \(plan.widths.map(String.init).joined(separator: ", ")), seeds \(plan.seeds.map(String.init).joined(separator: ", ")): fitted slope of log max_t Ĉ_t on log M: \(fmt(f.slope)) (95% interval [\(fmt(f.lower)), \(fmt(f.upper))], \(f.points) points)"
                    + "; C* = \(cStar.map(fmt) ?? "—") fitted at M = \(plan.widths.min() ?? 0): the bound held at \(held) of \(evaluated) steps at larger widths"
            }
            headlines.append(HeadlineClaim(
                claim: "002: ‖f(w_{t+1}) − y‖ ≤ (C/√M)‖f(w_t) − y‖² with C independent of the width M",
                measured: measured, verdict: verdict))

            // Figure: max_t Ĉ_t against M with the fitted line.
            let pts = sweepPoints(runs)
            var series: [StudySeries] = plan.seeds.map { seed in
                let p = pts.filter { $0.seed == seed }
                return StudySeries(label: "max_t Ĉ_t, seed \(seed)", x: p.map { Double($0.width) }, y: p.map(\.cMax), markers: true)
            }
            if let f {
                let xs = plan.widths.map(Double.init)
                series.append(StudySeries(label: "fit: slope \(fmt(f.slope)) ± \(fmt(f.halfWidth))", x: xs, y: xs.map { exp(f.intercept + f.slope * log($0)) }, dashed: true))
            }
            figures.append(StudyFigure(name: "chat", title: "GGN: max_t Ĉ_t against the width M", xLabel: "M (hidden units)", yLabel: "max_t √M‖f_{t+1}−y‖/‖f_t−y‖²",
                                       logX: true, logY: true, series: series,
                                       caption: "Ĉ_t over the steps above the rounding floor; dashed: least-squares line in log-log coordinates. C independent of M means slope ≤ 0."))
            var t = "| M | seed | steps used | max_t Ĉ_t | at t | ‖f_0 − y‖ | min_t λ̂_min(G_t) | min_t certified bound | final ‖f − y‖ |\n|---|---|---|---|---|---|---|---|---|\n"
            for r in runs {
                let best = r.cHat.max { $0.value < $1.value }
                t += "| \(r.width) | \(r.seed) | \(r.cHat.count) | \(best.map { fmt($0.value) } ?? "—") | \(best.map { String($0.t) } ?? "—") | \(r.residual.first.map(fmt) ?? "—") | \(r.lambda.map(\.computed).min().map(fmt) ?? "—") | \(r.lambda.map(\.lower).min().map(fmt) ?? "—") | \(r.residual.last.map(fmt) ?? "—") |\n"
            }
            tables.append(t)
        }

        if wantFull && !runs.isEmpty {
            let seed0 = plan.seeds[0]
            let rs = runs.filter { $0.seed == seed0 }
            var series = rs.map { r in
                StudySeries(label: "λ̂_min(G_t), M = \(r.width)", x: r.lambda.indices.map(Double.init), y: r.lambda.map(\.computed), markers: true)
            }
            if let big = rs.last {
                let pos = big.lambda.enumerated().filter { $0.element.lower > 0 }
                series.append(StudySeries(label: "certified lower bound, M = \(big.width)", x: pos.map { Double($0.offset) }, y: pos.map(\.element.lower), dashed: true))
            }
            figures.append(StudyFigure(name: "lambda-min", title: "GGN: λ_min(G_t) along the full-batch run (seed \(seed0))", xLabel: "t", yLabel: "λ_min(J_tJ_tᵀ)",
                                       logY: true, series: series, caption: "Solid: computed smallest eigenvalue; dashed: λ̂_min minus its rounding bound (Proofs/GramGaussNewton.md §3)."))
        }

        // (c) mini-batch
        var lossSeries: [StudySeries] = []
        if let r = runs.first(where: { $0.seed == plan.seeds[0] && $0.width == plan.widths.max() }) {
            let l = r.residual.map { $0 * $0 / (2 * Double(plan.m)) }
            let keep = l.enumerated().filter { $0.element > 0 }
            lossSeries.append(StudySeries(label: "full-batch GGN, M = \(r.width)", x: keep.map { Double($0.offset) }, y: keep.map(\.element), markers: true))
        }
        if suite.includes(miniBatchId) {
            var mruns: [MiniBatchRun] = []
            for seed in plan.seeds {
                progress?("mini-batch GGN, seed \(seed), M = \(plan.miniWidth)")
                let mr = miniBatchRun(spec(suite, plan: plan, seed: seed, width: plan.miniWidth), batchSize: plan.batchSize, epochs: plan.epochs)
                mruns.append(mr)
                results += miniBatchResults(mr)
            }
            let mres = results.filter { $0.theorem == miniBatchId }
            func count(_ reading: ReadingID) -> (bad: Int, total: Int, outcome: [Outcome]) {
                let rr = mres.filter { $0.reading == reading }
                return (rr.reduce(0) { $0 + ($1.counts[.counterexample] ?? 0) }, rr.reduce(0) { $0 + $1.counts.total }, rr.map(\.outcome))
            }
            let ep = count(epochReading), st = count(stepReading), ba = count(batchReading)
            let ratios = mruns.compactMap { r -> String? in
                guard let a = r.loss.first, let b = r.loss.last else { return nil }
                return "seed \(r.seed): \(fmt(a)) → \(fmt(b))"
            }
            let verdict: HeadlineClaim.Verdict = ep.outcome.contains(.counterexample) ? .notConfirmed
                : (ep.outcome.contains(.numericalFailure) || ep.outcome.contains(.inconclusive) || ep.outcome.isEmpty ? .inconclusive : .confirmed)
            headlines.append(HeadlineClaim(
                claim: "002 (abstract; slides: 'compute the Gram matrix of each batch'): mini-batch GGN converges, its training loss goes down",
                measured: "M = \(plan.miniWidth), m = \(plan.m), batch \(plan.batchSize), step 1, \(plan.epochs) epochs; full loss \(ratios.joined(separator: ", ")); loss rose in \(ep.bad) of \(ep.total) epochs, \(st.bad) of \(st.total) batch steps (full loss), \(ba.bad) of \(ba.total) batch steps (batch loss)",
                verdict: verdict))
            if let r = mruns.first {
                let s = Double(max(1, r.stepsPerEpoch))
                let keep = r.loss.enumerated().filter { $0.element > 0 }
                lossSeries.append(StudySeries(label: "mini-batch GGN (batch \(plan.batchSize)), M = \(plan.miniWidth), per epoch", x: keep.map { Double($0.offset) / s }, y: keep.map(\.element), dashed: true))
            }
        }
        if !lossSeries.isEmpty {
            figures.append(StudyFigure(name: "loss", title: "GGN: training loss ‖f − y‖²/(2m)", xLabel: "iteration (full batch) / epoch (mini-batch)", yLabel: "loss",
                                       logY: true, series: lossSeries,
                                       caption: "Full-batch GGN per iteration and mini-batch GGN per epoch (one point per batch step), seed \(plan.seeds[0]); the floor is rounding."))
        }
        return StudyResult(id: id, title: title, sources: [source], proofs: proofs, infos: infos, results: results,
                           headlines: headlines, tables: tables, figures: figures)
    }
}
