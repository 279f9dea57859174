import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Regularizers
import Trajectories

/// The runs of the Gram-Gauss-Newton study (Proofs/GramGaussNewton.md §3–§6): the full-batch
/// width sweep and the mini-batch runs, each recording what its theorems read.
extension GramGaussNewtonStudy {
    /// What the study measured at one suite.
    public struct Evidence: Sendable {
        public var plan: Plan
        public var scale: StudyScale
        /// Full-batch runs, seed by seed and width by width (empty unless item 1 or 2 is selected).
        public var runs: [Run] = []
        /// One mini-batch run per seed (nil unless the mini-batch theorem is selected).
        public var miniBatchRuns: [MiniBatchRun]?
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

    /// One full-batch GGN run: per step t, ‖f_t − y‖ with its rounding bound and the estimated λ_min(G_t).
    public struct Run: Sendable {
        public var seed: UInt64
        public var width: Int
        public var label: InstanceLabel
        public var residual: [Double] = []
        public var residualError: [Double] = []
        public var lambda: [GramSpectrum] = []
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

    /// The full-batch run through the trajectory engine (θ − J_tᵀ(J_tJ_tᵀ)⁻¹(f_t − y), α ≡ 1); its
    /// observers record the residual with its rounding bound at each iterate, and λ_min(G_t), ‖d_t‖
    /// and the linearized residual at each step. From `streamedWidth` hidden units on (or when
    /// `streamed`), J is never formed: `StreamedGramGaussNewton`, and the step's quantities from the
    /// structured Gram and the streamed J_td_t (`streamedStepQuantities`; Proofs §3.1).
    public static func fullBatchRun(_ spec: ProblemSpec, steps: Int, streamed: Bool? = nil) -> Run {
        var run = Run(seed: spec.seed, width: spec.width, label: label(spec, steps: steps))
        let problem: Problem
        do { problem = try Problem.make(spec) } catch { run.failure = "\(error)"; return run }
        let net = problem.network
        let stream = streamed ?? (spec.width >= streamedWidth)
        run.kappa = net.kappa
        run.parameterCount = net.parameterCount
        run.smoothActivation = net.activation != .relu
        run.inputNormMax = (0..<problem.sampleCount).map { j in
            Vector.norm2((0..<net.inputDimension).map { problem.trainInputs[j, $0] })
        }.max() ?? 0
        let observers = TrajectoryObservers(record: { _, ev in
            run.vMax.append((0..<net.width).map { abs(ev.theta[net.indexV($0)]) }.max() ?? 0)
            let r = Vector.norm2(ev.residual)
            guard r.isFinite else { throw StepError("‖f − y‖ is not finite") }
            run.residual.append(r)
            run.residualError.append(GramGaussNewtonMath.residualErrorBound(problem: problem, theta: ev.theta))
        }, step: { _, ev, step in
            let q = stream ? try streamedStepQuantities(problem, ev, step) : try denseStepQuantities(problem, ev, step)
            run.lambda.append(q.lambda)
            run.stepNorm.append(q.stepNorm)
            run.linearResidual.append(q.linearResidual)
            run.linearResidualError.append(q.linearResidualError)
        })
        let rule = StepRule(.fixed(1))
        let optimizer: any Optimizer = stream ? StreamedGramGaussNewton(rule: rule) : GramGaussNewton(rule: rule)
        let engine = TrajectoryEngine(objective: Objective(unregularized: problem), optimizer: optimizer,
                                      rules: RunRules(steps: steps, divergence: .none))
        run.failure = engine.run(observers: observers).failure
        return run
    }

    /// What the step observer records at step t.
    struct StepQuantities {
        var lambda: GramSpectrum
        var stepNorm: Double
        var linearResidual: Double
        var linearResidualError: Double
    }

    /// From J_t itself: λ_min by `dsyrk` + `dsyevd`, J_td_t by `dgemv`.
    static func denseStepQuantities(_ problem: Problem, _ ev: PointEvaluation, _ step: Step) throws -> StepQuantities {
        let jErr = GramGaussNewtonMath.jacobianErrorBound(problem: problem, theta: ev.theta, jacobianFrobenius: ev.jacobian.frobeniusNorm)
        let lambda = try Spectral.gramSpectrum(ev.jacobian, inputErrorF: jErr)
        let d = step.direction
        let p = problem.network.parameterCount
        return StepQuantities(lambda: lambda, stepNorm: Vector.norm2(d),
                              linearResidual: Vector.norm2(Vector.sub(ev.residual, Matrix.multiply(ev.jacobian, d))),
                              linearResidualError: Rounding.gamma(p + 2) * ev.jacobian.frobeniusNorm * Vector.norm2(d)
                                  + Rounding.unitRoundoff * Vector.norm2(ev.residual))
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
        public var batchLambda: [GramSpectrum] = []
        public var stepsPerEpoch: Int = 0
        public var failure: String?
    }

    static func halfMeanSquare(_ r: [Double]) -> Double { let n = Vector.norm2(r); return n * n / (2 * Double(r.count)) }

    /// Loss bound from ‖r‖ and its rounding bound δ: |Δ(‖r‖²/2m)| ≤ (2‖r‖δ + δ²)/2m + 2ku·L.
    static func lossError(norm r: Double, error d: Double, count: Int) -> Double {
        (2 * r * d + d * d) / (2 * Double(count)) + Rounding.gamma(count + 2) * r * r / (2 * Double(count))
    }

    /// The mini-batch run through the trajectory engine: `epochs` passes of `batchSize`-row
    /// batches; the full training loss at each iterate, and at each step the batch losses before
    /// and after it, their bound and the batch's estimated λ_min.
    public static func miniBatchRun(_ spec: ProblemSpec, batchSize: Int, epochs: Int) -> MiniBatchRun {
        var run = MiniBatchRun(seed: spec.seed, label: label(spec, steps: epochs))
        let problem: Problem
        do { problem = try Problem.make(spec) } catch { run.failure = "\(error)"; return run }
        let objective = Objective(unregularized: problem)
        let method = MiniBatchGramGaussNewton(sampleCount: problem.sampleCount, batchSize: batchSize, seed: spec.seed)
        run.stepsPerEpoch = epochs > 0 ? method.batchesPerEpoch : 0
        let observers = TrajectoryObservers(record: { _, ev in
            let theta = ev.theta
            let r = Vector.sub(problem.network.outputs(theta: theta, inputs: problem.trainInputs), problem.trainTargets)
            let n = Vector.norm2(r)
            run.loss.append(halfMeanSquare(r))
            run.lossError.append(lossError(norm: n, error: GramGaussNewtonMath.residualErrorBound(problem: problem, theta: theta), count: r.count))
            guard run.loss.last!.isFinite else { throw StepError("the loss is not finite after step \(run.batchAfter.count)") }
        }, step: { _, ev, step in
            let rows = ev.rows ?? []
            let jErr = GramGaussNewtonMath.jacobianErrorBound(problem: problem, theta: ev.theta, jacobianFrobenius: ev.jacobian.frobeniusNorm)
            run.batchLambda.append(try Spectral.gramSpectrum(ev.jacobian, inputErrorF: jErr))
            let fullErr = GramGaussNewtonMath.residualErrorBound(problem: problem, theta: ev.theta)
            let before = Vector.norm2(ev.residual)
            let after = objective.evaluate(step.next, rows: rows).residual
            run.batchBefore.append(halfMeanSquare(ev.residual))
            run.batchAfter.append(halfMeanSquare(after))
            run.batchError.append(lossError(norm: before, error: fullErr, count: rows.count)
                                  + lossError(norm: Vector.norm2(after), error: GramGaussNewtonMath.residualErrorBound(problem: problem, theta: step.next), count: rows.count))
        })
        let engine = TrajectoryEngine(objective: objective, optimizer: method,
                                      rules: RunRules(steps: epochs * method.batchesPerEpoch, divergence: .none))
        run.failure = engine.run(observers: observers).failure
        return run
    }
}
