import Foundation
import LinearAlgebra
import Optimizers
import Problems

/// What is recorded at step t: the values at θ_t and the α_t, d_t that move it to θ_{t+1}.
public struct StepRecord: Sendable, Codable, Equatable {
    public var step: Int
    /// L(θ_t) = R̂ + g.
    public var loss: Double
    public var dataLoss: Double
    public var regularizerValue: Double
    public var testLoss: Double
    /// β̂_m = σ_min(J_t), β̂_1 = σ_max(J_t), and the absolute error bound on both.
    public var sigmaMinJ: Double?
    public var sigmaMaxJ: Double?
    public var sigmaError: Double?
    public var eta: Double
    public var alpha: Double
    public var mG: Double
    public var thetaNorm: Double
    /// ‖θ_{t+1} − θ_t‖₂ = α_t‖d_t‖.
    public var stepNorm: Double
    /// ‖θ_t − θ_0‖₂.
    public var distanceFromStart: Double
}

/// How a run ended. A numerical failure is an outcome, not a crash.
public enum RunOutcome: Sendable, Equatable, Codable {
    case completed
    case converged(step: Int)
    case numericalFailure(step: Int, reason: String)
    case diverged(step: Int, reason: String)

    public var isFailure: Bool {
        switch self {
        case .completed, .converged: return false
        case .numericalFailure, .diverged: return true
        }
    }

    public var summary: String {
        switch self {
        case .completed: return "completed"
        case let .converged(s): return "converged at step \(s)"
        case let .numericalFailure(s, r): return "numerical failure at step \(s): \(r)"
        case let .diverged(s, r): return "diverged at step \(s): \(r)"
        }
    }
}

public struct Trajectory: Sendable {
    public let config: RunConfig
    public var records: [StepRecord] = []
    /// θ_0, …, θ_T when `keepIterates` was asked for.
    public var iterates: [[Double]] = []
    public var finalTheta: [Double]
    public var outcome: RunOutcome = .completed
}

/// Runs a method for T steps (or to a tolerance) and records what the theorem checks need.
/// On the overparameterized path memory stays O(m·p): J (m×p) and W ((m+1)×p) only.
public struct TrajectoryEngine {
    public let problem: Problem
    public let config: RunConfig
    public let objective: Objective
    public let stepper: Stepper

    public init(problem: Problem, config: RunConfig) throws {
        try config.validate()
        self.problem = problem
        self.config = config
        objective = Objective(problem: problem, regularizer: try config.regularizer())
        stepper = Stepper(objective: objective, method: config.method, stepSize: config.stepSize, mgOwner: config.mgOwner)
    }

    /// Per-step hook: sees θ_t's evaluation, the step taken and θ_{t+1}; the theorem engine
    /// computes its quantities here, reusing J and the GGN system.
    public typealias Observer = (_ t: Int, _ at: PointEvaluation, _ step: Step, _ next: [Double]) throws -> Void

    public func run(keepIterates: Bool = false, observer: Observer? = nil) -> Trajectory {
        var traj = Trajectory(config: config, finalTheta: problem.theta0)
        var theta = problem.theta0
        let theta0 = problem.theta0
        if keepIterates { traj.iterates.append(theta) }
        var initialLoss: Double? = nil
        for t in 0...config.steps {
            let ev = objective.evaluate(theta)
            let loss = ev.loss
            guard loss.isFinite, ev.jacobian.isFinite else {
                traj.outcome = .diverged(step: t, reason: "the loss or the Jacobian is not finite")
                break
            }
            if let l0 = initialLoss, loss > 1e12 * max(l0, 1e-300) {
                traj.outcome = .diverged(step: t, reason: "the loss grew by more than 10^12")
                break
            }
            if initialLoss == nil { initialLoss = loss }
            var rec = StepRecord(step: t, loss: loss, dataLoss: ev.dataLoss, regularizerValue: ev.regularizer.value,
                                 testLoss: config.recordTestLoss ? objective.testLoss(theta) : .nan, sigmaMinJ: nil, sigmaMaxJ: nil, sigmaError: nil,
                                 eta: ev.regularizer.eta, alpha: .nan, mG: stepper.mG,
                                 thetaNorm: Vector.norm2(theta), stepNorm: 0,
                                 distanceFromStart: Vector.norm2(Vector.sub(theta, theta0)))
            if config.recordSpectra {
                do {
                    let s = try Spectral.singularValues(ev.jacobian)
                    rec.sigmaMaxJ = s.first
                    rec.sigmaMinJ = ev.jacobian.rows > ev.jacobian.cols ? 0 : s.last  // β̂_m: 0 when m > p
                    rec.sigmaError = Spectral.singularValueErrorBound(rows: ev.jacobian.rows, cols: ev.jacobian.cols, sigmaMax: s.first ?? 0)
                } catch {
                    traj.records.append(rec)
                    traj.outcome = .numericalFailure(step: t, reason: "singular values of J: \(error)")
                    break
                }
            }
            // The last record (t = T) holds the state after T steps; no step is taken from it.
            if t == config.steps {
                rec.alpha = stepper.alpha(eta: rec.eta)
                traj.records.append(rec)
                break
            }
            if config.tolerance > 0 && ev.dataLoss <= config.tolerance {
                rec.alpha = stepper.alpha(eta: rec.eta)
                traj.records.append(rec)
                traj.outcome = .converged(step: t)
                break
            }
            let step: Step
            do {
                step = try stepper.step(ev)
            } catch {
                traj.records.append(rec)
                traj.outcome = .numericalFailure(step: t, reason: "\(error)")
                break
            }
            let next = Vector.axpy(theta, -step.alpha, step.direction)
            rec.alpha = step.alpha
            rec.stepNorm = step.alpha * Vector.norm2(step.direction)
            traj.records.append(rec)
            guard next.allSatisfy({ $0.isFinite }) else {
                traj.outcome = .diverged(step: t, reason: "θ_{t+1} is not finite")
                break
            }
            if let observer {
                do { try observer(t, ev, step, next) } catch {
                    traj.outcome = .numericalFailure(step: t, reason: "\(error)")
                    break
                }
            }
            theta = next
            if keepIterates { traj.iterates.append(theta) }
        }
        traj.finalTheta = theta
        return traj
    }
}
