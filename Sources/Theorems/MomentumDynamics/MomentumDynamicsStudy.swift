import Foundation
import LinearAlgebra
import Optimizers
import Problems
import TwoLayerNetwork

/// Bu, Xu, Chen (004), "A Dynamical View on Optimization Algorithms of Overparameterized Neural
/// Networks": on a wide two-layer network under L = ½‖f − y‖², the NTK H(t) = JJᵀ stays positive
/// definite (λ_min(H(t)) ≥ λ_0/2), the heavy-ball flow ẅ + √(2λ_0)ẇ + ∇L = 0 gives
/// L(t) ≤ (4/λ_0)e^{−√(λ_0/2)t}L̂(0), the NAG flow ẅ + (γ/t)ẇ + ∇L = 0 gives L(t) ≤ A t^{−α}L(0) with
/// 4 < α ≤ 2γ/3, and heavy ball is faster than GD. Readings, derivations and error bounds:
/// Proofs/MomentumDynamics.md (sections cited as §n below).
public enum MomentumDynamicsStudy: LegacyStudy {
    public static let id = "momentum-dynamics"
    public static let title = "Momentum dynamics (004, Bu, Xu, Chen)"
    static let source = "004_05d24e1f00d70647.txt"
    static let proofs = "Proofs/MomentumDynamics.md"

    public static let ntkStabilityId: TheoremID = "momentum-ntk-stability"
    public static let heavyBallId: TheoremID = "heavy-ball-decay"
    public static let nesterovId: TheoremID = "nesterov-decay"
    public static let fasterId: TheoremID = "heavy-ball-faster-than-gd"

    /// NAG's γ: the theorem needs γ > 6 and 4 < α ≤ 2γ/3; γ = 9 allows α up to 6.
    public static let gamma = 9.0
    /// Loss level (relative to L(0)) for the iteration comparison and the table.
    public static let epsilonRelative = 1e-4
    /// Loss levels (relative to L(0)) of the continuous-time comparison, one sub-instance each.
    public static let epsilons = [1e-2, 1e-4, 1e-6]

    public static var infos: [TheoremInfo] { [ntkStabilityInfo, heavyBallInfo, nesterovInfo, fasterInfo] }

    static let ntkStabilityInfo = TheoremInfo(
        id: ntkStabilityId, title: "NTK stays positive definite: λ_min(H(t)) ≥ λ_0/2",
        source: "\(source), proofs of both theorems (\"we set the width m = Ω(…)\"); the lemma is Du et al. 2018's",
        statement: "On a two-layer FCNN with width m = Ω(n⁶/(δ³λ_0⁴)), with probability ≥ 1 − δ the NTK H(t) = (∂f/∂w)(∂f/∂w)ᵀ satisfies λ_min(H(t)) ≥ λ_0/2 along the trajectory.",
        proofs: proofs,
        readings: [ReadingInfo("heavy-ball flow", "along the RK4 trajectory of ẅ + √(2λ_0)ẇ + ∇L = 0, λ_0 = λ_min(H(0))"),
                   ReadingInfo("heavy-ball discrete", "along w_{k+1} = w_k − h²∇L + (1 − √(2λ_0)h)(w_k − w_{k−1})"),
                   ReadingInfo("nesterov flow", "along the RK4 trajectory of ẅ + (γ/t)ẇ + ∇L = 0, γ = 9"),
                   ReadingInfo("nesterov discrete", "along NAG with η = h², momentum (k−1)/(k+γ−1)"),
                   ReadingInfo("gradient flow", "along the RK4 trajectory of ẇ = −∇L"),
                   ReadingInfo("gd discrete", "along w_{k+1} = w_k − η∇L, η = h²")],
        hypotheses: ["the width is 'large enough' (the constant in Ω is not given: not checkable, §2)"],
        conclusions: ["λ_min(H(t)) ≥ λ_0/2 at every recorded time (error bound §5)"])

    static let heavyBallInfo = TheoremInfo(
        id: heavyBallId, title: "Heavy ball: L(t) ≤ (4/λ_0)·exp(−√(λ_0/2)·t)·L̂(0)",
        source: "\(source), \"Optimization with momentum: HBF\", Theorem (Informal)",
        statement: "On a two-layer FCNN with width m = Ω(n⁶/(δ³λ_0⁴)), optimized with Heavy Ball (flow ẅ + √(2λ_0)ẇ + ∂L/∂w = 0), with probability ≥ 1 − δ: L(t) ≤ (4/λ_0)exp(−√(λ_0/2)·t)L̂(0), L̂ = ½ΔᵀHΔ.",
        proofs: proofs,
        readings: [ReadingInfo("continuous", "the ODE integrated by RK4 with step 2h; the step-doubling estimate ‖Δ_{2h}‖E + ½E², E = 2‖Δ_{2h} − Δ_h‖, is added to the error bound (§4)"),
                   ReadingInfo("discrete", "the paper's HB iteration with η = h², β = 1 − √(2λ_0)h, read at t = kh (§3; the seed states no discrete theorem)")],
        hypotheses: ["λ_min(H(s)) ≥ λ_0/2 at every recorded s ≤ t (what the Lyapunov proof uses)", "ẇ(0) = 0 (our reading; §2)"],
        conclusions: ["L(t) ≤ (4/λ_0)·exp(−√(λ_0/2)·t)·L̂(0)"])

    static let nesterovInfo = TheoremInfo(
        id: nesterovId, title: "Nesterov: L(t) ≤ A·t^{−α}·L(0), 4 < α ≤ 2γ/3",
        source: "\(source), \"On optimization algorithms: NAG\", Theorem (Informal), eq. (1)",
        statement: "With width m = Ω(n^{5α/2−4}/(δ^{3α/2−3}λ_0^{3α/2−2})), 4 < α ≤ 2γ/3, γ > 6, optimized with NAG (flow ẅ + (γ/t)ẇ + ∂L/∂w = 0): L(t) ≤ A(α, γ, λ_0)t^{−α}L(0), A a constant.",
        proofs: proofs,
        readings: [ReadingInfo("continuous", "RK4 flow, γ = 9: the exponent fitted to the upper envelope of log L against log t on [T/2, T] (at steps 2h and h) is at least 2γ/3 = 6"),
                   ReadingInfo("discrete", "NAG with η = h², t = kh, the same fit")],
        hypotheses: ["λ_min(H(s)) ≥ λ_0/2 along the run", "γ > 6"],
        conclusions: ["decay exponent fitted on [T/2, T] α̂ ≥ 2γ/3 (A is not given, so only the asymptotic exponent is checkable; §6)"])

    static let fasterInfo = TheoremInfo(
        id: fasterId, title: "Heavy ball is faster than GD at the same width",
        source: "\(source), footnote 1: \"we can show √(λ_0/2) > λ_0, suggesting HB is faster than GD, at the same order of width\"",
        statement: "√(λ_0/2) > λ_0, suggesting HB is faster than GD at the same order of width.",
        proofs: proofs,
        readings: [ReadingInfo("rates", "the footnote's inequality √(λ_0/2) > λ_0 (true iff λ_0 < 1/2; §7)"),
                   ReadingInfo("continuous time to ε", "time for L to reach ε ∈ {1e-2, 1e-4, 1e-6}·L(0): heavy-ball flow ≤ gradient flow"),
                   ReadingInfo("iterations to ε at equal η", "iterations to ε: HB (η = h², β = 1 − √(2λ_0)h) ≤ GD (same η)")],
        hypotheses: ["λ_min(H(t)) ≥ λ_0/2 along both runs"],
        conclusions: ["HB reaches ε no later than GD"])

    // MARK: - Scales

    /// Problem size and integration budget of one scale.
    public struct Setup: Sendable {
        public var m: Int
        public var width: Int
        public var n0: Int
        public var seeds: [UInt64]
        /// RK4 step as a fraction of 1/√λ_max(H(0)).
        public var stepFraction: Double
        /// Heavy-ball horizon: the bound's exponent √(λ_0/2)·T.
        public var decayExponent: Double
        /// Cap on the integration steps of one run.
        public var maxSteps: Int
        public var activation: Activation
        /// Output weights v_0 ∈ {±1} (004 / Du et al.) instead of the project's U(0,1).
        public var signOutputLayer = true
    }

    public static func setup(_ scale: StudyScale) -> Setup {
        switch scale {
        case .quick: return Setup(m: 8, width: 256, n0: 5, seeds: [0], stepFraction: 0.125, decayExponent: 10, maxSteps: 600, activation: .relu)
        case .standard: return Setup(m: 16, width: 1024, n0: 5, seeds: [0, 1], stepFraction: 0.125, decayExponent: 12, maxSteps: 1600, activation: .relu)
        case .full: return Setup(m: 32, width: 4096, n0: 5, seeds: [0, 1, 2], stepFraction: 0.1, decayExponent: 14, maxSteps: 6000, activation: .relu)
        }
    }

    // MARK: - One instance

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
        public var hbFlow: Momentum.Run
        public var hbFlowRef: Momentum.Run
        public var hbDiscrete: Momentum.Run
        public var nagFlow: Momentum.Run
        public var nagFlowRef: Momentum.Run
        public var nagDiscrete: Momentum.Run
        public var gdFlow: Momentum.Run
        public var gdDiscrete: Momentum.Run
        public var gdHorizon: Double

        /// The heavy-ball bound (4/λ_0)e^{−√(λ_0/2)t}L̂(0).
        public func hbBound(_ t: Double) -> Double { 4 / lambda0 * exp(-(lambda0 / 2).squareRoot() * t) * pseudoLoss0 }
        /// The GD bound e^{−λ_0 t}L(0) (derived, §7).
        public func gdBound(_ t: Double) -> Double { exp(-lambda0 * t) * loss0 }
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
            throw StepError("λ_min(H(0)) = \(lambda0) is not certified positive (error bound \(spec0.errorBound))")
        }
        let h = s.stepFraction / spec0.lambdaMax.squareRoot()
        let rate = (lambda0 / 2).squareRoot()
        // An even step count so the h-run and the 2h-run share grid points.
        var steps = Int((s.decayExponent / rate / h).rounded(.up))
        steps = min(s.maxSteps, steps + steps % 2)
        let horizon = Double(steps) * h
        let a = (2 * lambda0).squareRoot()
        // The checked flow uses step 2h; the run at h is its reference for the discretization estimate (§4).
        let hbFlow = Momentum.flow(.constant(a), h: 2 * h, steps: steps / 2, network: net, inputs: x, targets: y, theta0: th)
        let hbFlowRef = Momentum.flow(.constant(a), h: h, steps: steps, network: net, inputs: x, targets: y, theta0: th, every: 2, spectrum: false)
        let hbDiscrete = Momentum.run(.heavyBall(h: h, damping: a), network: net, inputs: x, targets: y, theta0: th, steps: steps)
        let nagFlow = Momentum.flow(.vanishing(gamma: gamma), h: 2 * h, steps: steps / 2, network: net, inputs: x, targets: y, theta0: th)
        let nagFlowRef = Momentum.flow(.vanishing(gamma: gamma), h: h, steps: steps, network: net, inputs: x, targets: y, theta0: th, every: 2, spectrum: false)
        let nagDiscrete = Momentum.run(.nesterov(h: h, gamma: gamma), network: net, inputs: x, targets: y, theta0: th, steps: steps)
        // Gradient flow: as long as the HB horizon, or longer if ε is reached later (capped).
        let gdSteps = min(2 * s.maxSteps, max(steps, Int((log(1 / epsilons.min()!) / lambda0 / h).rounded(.up))))
        // Step 4h: the gradient flow is only timed (to ε, resolution 4h); 4h·λ_max = 4·stepFraction·√λ_max
        // stays inside RK4's real stability interval (< 2.78) while λ_max < 30 at stepFraction 0.125.
        let gdFlow = Momentum.flow(.gradientFlow, h: 4 * h, steps: gdSteps / 4, network: net, inputs: x, targets: y, theta0: th)
        // GD at the same η = h² as heavy ball: iterations cover the same number of HB iterations ×
        // a factor so that GD's time kη reaches the gradient-flow horizon when affordable.
        let gdIter = min(2 * s.maxSteps, max(steps, Int((Double(gdSteps) * h / (h * h)).rounded(.up))))
        let gdDiscrete = Momentum.run(.gradientDescent(eta: h * h), network: net, inputs: x, targets: y, theta0: th, steps: gdIter,
                                      every: max(1, gdIter / 400))
        return Measurement(label: instanceLabel(s, seed: seed, steps: steps, scale: scale), lambda0: lambda0, lambda0Error: spec0.errorBound,
                           lambdaMax: spec0.lambdaMax, pseudoLoss0: 0.5 * Vector.dot(g0, g0), loss0: 0.5 * Vector.dot(r0, r0), h: h,
                           horizon: horizon, hbFlow: hbFlow, hbFlowRef: hbFlowRef, hbDiscrete: hbDiscrete, nagFlow: nagFlow,
                           nagFlowRef: nagFlowRef, nagDiscrete: nagDiscrete, gdFlow: gdFlow, gdDiscrete: gdDiscrete,
                           gdHorizon: Double(gdSteps / 4) * 4 * h)
    }

    // MARK: - Checks

    /// The NTK check at each record: λ_0/2 ≤ λ_min(H(t)), error δ_t + δ_0/2 (§5).
    static func ntkChecks(_ run: Momentum.Run, _ me: Measurement) -> [[Check]] {
        run.records.enumerated().compactMap { k, r in
            guard let s = r.ntk else { return nil }
            return [Check("λ_min(H(t)) ≥ λ_0/2 at t = \(MomentumFormat.g(r.time))", .conclusion, step: k, lhs: me.lambda0 / 2, rhs: s.lambdaMin,
                          errorBound: s.errorBound + me.lambda0Error / 2)]
        }
    }

    /// The running-minimum hypothesis λ_min(H(s)) ≥ λ_0/2 for recorded s ≤ t_k, for every k
    /// (the worst record so far is the one with the smallest certified λ_min − δ).
    static func runningHypotheses(_ run: Momentum.Run, _ me: Measurement) -> [Check] {
        var worst = Double.infinity, err = 0.0
        return run.records.enumerated().map { k, r in
            if let s = r.ntk, s.lambdaMin - s.errorBound < worst - err { worst = s.lambdaMin; err = s.errorBound }
            return Check("min_{s≤t} λ_min(H(s)) ≥ λ_0/2", .hypothesis, step: k, lhs: me.lambda0 / 2, rhs: worst, errorBound: err + me.lambda0Error / 2)
        }
    }

    /// The hypothesis over the whole run.
    static func runningHypothesis(_ run: Momentum.Run, _ me: Measurement) -> [Check] {
        runningHypotheses(run, me).last.map { [$0] } ?? []
    }

    /// Step-doubling estimate of the discretization error of L on the checked (step 2h) run's
    /// records, from the reference run at step h (§4): RK4's error at 2h is ≈ (16/15)·e with
    /// e = ‖Δ_{2h}(t) − Δ_h(t)‖; we take E = 2e and |L_{2h} − L| ≤ ‖Δ_{2h}‖·E + ½E².
    public static func discretizationEstimate(_ checked: Momentum.Run, reference: Momentum.Run) -> [Double] {
        checked.records.indices.map { k in
            guard k < reference.records.count else { return .nan }
            let a = checked.records[k], b = reference.records[k]
            let e = 2 * Vector.norm2(Vector.sub(a.residual, b.residual))
            return (2 * a.loss).squareRoot() * e + 0.5 * e * e
        }
    }

    /// Heavy-ball bound checks; `discretization[k]` is added to record k's error bound.
    static func hbChecks(_ run: Momentum.Run, _ me: Measurement, discretization: [Double]?) -> (subs: [[Check]], tightness: Double) {
        var subs: [[Check]] = []
        var tight = 0.0
        let hyps = runningHypotheses(run, me)
        for (k, r) in run.records.enumerated() {
            let bound = me.hbBound(r.time)
            // The bound's own rounding: λ_0 (relative δ_0/λ_0 enters 1/λ_0 and the exponent) and L̂(0).
            let rel0 = me.lambda0Error / me.lambda0
            let boundErr = bound * (rel0 * (1 + 0.5 * (me.lambda0 / 2).squareRoot() * r.time) + 8 * Double.ulpOfOne * Double(me.label.width * 6))
            let disc = discretization.map { k < $0.count ? $0[k] : .nan } ?? 0
            tight = max(tight, r.loss / bound)
            subs.append([hyps[k],
                         Check("L(t) ≤ (4/λ_0)e^{−√(λ_0/2)t}L̂(0) at t = \(MomentumFormat.g(r.time))", .conclusion, step: k,
                               lhs: r.loss, rhs: bound, errorBound: r.lossError + boundErr + disc)])
        }
        return (subs, tight)
    }

    /// Least-squares slope of log y on log t over t ∈ [lo, hi], y the upper envelope
    /// E(t) = max_{s≥t} L(s) (the loss oscillates under vanishing damping; §6). Returns −slope.
    public static func fitExponent(times: [Double], values: [Double], from lo: Double, to hi: Double) -> Double? {
        var env = values
        if env.count >= 2 { for i in stride(from: env.count - 2, through: 0, by: -1) { env[i] = max(env[i], env[i + 1]) } }
        var xs: [Double] = [], ys: [Double] = []
        for (t, v) in zip(times, env) where t >= lo && t <= hi && t > 0 && v > 0 && v.isFinite {
            xs.append(log(t)); ys.append(log(v))
        }
        guard xs.count >= 3 else { return nil }
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (x, y) in zip(xs, ys) { sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx) }
        guard sxx > 0 else { return nil }
        return -sxy / sxx
    }

    /// Exponents on [T/4, T], [T/4, T/2] and [T/2, T]: the spread is the fit's interval.
    public static func exponents(_ run: Momentum.Run, horizon: Double) -> [Double] {
        let t = run.records.map(\.time), l = run.records.map(\.loss)
        return [(0.25, 1.0), (0.25, 0.5), (0.5, 1.0)].compactMap { fitExponent(times: t, values: l, from: $0.0 * horizon, to: $0.1 * horizon) }
    }

    /// The exponent fitted on [T/2, T]: the estimate of the asymptotic exponent.
    public static func lateExponent(_ run: Momentum.Run, horizon: Double) -> Double? {
        fitExponent(times: run.records.map(\.time), values: run.records.map(\.loss), from: 0.5 * horizon, to: horizon)
    }

    /// First recorded time at which L ≤ ε, nil if never.
    public static func timeTo(_ eps: Double, _ run: Momentum.Run) -> Double? { run.records.first { $0.loss <= eps }?.time }

    // MARK: - Run

    public static func run(_ suite: SuiteSpec, progress: ((String) -> Void)?) -> StudyResult {
        run(suite, setup: setup(suite.studyScale), progress: progress)
    }

    /// The study on an explicit setup (the tests vary the seeds at quick scale).
    public static func run(_ suite: SuiteSpec, setup s: Setup, progress: ((String) -> Void)?) -> StudyResult {
        BLASThreads.setReproducible()
        var results: [InstanceResult] = []
        var measured: [Measurement] = []
        for seed in s.seeds {
            progress?("seed \(seed)")
            let lab = instanceLabel(s, seed: seed, steps: 0, scale: suite.studyScale)
            do {
                measured.append(try measure(s, seed: seed, scale: suite.studyScale))
            } catch {
                for info in infos { results.append(.failure(theorem: info.id, reading: "all", instance: lab, reason: "\(error)")) }
            }
        }
        for me in measured { results += evaluate(me) }
        return StudyResult(id: id, title: title, sources: [source], proofs: proofs, infos: infos, results: results,
                           headlines: headlines(measured, results), tables: [table(measured)], figures: figures(measured))
    }

    /// Every verdict of one measured problem.
    public static func evaluate(_ me: Measurement) -> [InstanceResult] {
        var out: [InstanceResult] = []
        let lab = me.label
        func add(_ theorem: TheoremID, _ reading: ReadingID, _ run: Momentum.Run, _ subs: [[Check]], tightness: Double? = nil, notes: [String] = []) {
            if let f = run.failure {
                out.append(.failure(theorem: theorem, reading: reading, instance: lab, reason: f))
            } else {
                out.append(InstanceResult(theorem: theorem, reading: reading, instance: lab, subInstances: subs, tightness: tightness, notes: notes))
            }
        }
        // NTK stability along every trajectory.
        for (reading, run) in [(ReadingID("heavy-ball flow"), me.hbFlow), ("heavy-ball discrete", me.hbDiscrete), ("nesterov flow", me.nagFlow),
                               ("nesterov discrete", me.nagDiscrete), ("gradient flow", me.gdFlow), ("gd discrete", me.gdDiscrete)] {
            let minRatio = run.records.compactMap { $0.ntk?.lambdaMin }.min().map { $0 / me.lambda0 }
            add(ntkStabilityId, reading, run, ntkChecks(run, me), notes: ["min λ_min(H(t))/λ_0 = \(MomentumFormat.g(minRatio ?? .nan))"])
        }
        // Heavy ball, continuous: discretization estimate |L_h − L_{2h}| on the shared grid.
        let disc = discretizationEstimate(me.hbFlow, reference: me.hbFlowRef)
        let cont = hbChecks(me.hbFlow, me, discretization: disc)
        let maxDisc = disc.filter(\.isFinite).max() ?? .nan
        add(heavyBallId, "continuous", me.hbFlow.failure == nil ? me.hbFlowRef : me.hbFlow, cont.subs, tightness: cont.tightness,
            notes: ["λ_0 = \(MomentumFormat.g(me.lambda0)), RK4 step 2h = \(MomentumFormat.g(2 * me.h)) (reference h), T = \(MomentumFormat.g(me.horizon)), max discretization estimate = \(MomentumFormat.g(maxDisc)); tightness = max_t L/bound"])
        let dis = hbChecks(me.hbDiscrete, me, discretization: nil)
        add(heavyBallId, "discrete", me.hbDiscrete, dis.subs, tightness: dis.tightness,
            notes: ["η = h² = \(MomentumFormat.g(me.h * me.h)), β = 1 − √(2λ_0)h = \(MomentumFormat.g(1 - (2 * me.lambda0).squareRoot() * me.h))"])
        // Nesterov exponent: the late-window fit estimates the asymptotic exponent (§6).
        let target = 2 * gamma / 3
        for (reading, run, extra) in [(ReadingID("continuous"), me.nagFlow, Optional(me.nagFlowRef)), ("discrete", me.nagDiscrete, nil)] {
            let all = exponents(run, horizon: me.horizon)
            var late = lateExponent(run, horizon: me.horizon).map { [$0] } ?? []
            if let e = extra, e.failure == nil, let a = lateExponent(e, horizon: me.horizon) { late.append(a) }
            let hyp = runningHypothesis(run, me)
            let low = late.min() ?? .nan
            let aMin = run.records.filter { $0.time > 0 }.map { pow($0.time, target) * $0.loss / me.loss0 }.max() ?? .nan
            let subs = [hyp + [Check.condition("γ > 6", .hypothesis, holds: gamma > 6),
                               Check("late-window exponent α̂ ≥ 2γ/3", .conclusion, lhs: target, rhs: low, errorBound: 0)]]
            add(nesterovId, reading, run, subs, notes: [
                "α̂ on [T/2,T]\(extra == nil ? "" : " at steps 2h and h"): " + late.map { MomentumFormat.g($0) }.joined(separator: ", ")
                + "; on [T/4,T], [T/4,T/2], [T/2,T]: " + all.map { MomentumFormat.g($0) }.joined(separator: ", ")
                + "; 2γ/3 = \(MomentumFormat.g(target)); linear-model rate γ = \(MomentumFormat.g(gamma)) (§6); smallest A with L ≤ A t^{−2γ/3}L(0) on the run: \(MomentumFormat.g(aMin))"])
        }
        // Heavy ball vs GD.
        let rates = [[Check("√(λ_0/2) > λ_0", .conclusion, lhs: me.lambda0, rhs: (me.lambda0 / 2).squareRoot(), errorBound: me.lambda0Error)]]
        out.append(InstanceResult(theorem: fasterId, reading: "rates", instance: lab, subInstances: rates, notes: ["λ_0 = \(MomentumFormat.g(me.lambda0))"]))
        let hypBoth = runningHypothesis(me.hbFlow, me) + runningHypothesis(me.gdFlow, me)
        var contSubs: [[Check]] = [], contNotes: [String] = []
        for rel in epsilons {
            let e = rel * me.loss0
            let tHB = timeTo(e, me.hbFlow), tGD = timeTo(e, me.gdFlow)
            // Not reaching ε within a horizon means the time exceeds the horizon (a lower bound).
            contSubs.append(hypBoth + [Check("t_ε(heavy-ball flow) ≤ t_ε(gradient flow), ε = \(MomentumFormat.g(rel))·L(0)", .conclusion,
                                             lhs: tHB ?? .infinity, rhs: tGD ?? me.gdHorizon, errorBound: 6 * me.h)])
            contNotes.append("ε = \(MomentumFormat.g(rel))·L(0): HB \(tHB.map { MomentumFormat.g($0) } ?? "> " + MomentumFormat.g(me.horizon)), GD \(tGD.map { MomentumFormat.g($0) } ?? "> " + MomentumFormat.g(me.gdHorizon))")
        }
        if me.hbFlow.failure ?? me.gdFlow.failure == nil {
            out.append(InstanceResult(theorem: fasterId, reading: "continuous time to ε", instance: lab, subInstances: contSubs,
                                      notes: ["times to ε: " + contNotes.joined(separator: "; ")]))
        } else {
            out.append(.failure(theorem: fasterId, reading: "continuous time to ε", instance: lab, reason: me.hbFlow.failure ?? me.gdFlow.failure ?? ""))
        }
        let eps = epsilonRelative * me.loss0
        let kHB = timeTo(eps, me.hbDiscrete).map { ($0 / me.h).rounded() }
        let kGD = timeTo(eps, me.gdDiscrete).map { ($0 / (me.h * me.h)).rounded() }
        let gdIterCap = (me.gdDiscrete.records.last?.time ?? 0) / (me.h * me.h)
        let hypD = runningHypothesis(me.hbDiscrete, me) + runningHypothesis(me.gdDiscrete, me)
        let itCheck = Check("iterations to ε: HB ≤ GD (η = h²)", .conclusion, lhs: kHB ?? .infinity, rhs: kGD ?? gdIterCap, errorBound: 2)
        if me.hbDiscrete.failure ?? me.gdDiscrete.failure == nil {
            out.append(InstanceResult(theorem: fasterId, reading: "iterations to ε at equal η", instance: lab, subInstances: [hypD + [itCheck]],
                                      notes: ["iterations to ε: heavy ball \(kHB.map { MomentumFormat.g($0) } ?? "∞"), GD \(kGD.map { MomentumFormat.g($0) } ?? "> \(MomentumFormat.g(gdIterCap))")"]))
        } else {
            out.append(.failure(theorem: fasterId, reading: "iterations to ε at equal η", instance: lab, reason: me.hbDiscrete.failure ?? me.gdDiscrete.failure ?? ""))
        }
        return out
    }

    // MARK: - Report

    static func verdictOf(_ rs: [InstanceResult], _ theorem: TheoremID, readings: [ReadingID]? = nil) -> HeadlineClaim.Verdict {
        let sel = rs.filter { $0.theorem == theorem && (readings == nil || readings!.contains($0.reading)) }
        if sel.isEmpty || sel.contains(where: { $0.outcome == .numericalFailure || $0.outcome == .inconclusive }) { return .inconclusive }
        if sel.contains(where: { $0.outcome == .counterexample }) { return .notConfirmed }
        if sel.allSatisfy({ $0.outcome == .vacuous }) { return .inconclusive }
        return .confirmed
    }

    static func headlines(_ ms: [Measurement], _ rs: [InstanceResult]) -> [HeadlineClaim] {
        let g = MomentumFormat.g
        let l0 = ms.map { g($0.lambda0) }.joined(separator: ", ")
        let minRatio = ms.flatMap { me in [me.hbFlow, me.hbDiscrete, me.nagFlow, me.nagDiscrete, me.gdFlow, me.gdDiscrete]
            .flatMap { $0.records.compactMap { $0.ntk.map { $0.lambdaMin / me.lambda0 } } } }.min() ?? .nan
        let hbTight = rs.filter { $0.theorem == heavyBallId }.map { "\($0.reading) \(g($0.tightness ?? .nan))" }.joined(separator: "; ")
        let alphas = ms.flatMap { me in [lateExponent(me.nagFlow, horizon: me.horizon), lateExponent(me.nagDiscrete, horizon: me.horizon)].compactMap { $0 } }
        let times = ms.map { me -> String in
            "seed \(me.label.seed): " + epsilons.map { rel -> String in
                let e = rel * me.loss0
                return "ε = \(g(rel))·L(0): HB \(timeTo(e, me.hbFlow).map(g) ?? "> " + g(me.horizon)) vs GD \(timeTo(e, me.gdFlow).map(g) ?? "> " + g(me.gdHorizon))"
            }.joined(separator: ", ")
        }.joined(separator: "; ")
        return [
            HeadlineClaim(claim: "004: in the overparameterized regime the NTK stays positive definite, λ_min(H(t)) ≥ λ_0/2.",
                          measured: "min over all runs of λ_min(H(t))/λ_0 = \(g(minRatio)) (λ_0 = \(l0); m = \(ms.first?.label.m ?? 0), width \(ms.first?.label.width ?? 0))",
                          verdict: verdictOf(rs, ntkStabilityId)),
            HeadlineClaim(claim: "004: heavy ball with damping √(2λ_0) gives L(t) ≤ (4/λ_0)exp(−√(λ_0/2)t)L̂(0).",
                          measured: "max_t L(t)/bound: \(hbTight)", verdict: verdictOf(rs, heavyBallId)),
            HeadlineClaim(claim: "004: NAG (γ/t damping) gives L(t) ≤ A t^{−α}L(0) for 4 < α ≤ 2γ/3 (γ = 9: α up to 6).",
                          measured: "envelope exponents fitted on [T/2, T] (flow, discrete per seed) \(alphas.map(g).joined(separator: ", ")); the constant A is not given, only the exponent is checked",
                          verdict: verdictOf(rs, nesterovId)),
            HeadlineClaim(claim: "004 footnote 1: √(λ_0/2) > λ_0, so heavy ball is faster than GD at the same width.",
                          measured: "λ_0 = \(l0); continuous times to ε: \(times)", verdict: verdictOf(rs, fasterId, readings: ["continuous time to ε", "iterations to ε at equal η"])),
        ]
    }

    static func table(_ ms: [Measurement]) -> String {
        let g = MomentumFormat.g
        var t = "| seed | λ_0 = λ_min(H(0)) | λ_max(H(0)) | h | T | L̂(0) | HB flow: max L/bound | HB discrete: max L/bound | NAG α̂ on [T/2,T] (flow) | NAG α̂ (discrete) | t_ε HB flow | t_ε gradient flow |\n"
        t += "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
        for me in ms {
            let hbf = me.hbFlow.records.map { $0.loss / me.hbBound($0.time) }.max() ?? .nan
            let hbd = me.hbDiscrete.records.map { $0.loss / me.hbBound($0.time) }.max() ?? .nan
            let af = lateExponent(me.nagFlow, horizon: me.horizon) ?? .nan
            let ad = lateExponent(me.nagDiscrete, horizon: me.horizon) ?? .nan
            let e = epsilonRelative * me.loss0
            t += "| \(me.label.seed) | \(g(me.lambda0)) | \(g(me.lambdaMax)) | \(g(me.h)) | \(g(me.horizon)) | \(g(me.pseudoLoss0)) | \(g(hbf)) | \(g(hbd)) | \(g(af)) | \(g(ad)) | \(timeTo(e, me.hbFlow).map(g) ?? "–") | \(timeTo(e, me.gdFlow).map(g) ?? "> " + g(me.gdHorizon)) |\n"
        }
        return t
    }

    /// Keeps at most `n` evenly spaced points (figures stay small).
    static func thin(_ x: [Double], _ y: [Double], _ n: Int = 200) -> ([Double], [Double]) {
        guard x.count > n else { return (x, y) }
        let stride = (x.count + n - 1) / n
        var ox: [Double] = [], oy: [Double] = []
        for i in Swift.stride(from: 0, to: x.count, by: stride) { ox.append(x[i]); oy.append(y[i]) }
        if ox.last != x.last { ox.append(x.last!); oy.append(y.last!) }
        return (ox, oy)
    }

    static func series(_ label: String, _ run: Momentum.Run, dashed: Bool = false, positiveTime: Bool = false, _ f: (Momentum.Record) -> Double) -> StudySeries {
        let rs = run.records.filter { !positiveTime || $0.time > 0 }
        let (x, y) = thin(rs.map(\.time), rs.map(f))
        return StudySeries(label: label, x: x, y: y, dashed: dashed)
    }

    static func figures(_ ms: [Measurement]) -> [StudyFigure] {
        guard let me = ms.first else { return [] }
        let seed = me.label.seed
        let hb = StudyFigure(
            name: "heavy-ball", title: "Heavy ball: L(t) beside (4/λ_0)e^{−√(λ_0/2)t}L̂(0) (seed \(seed))", xLabel: "t", yLabel: "L = ½‖f − y‖²", logY: true,
            series: [series("heavy-ball flow (RK4)", me.hbFlow) { $0.loss },
                     series("heavy-ball discrete (η = h²)", me.hbDiscrete) { $0.loss },
                     series("bound", me.hbFlow, dashed: true) { me.hbBound($0.time) }],
            caption: "004's heavy-ball bound against the measured loss; λ_0 = \(MomentumFormat.g(me.lambda0)), damping √(2λ_0).")
        let t1 = me.horizon / 4
        let l1 = me.nagFlow.records.first { $0.time >= t1 }?.loss ?? me.loss0
        let target = 2 * gamma / 3
        let nag = StudyFigure(
            name: "nesterov", title: "Nesterov (γ = \(MomentumFormat.g(gamma))): L(t) beside t^{−2γ/3} (seed \(seed))", xLabel: "t", yLabel: "L", logX: true, logY: true,
            series: [series("NAG flow (RK4)", me.nagFlow, positiveTime: true) { $0.loss },
                     series("NAG discrete", me.nagDiscrete, positiveTime: true) { $0.loss },
                     series("reference ∝ t^{−2γ/3} through L(T/4)", me.nagFlow, dashed: true, positiveTime: true) { l1 * pow($0.time / t1, -target) }],
            caption: "004 gives L ≤ A t^{−α}L(0) with α ≤ 2γ/3 and an unstated A; the dashed line has the claimed slope only.")
        let gd = StudyFigure(
            name: "gd", title: "GD: L(t) beside e^{−λ_0 t}L(0) (seed \(seed))", xLabel: "t", yLabel: "L", logY: true,
            series: [series("gradient flow (RK4)", me.gdFlow) { $0.loss },
                     series("GD (η = h²), t = kη", me.gdDiscrete) { $0.loss },
                     series("bound e^{−λ_0 t}L(0)", me.gdFlow, dashed: true) { me.gdBound($0.time) },
                     series("heavy-ball flow", me.hbFlow) { $0.loss }],
            caption: "The GD bound follows from λ_min(H) ≥ λ_0/2 (Proofs/MomentumDynamics.md §7); heavy ball drawn for the speed comparison.")
        let ntk = StudyFigure(
            name: "ntk", title: "λ_min(H(t))/λ_0 along each method (seed \(seed))", xLabel: "t", yLabel: "λ_min(H(t))/λ_0",
            series: [series("heavy-ball flow", me.hbFlow) { ($0.ntk?.lambdaMin ?? .nan) / me.lambda0 },
                     series("NAG flow", me.nagFlow) { ($0.ntk?.lambdaMin ?? .nan) / me.lambda0 },
                     series("gradient flow", me.gdFlow) { ($0.ntk?.lambdaMin ?? .nan) / me.lambda0 },
                     series("claimed floor 1/2", me.gdFlow, dashed: true) { _ in 0.5 }],
            caption: "004 (after Du et al.) claims the ratio stays above 1/2 for wide enough networks.")
        return [hb, nag, gd, ntk]
    }
}

/// Three significant digits, deterministic.
enum MomentumFormat {
    static func g(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        return String(format: "%.3g", x)
    }
}
