import Foundation
import Statistics
import LinearAlgebra
import Optimizers
import Problems
import Trajectories
import TwoLayerNetwork

/// The runs of the momentum study (§3, §4): per seed, the heavy-ball, NAG and gradient flows
/// (RK4, with reference runs at half the step) and their discrete methods, each one run of the
/// trajectory engine; and what the four
/// theorems share in reading them (the running NTK hypothesis, the exponent fit, times to ε).
extension MomentumDynamicsStudy {
    /// What the study measured: one measurement per seed that could be sampled.
    public struct Evidence: Sendable {
        public var scale: StudyScale
        public var measured: [Measurement] = []
        /// The seeds whose problem could not be measured, and why.
        public var failed: [Failure] = []
        /// The NTK width sweep (`full` scale only; NTKWidthSweep.swift) and its widths that failed.
        public var sweep: [SweepPoint] = []
        public var sweepFailed: [Failure] = []
    }

    public struct Failure: Sendable {
        public var label: InstanceLabel
        public var reason: String
    }

    /// Everything measured on one sampled problem; the study's checks and figures read it.
    public struct Measurement: Sendable {
        public var label: InstanceLabel
        public var lambda0: Double
        public var lambda0Error: Double
        public var lambdaMax: Double
        public var pseudoLoss0: Double
        public var loss0: Double
        public var h: Double
        public var horizon: Double
        public var hbFlow: Trajectory
        public var hbFlowRef: Trajectory
        public var hbDiscrete: Trajectory
        public var nagFlow: Trajectory
        public var nagFlowRef: Trajectory
        public var nagDiscrete: Trajectory
        public var gdFlow: Trajectory
        public var gdDiscrete: Trajectory
        public var gdHorizon: Double

        /// The heavy-ball bound (4/λ_0)e^{−√(λ_0/2)t}L̂(0).
        public func hbBound(_ t: Double) -> Double { 4 / lambda0 * exp(-(lambda0 / 2).squareRoot() * t) * pseudoLoss0 }
        /// The GD bound e^{−λ_0 t}L(0) (derived, §7).
        public func gdBound(_ t: Double) -> Double { exp(-lambda0 * t) * loss0 }
    }

    /// Measures every seed of `s`.
    public static func measure(_ suite: SuiteSpec, setup s: Setup, progress: ((String) -> Void)?) -> Evidence {
        var e = Evidence(scale: suite.studyScale)
        for seed in s.seeds {
            progress?("seed \(seed)")
            let lab = instanceLabel(s, seed: seed, steps: 0, scale: suite.studyScale)
            do {
                e.measured.append(try measure(s, seed: seed, scale: suite.studyScale))
            } catch {
                e.failed.append(Failure(label: lab, reason: "\(error)"))
            }
        }
        if suite.includes(NTKStability.id) { measureSweep(suite.studyScale, seeds: s.seeds, into: &e, progress: progress) }
        return e
    }

    public static func problem(_ s: Setup, seed: UInt64) throws -> Problem {
        var spec = ProblemSpec()
        spec.trainCount = s.m
        spec.testCount = 0
        spec.inputDimension = s.n0
        spec.width = s.width
        spec.activation = s.activation
        spec.seed = seed
        let pr = try Problem.make(spec)
        guard s.signOutputLayer else { return pr }
        // 004 follows Du et al. 2018: output weights uniform on {−1, +1}, so f(0) = O(1). The
        // project's v_0 ~ U(0,1) has mean ½ and makes f(0) = O(√n) (§2); sign(v_0 − ½) turns those
        // iid uniforms into iid signs independent of U_0.
        var th = pr.theta0
        for i in 0..<s.width { th[pr.network.indexV(i)] = th[pr.network.indexV(i)] < 0.5 ? -1 : 1 }
        return Problem(spec: pr.spec, network: pr.network, trainInputs: pr.trainInputs, trainTargets: pr.trainTargets,
                       testInputs: pr.testInputs, testTargets: pr.testTargets, theta0: th)
    }

    static func instanceLabel(_ s: Setup, seed: UInt64, steps: Int, scale: StudyScale) -> InstanceLabel {
        InstanceLabel(problem: "teacher-student", seed: seed, m: s.m, width: s.width, tau: 0, mu: 0, steps: steps,
                      activation: s.activation.rawValue,
                      // The gate keys instances by these arguments: they must tell the seeds apart.
                      arguments: ["--study", id, "--scale", scale.rawValue, "--seed", "\(seed)", "--m", "\(s.m)", "--n", "\(s.width)"])
    }

    /// Runs the six trajectories of one problem (§3, §4).
    public static func measure(_ s: Setup, seed: UInt64, scale: StudyScale) throws -> Measurement {
        let pr = try problem(s, seed: seed)
        let net = pr.network, x = pr.trainInputs, y = pr.trainTargets, th = pr.theta0
        let (f0, j0) = net.outputsAndJacobian(theta: th, inputs: x)
        let spec0 = try Momentum.ntkSpectrum(j0)
        let r0 = Vector.sub(f0, y)
        let g0 = Matrix.multiply(j0, transpose: true, r0)
        let lambda0 = spec0.lambdaMin
        guard lambda0 > spec0.errorBound else {
            throw StepError("λ_min(H(0)) = \(lambda0) is not estimated positive (error bound \(spec0.errorBound))")
        }
        let h = s.stepFraction / spec0.lambdaMax.squareRoot()
        let rate = (lambda0 / 2).squareRoot()
        // An even step count so the h-run and the 2h-run share grid points.
        var steps = Int((s.decayExponent / rate / h).rounded(.up))
        steps = min(s.maxSteps, steps + steps % 2)
        let horizon = Double(steps) * h
        let a = (2 * lambda0).squareRoot()
        // The checked flow uses step 2h; the run at h is its reference for the discretization estimate (§4).
        let hbFlow = trajectory(MomentumFlow(.constant(a), h: 2 * h), pr, steps: steps / 2)
        let hbFlowRef = trajectory(MomentumFlow(.constant(a), h: h), pr, steps: steps, every: 2, spectrum: false)
        let hbDiscrete = trajectory(HeavyBall(h: h, damping: a), pr, steps: steps)
        let nagFlow = trajectory(MomentumFlow(.vanishing(gamma: gamma), h: 2 * h), pr, steps: steps / 2)
        let nagFlowRef = trajectory(MomentumFlow(.vanishing(gamma: gamma), h: h), pr, steps: steps, every: 2, spectrum: false)
        let nagDiscrete = trajectory(Nesterov(h: h, gamma: gamma), pr, steps: steps)
        // Gradient flow: as long as the HB horizon, or longer if ε is reached later (capped).
        let gdSteps = min(2 * s.maxSteps, max(steps, Int((log(1 / epsilons.min()!) / lambda0 / h).rounded(.up))))
        // Step 4h: the gradient flow is only timed (to ε, resolution 4h); 4h·λ_max = 4·stepFraction·√λ_max
        // stays inside RK4's real stability interval (< 2.78) while λ_max < 30 at stepFraction 0.125.
        let gdFlow = trajectory(MomentumFlow(.gradientFlow, h: 4 * h), pr, steps: gdSteps / 4)
        // GD at the same η = h² as heavy ball: iterations cover the same number of HB iterations ×
        // a factor so that GD's time kη reaches the gradient-flow horizon when affordable.
        let gdIter = min(2 * s.maxSteps, max(steps, Int((Double(gdSteps) * h / (h * h)).rounded(.up))))
        let gdDiscrete = trajectory(GradientDescent(stepSize: h * h, gradientOf: .halfSum, timeStep: h * h), pr, steps: gdIter,
                                    every: max(1, gdIter / 400))
        return Measurement(label: instanceLabel(s, seed: seed, steps: steps, scale: scale), lambda0: lambda0, lambda0Error: spec0.errorBound,
                           lambdaMax: spec0.lambdaMax, pseudoLoss0: 0.5 * Vector.dot(g0, g0), loss0: 0.5 * Vector.dot(r0, r0), h: h,
                           horizon: horizon, hbFlow: hbFlow, hbFlowRef: hbFlowRef, hbDiscrete: hbDiscrete, nagFlow: nagFlow,
                           nagFlowRef: nagFlowRef, nagDiscrete: nagDiscrete, gdFlow: gdFlow, gdDiscrete: gdDiscrete,
                           gdHorizon: Double(gdSteps / 4) * 4 * h)
    }

    /// One run of 004 on ½‖f − y‖² through the trajectory engine, recording every `every`-th
    /// iterate (and the last). The record observer adds what the checks read: L̂ = ½‖JᵀΔ‖², the
    /// loss's rounding bound, Δ = f − y, and (when `spectrum`) the NTK spectrum of H = JJᵀ (§5).
    static func trajectory(_ method: some Optimizer, _ pr: Problem, steps: Int, every: Int = 1, spectrum: Bool = true) -> Trajectory {
        let objective = Objective(unregularized: pr, scaling: .halfSum, formsGradient: true)
        let yNorm2 = Vector.dot(pr.trainTargets, pr.trainTargets)
        let observers = TrajectoryObservers(record: { rec, ev in
            let g = ev.dataGradient
            rec.pseudoLoss = 0.5 * Vector.dot(g, g)
            guard rec.pseudoLoss!.isFinite else { throw StepError("non-finite pseudo-loss at iteration \(rec.step)") }
            rec.lossError = lossError(pr.network, m: ev.sampleCount, loss: rec.loss, outputNorm2: Vector.dot(ev.outputs, ev.outputs), yNorm2: yNorm2)
            rec.residual = ev.residual
            if spectrum { rec.gram = try Momentum.ntkSpectrum(ev.jacobian) }
        })
        let engine = TrajectoryEngine(objective: objective, optimizer: method, rules: RunRules(steps: steps, recordEvery: every, divergence: .none))
        return engine.run(observers: observers)
    }

    /// Rounding bound of L = ½‖Δ‖²: f costs O(n·n0) operations per output, Δ a cancellation against y,
    /// the sum m terms (Proofs/Numerics.md §3 "Losses", same heuristic constant 8).
    static func lossError(_ net: TwoLayerNetwork, m: Int, loss: Double, outputNorm2: Double, yNorm2: Double) -> Double {
        8 * Double(net.width * (net.inputDimension + 1) + m) * Double.ulpOfOne * (loss + outputNorm2 + yNorm2)
    }

    // MARK: - What the theorems share

    /// One result of one run: a numerical failure when the run broke down.
    static func result(_ theorem: TheoremID, _ reading: ReadingID, _ me: Measurement, _ run: Trajectory, _ subs: [[Check]],
                       tightness: Double? = nil, notes: [String] = []) -> InstanceResult {
        if let f = run.failure {
            return .failure(theorem: theorem, reading: reading, instance: me.label, reason: f)
        }
        return InstanceResult(theorem: theorem, reading: reading, instance: me.label, subInstances: subs, tightness: tightness, notes: notes)
    }

    /// A theorem's failures at the seeds that could not be measured.
    static func failures(_ theorem: TheoremID, _ e: Evidence) -> [InstanceResult] {
        e.failed.map { .failure(theorem: theorem, reading: .all, instance: $0.label, reason: $0.reason) }
    }

    /// λ_0 of every measured seed, for the headlines.
    static func lambda0List(_ ms: [Measurement]) -> String { ms.map { MomentumFormat.g($0.lambda0) }.joined(separator: ", ") }

    static func verdictOf(_ rs: [InstanceResult], _ theorem: TheoremID, readings: [ReadingID]? = nil) -> HeadlineClaim.Verdict {
        let sel = rs.filter { $0.theorem == theorem && (readings == nil || readings!.contains($0.reading)) }
        if sel.isEmpty || sel.contains(where: { $0.outcome == .numericalFailure || $0.outcome == .inconclusive }) { return .inconclusive }
        if sel.contains(where: { $0.outcome == .counterexample }) { return .notConfirmed }
        if sel.allSatisfy({ $0.outcome == .vacuous }) { return .inconclusive }
        return .confirmed
    }

    /// The running-minimum hypothesis λ_min(H(s)) ≥ λ_0/2 for recorded s ≤ t_k, for every k
    /// (the worst record so far is the one with the smallest estimated λ_min − δ).
    static func runningHypotheses(_ run: Trajectory, _ me: Measurement) -> [Check] {
        var worst = Double.infinity, err = 0.0
        return run.records.enumerated().map { k, r in
            if let s = r.gram, s.lambdaMin - s.errorBound < worst - err { worst = s.lambdaMin; err = s.errorBound }
            return Check("min_{s≤t} λ_min(H(s)) ≥ λ_0/2", .hypothesis, step: k, lhs: me.lambda0 / 2, rhs: worst, errorBound: err + me.lambda0Error / 2)
        }
    }

    /// The hypothesis over the whole run.
    static func runningHypothesis(_ run: Trajectory, _ me: Measurement) -> [Check] {
        runningHypotheses(run, me).last.map { [$0] } ?? []
    }

    /// Least-squares slope of log y on log t over t ∈ [lo, hi], y the upper envelope
    /// E(t) = max_{s≥t} L(s) (the loss oscillates under vanishing damping; §6). Returns −slope.
    public static func fitExponent(times: [Double], values: [Double], from lo: Double, to hi: Double) -> Double? {
        var xs: [Double] = [], ys: [Double] = []
        for (t, v) in zip(times, upperEnvelope(values)) where t >= lo && t <= hi && t > 0 && v > 0 && v.isFinite {
            xs.append(log(t)); ys.append(log(v))
        }
        guard xs.count >= 3 else { return nil }
        let b = LineFit.slope(x: xs, y: ys)
        return b.isNaN ? nil : -b
    }

    /// Exponents on [T/4, T], [T/4, T/2] and [T/2, T]: the spread is the fit's interval.
    public static func exponents(_ run: Trajectory, horizon: Double) -> [Double] {
        let t = run.records.map(\.time), l = run.records.map(\.loss)
        return [(0.25, 1.0), (0.25, 0.5), (0.5, 1.0)].compactMap { fitExponent(times: t, values: l, from: $0.0 * horizon, to: $0.1 * horizon) }
    }

    /// The exponent fitted on [T/2, T]: the estimate of the asymptotic exponent.
    public static func lateExponent(_ run: Trajectory, horizon: Double) -> Double? {
        fitExponent(times: run.records.map(\.time), values: run.records.map(\.loss), from: 0.5 * horizon, to: horizon)
    }

    /// First recorded time at which L ≤ ε, nil if never.
    public static func timeTo(_ eps: Double, _ run: Trajectory) -> Double? { run.records.first { $0.loss <= eps }?.time }
}

/// Three significant digits, deterministic.
enum MomentumFormat {
    static func g(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        return String(format: "%.3g", x)
    }
}
