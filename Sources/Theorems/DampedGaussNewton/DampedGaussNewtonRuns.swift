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

    /// Underparameterized regime (§6): m > p, the GN flow discretized with length-capped steps,
    /// L* from Marquardt's LM continued from its last iterate until checked, the gap per step.
    static func underRun(_ sc: Scale, label: InstanceLabel, spec: ProblemSpec? = nil) throws -> UnderRun {
        let problem = try Problem.make(spec ?? underSpec(sc))
        var first: [Double] = []
        let lm = run(LevenbergMarquardt(schedule: .constant(underDamping), stepSize: underEta, tracksFlow: true), problem, steps: sc.underSteps,
                     observers: TrajectoryObservers(step: { _, ev, step in
                         let jd = Matrix.multiply(ev.jacobian, step.direction)
                         first.append(step.alpha * Vector.dot(jd, ev.residual) / Double(ev.residual.count))
                     }))
        if let f = lm.failure { throw StepError(f) }
        let scale = outputScale(problem)
        let (lStar, tail) = try checkedLStar(problem, from: lm.finalTheta, budget: sc.referenceSteps, floor: lm.losses.min()!,
                                             noise: lossError(lm.losses.min()!, problem: problem, scale: scale))
        let lStarErr = tail + lossError(lStar, problem: problem, scale: scale)
        let losses = lm.losses
        return UnderRun(label: label, problem: problem, p: problem.parameterCount, run: lm, firstOrderDecrease: first, losses: losses,
                        lStar: lStar, lStarErr: lStarErr, gaps: losses.map { $0 - lStar })
    }

    /// L* by Marquardt's LM from θ (a step is taken only if it lowers the loss; λ ÷ 10 after a
    /// taken step, × 10 after a refused one), up to `budget` taken steps. A candidate is the last
    /// loss with the geometric tail of its decrements (ratio q over the last 8), and it stands
    /// only if the next `referenceChunk` taken steps lower the loss by no more than that tail
    /// (Proofs/DampedGaussNewton.md §6). Returns L* and its checked uncertainty; infinite when no
    /// candidate passed (L* undetermined: then no gap is resolved). Full GN steps (λ = 10⁻⁸, η = 1),
    /// the earlier reference, cycled with period 2 on the quick-scale problem (L between 2.560e-4
    /// and 2.576e-4), so they had no limit to estimate.
    static func checkedLStar(_ problem: Problem, from theta: [Double], budget: Int, floor: Double, noise: Double) throws -> (Double, Double) {
        let objective = Objective(unregularized: problem)
        var current = theta, losses = [objective.dataLoss(theta)]
        var lambda = 1e-3, candidate: (loss: Double, tail: Double, at: Int)? = nil
        var tries = 0
        while losses.count <= budget + referenceChunk, tries < 20 * (budget + referenceChunk) {
            tries += 1
            let ev = objective.evaluate(current)
            guard let d = try? LevenbergMarquardt.direction(jacobian: ev.jacobian, residual: ev.residual, damping: lambda) else { lambda *= 10; continue }
            let trial = Vector.axpy(current, -1, d), lt = objective.dataLoss(trial)
            guard lt.isFinite, lt < losses.last! else {
                lambda *= 10
                if lambda > 1e12 { break }
                continue
            }
            current = trial; losses.append(lt); lambda = max(lambda / 10, 1e-12)
            let last = lt
            if let c = candidate, losses.count - c.at >= referenceChunk {
                if c.loss - last <= c.tail { return (min(last, floor), c.tail + max(0, last - floor)) }
                candidate = nil
            }
            guard candidate == nil, losses.count > 9 else { continue }
            let w = zip(losses.suffix(10), losses.suffix(9)).map { $0 - $1 }
            if w.allSatisfy({ $0 <= noise }) { candidate = (last, noise, losses.count); continue }
            let q = zip(w.dropFirst(), w).map { $1 > 0 ? $0 / $1 : .infinity }.max()!
            if q < 1 { candidate = (last, w.last! * q / (1 - q), losses.count) }
        }
        // Converged to a point no step improves (λ grew past 10¹²): the loss's rounding is its uncertainty.
        if lambda > 1e12, let last = losses.last { return (min(last, floor), noise + max(0, last - floor)) }
        return (min(losses.last!, floor), .infinity)
    }

    static let referenceChunk = 50


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
