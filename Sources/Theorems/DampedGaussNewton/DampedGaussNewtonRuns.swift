import Foundation
import Statistics
import LinearAlgebra
import Optimizers
import Problems
import Trajectories

/// The runs of the damped Gauss-Newton study: the conditioning sweep (damped GN under each
/// schedule and GD, per target λ_min(K_0); §3–§5) and the underparameterized run with its
/// reference L* (§6); the exponent fit (§4) and the loss error bound (§5) they share.
extension DampedGaussNewtonStudy {
    /// What the study measured at one scale.
    public struct Evidence: Sendable {
        public var scale: Scale
        /// One entry per target λ_min(K_0), in order.
        public var sweep: [Conditioned]
        /// The underparameterized run's label, and the run or why it failed.
        public var underLabel: InstanceLabel
        public var under: UnderRun?
        public var underFailure: String?

        /// The conditioning values whose problem could be built.
        public var points: [SweepPoint] { sweep.compactMap(\.point) }
    }

    /// One target λ_min(K_0): the measured point, or why its problem could not be built.
    public struct Conditioned: Sendable {
        public var label: InstanceLabel
        public var point: SweepPoint?
        public var failure: String?
    }

    public struct SweepPoint: Sendable {
        public var target: Double
        public var lambdaMin: Double, lambdaMax: Double
        public var label: InstanceLabel
        /// One LM run per schedule (`schedules`), and GD.
        public var gn: [Trajectory]
        public var gd: Trajectory
        public var epsilon: Double
        /// The problem the runs solved (the per-step checks read its sizes and output scale).
        public var problem: Problem
    }

    /// The underparameterized GN run, L* from the reference run continued from its last
    /// iterate, and the gaps L_t − L*.
    public struct UnderRun: Sendable {
        public var label: InstanceLabel
        public var problem: Problem
        public var p: Int
        public var run: Trajectory
        /// η·∇L(θ_t)ᵀd_t = (η/m)(J_td_t)ᵀr_t per step: the loss decrease of the flow θ̇ = −d to
        /// first order over a time η.
        public var firstOrderDecrease: [Double]
        public var losses: [Double]
        public var lStar: Double
        public var lStarErr: Double
        public var gaps: [Double]
    }

    static func spec(_ sc: Scale, target: Double) -> ProblemSpec {
        var s = ProblemSpec()
        s.kind = .conditionedNTK
        s.trainCount = sc.m
        s.testCount = 0
        s.width = sc.n
        s.inputDimension = sc.n0
        s.seed = sc.seed
        s.targetLambdaMin = target
        return s
    }

    static func instanceLabel(_ s: ProblemSpec, steps: Int) -> InstanceLabel {
        var args = ["--problem", s.kind.rawValue, "--seed", "\(s.seed)", "--m", "\(s.trainCount)", "--m-test", "\(s.testCount)",
                    "--n0", "\(s.inputDimension)", "--n", "\(s.width)"]
        if let l = s.targetLambdaMin { args += ["--lambda-min", "\(l)"] }
        return InstanceLabel(problem: s.kind.rawValue, seed: s.seed, m: s.trainCount, width: s.width, tau: 0, mu: 0,
                             steps: steps, activation: s.activation.rawValue, arguments: args)
    }

    /// The sweep over the targets, then the underparameterized run.
    public static func measure(scale sc: Scale, progress: ((String) -> Void)? = nil) -> Evidence {
        var sweep: [Conditioned] = []
        for target in sc.targets {
            progress?("λ_min(K_0) = \(target)")
            let s = spec(sc, target: target)
            let lab = instanceLabel(s, steps: sc.gdCap)
            do {
                let problem = try Problem.make(s)
                let (f0, j0) = problem.network.outputsAndJacobian(theta: problem.theta0, inputs: problem.trainInputs)
                let ext = try LevenbergMarquardt.gramExtremes(j0)
                let eps = relativeEpsilon * Objective.halfMeanSquarePublic(Vector.sub(f0, problem.trainTargets))
                let gn = schedules.map { run(LevenbergMarquardt(schedule: $0, stepSize: 1), problem, steps: sc.gnCap, tolerance: eps) }
                // GD on (1/2m)‖r‖² with step η = α·m/λ_max(K_0) (§3), i.e. a step η/m on ½‖r‖².
                let eta = gdAlpha * Double(sc.m) / ext.max
                let gd = run(GradientDescent(stepSize: eta / Double(problem.sampleCount), gradientOf: .halfSum), problem,
                             steps: sc.gdCap, tolerance: eps, divergence: .above(1e100))
                sweep.append(Conditioned(label: lab, point: SweepPoint(target: target, lambdaMin: ext.min, lambdaMax: ext.max, label: lab,
                                                                       gn: gn, gd: gd, epsilon: eps, problem: problem)))
            } catch {
                sweep.append(Conditioned(label: lab, failure: "\(error)"))
            }
        }
        progress?("underparameterized")
        var e = Evidence(scale: sc, sweep: sweep, underLabel: underLabel(sc))
        do {
            e.under = try underRun(sc, label: e.underLabel)
        } catch {
            e.underFailure = "\(error)"
        }
        return e
    }

    static func underSpec(_ sc: Scale) -> ProblemSpec {
        var s = ProblemSpec()
        s.trainCount = sc.mUnder
        s.testCount = 0
        s.width = sc.nUnder
        s.inputDimension = sc.n0
        s.seed = sc.seed
        return s
    }

    static func underLabel(_ sc: Scale) -> InstanceLabel {
        var lab = instanceLabel(underSpec(sc), steps: sc.underSteps)
        lab.arguments.removeAll { $0 == "--problem" || $0 == "teacher-student" }
        return lab
    }

    /// Underparameterized regime (§6): m > p, L* from a long LM run, the gap per step.
    static func underRun(_ sc: Scale, label: InstanceLabel, spec: ProblemSpec? = nil) throws -> UnderRun {
        let problem = try Problem.make(spec ?? underSpec(sc))
        var first: [Double] = []
        let lm = run(LevenbergMarquardt(schedule: .constant(underDamping), stepSize: underEta), problem, steps: sc.underSteps,
                     observers: TrajectoryObservers(step: { _, ev, step in
                         let jd = Matrix.multiply(ev.jacobian, step.direction)
                         first.append(step.alpha * Vector.dot(jd, ev.residual) / Double(ev.residual.count))
                     }))
        // L*: full GN steps continued from the run's last iterate (the same basin).
        let ref = run(LevenbergMarquardt(schedule: .constant(underDamping), stepSize: 1, recordsSpectrum: false), problem,
                      steps: sc.referenceSteps, theta0: lm.finalTheta)
        if let f = ref.failure ?? lm.failure { throw StepError(f) }
        let scale = outputScale(problem)
        let refLosses = ref.losses
        let lStar = min(refLosses.min()!, lm.losses.min()!)
        // L*'s uncertainty: the last reference steps' change plus the loss error.
        let tail = refLosses.suffix(5)
        let lStarErr = (tail.max()! - tail.min()!) + lossError(lStar, problem: problem, scale: scale)
        let losses = lm.losses
        return UnderRun(label: label, problem: problem, p: problem.parameterCount, run: lm, firstOrderDecrease: first, losses: losses,
                        lStar: lStar, lStarErr: lStarErr, gaps: losses.map { $0 - lStar })
    }

    /// LM or GD on L = (1/2m)‖f − y‖² through the trajectory engine, stopping at the first
    /// L(θ_t) ≤ `tolerance` (0: never) or after `steps` steps.
    public static func run(_ method: some Optimizer, _ problem: Problem, steps: Int, tolerance: Double = 0, theta0: [Double]? = nil,
                           divergence: Divergence = .none, observers: TrajectoryObservers = .init()) -> Trajectory {
        let engine = TrajectoryEngine(objective: Objective(unregularized: problem), optimizer: method, theta0: theta0,
                                      rules: RunRules(steps: steps, tolerance: tolerance, divergence: divergence))
        return engine.run(observers: observers)
    }

    // MARK: - Error bounds and fits

    /// Absolute error bound of a computed loss L = (1/2m)‖r‖² (Proofs §5): each r_i carries at
    /// most (n(n0 + 3) + 2)ε·s with s the output scale, so |ΔL| ≤ √(2L/m)·δ + δ²/2.
    static func lossError(_ loss: Double, problem: Problem, scale: Double) -> Double {
        let delta = Double(problem.network.width * (problem.network.inputDimension + 3) + 2) * Double.ulpOfOne * scale
        return (2 * loss).squareRoot() * delta + delta * delta / 2
    }

    static func outputScale(_ problem: Problem) -> Double {
        1 + Vector.maxAbs(problem.trainTargets)
    }

    /// Least-squares line y = a + b·x with the 95% t-interval half-width of b (+∞ below 3 points).
    public static func fit(_ x: [Double], _ y: [Double]) -> LineFit { LineFit.leastSquares(x: x, y: y) }

    static func sig(_ x: Double) -> String { x.isFinite ? String(format: "%.3g", x) : "n/a" }
}
