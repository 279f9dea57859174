import Foundation
import LinearAlgebra
import Optimizers
import Problems

/// When a run counts as diverged, beyond a non-finite loss or Jacobian (always).
public enum Divergence: Sendable, Equatable {
    case none
    /// L(θ_t) > factor·L(θ_0) (000's runs: 10^12).
    case growth(Double)
    /// L(θ_t) ≥ bound (003's gradient descent: 10^100).
    case above(Double)
}

/// The stop and record rules of a run, shared by every method.
public struct RunRules: Sendable, Equatable {
    /// The step cap T: at most T steps, records up to θ_T.
    public var steps: Int
    /// Stop at the first θ_t with R̂(θ_t) ≤ tolerance (0: never); checked before the cap.
    public var tolerance = 0.0
    /// Record every k-th iterate (and the last, and a converged one).
    public var recordEvery = 1
    public var divergence = Divergence.growth(1e12)
    /// The test loss (the paper experiment's curves, `trace`).
    public var recordTestLoss = false
    /// σ_min(J_t), σ_max(J_t) with their error bound (an extra LQ + SVD per record).
    public var recordSpectra = false
    public var keepIterates = false

    public init(steps: Int, tolerance: Double = 0, recordEvery: Int = 1, divergence: Divergence = .growth(1e12)) {
        self.steps = steps
        self.tolerance = tolerance
        self.recordEvery = max(1, recordEvery)
        self.divergence = divergence
    }
}

/// Hooks into the loop. `record` sees each recorded iterate and may fill method-specific
/// fields; `step` sees θ_t's evaluation, the step and θ_t's record after a finite step (the
/// theorem engine computes its quantities here, reusing J and the GGN system). A hook that
/// throws ends the run as a numerical failure.
public struct TrajectoryObservers {
    public var record: ((inout StepRecord, PointEvaluation) throws -> Void)?
    public var step: ((inout StepRecord, PointEvaluation, Step) throws -> Void)?

    public init(record: ((inout StepRecord, PointEvaluation) throws -> Void)? = nil,
                step: ((inout StepRecord, PointEvaluation, Step) throws -> Void)? = nil) {
        self.record = record
        self.step = step
    }
}

/// The one trajectory loop of every method: evaluate θ_t, check it is finite and not diverged
/// (else a `RunOutcome`, not a crash), record it, stop at the tolerance or the cap, step, observe.
/// On 000's overparameterized path memory stays O(m·p): J (m×p) and W ((m+1)×p) only.
public struct TrajectoryEngine {
    public let objective: Objective
    public let optimizer: any Optimizer
    public let theta0: [Double]
    public var rules: RunRules

    public init(objective: Objective, optimizer: any Optimizer, theta0: [Double]? = nil, rules: RunRules) {
        self.objective = objective
        self.optimizer = optimizer
        self.theta0 = theta0 ?? objective.problem.theta0
        self.rules = rules
    }

    /// 000's runs: the method, step rule and records of `config`.
    public init(problem: Problem, config: RunConfig) throws {
        try config.validate()
        let objective = Objective(problem: problem, regularizer: try config.regularizer())
        var rules = RunRules(steps: config.steps, tolerance: config.tolerance)
        rules.recordTestLoss = config.recordTestLoss
        rules.recordSpectra = config.recordSpectra
        self.init(objective: objective, optimizer: config.method.optimizer(objective: objective, stepSize: config.stepSize, mgOwner: config.mgOwner),
                  rules: rules)
    }

    public var problem: Problem { objective.problem }

    /// Per-step hook of 000's callers: θ_t's evaluation, the step taken and θ_{t+1}.
    public typealias Observer = (_ t: Int, _ at: PointEvaluation, _ step: Step, _ next: [Double]) throws -> Void

    public func run(keepIterates: Bool = false, observer: Observer? = nil) -> Trajectory {
        var r = self
        r.rules.keepIterates = keepIterates
        return r.run(observers: TrajectoryObservers(step: observer.map { o in { rec, ev, step in try o(rec.step, ev, step, step.next) } }))
    }

    public func run(observers: TrajectoryObservers) -> Trajectory {
        Self.loop(optimizer, objective: objective, theta0: theta0, rules: rules, observers: observers)
    }

    static func loop(_ method: some Optimizer, objective: Objective, theta0: [Double], rules: RunRules,
                     observers: TrajectoryObservers) -> Trajectory {
        var opt = method
        var traj = Trajectory(finalTheta: theta0)
        var theta = theta0
        if rules.keepIterates { traj.iterates.append(theta) }
        var initialLoss: Double? = nil
        for t in 0...rules.steps {
            let ev = opt.evaluate(theta, iteration: t, objective: objective)
            if let reason = divergence(ev, initialLoss: initialLoss, rules.divergence) {
                traj.outcome = .diverged(step: t, reason: reason)
                break
            }
            if initialLoss == nil { initialLoss = ev.loss }
            let converged = rules.tolerance > 0 && ev.dataLoss <= rules.tolerance
            let last = converged || t == rules.steps
            let recorded = last || t % rules.recordEvery == 0
            var rec = record(t, ev, opt, objective: objective, theta0: theta0, rules: rules, full: recorded)
            do {
                if recorded && rules.recordSpectra { try spectra(&rec, ev) }
                if recorded { try observers.record?(&rec, ev) }
            } catch {
                traj.records.append(rec)
                traj.outcome = .numericalFailure(step: t, reason: objective.problem.explain(error))
                break
            }
            // The last record holds the state after the last step; no step is taken from it.
            if last {
                rec.alpha = opt.alpha(at: ev)
                traj.records.append(rec)
                if converged { traj.outcome = .converged(step: t) }
                break
            }
            let step: Step
            do {
                step = try opt.step(ev, iteration: t, objective: objective)
            } catch {
                traj.records.append(rec)
                traj.outcome = .numericalFailure(step: t, reason: objective.problem.explain(error))
                break
            }
            annotate(&rec, with: step, stepNorm: recorded)
            if recorded { traj.records.append(rec) }
            guard step.next.allSatisfy({ $0.isFinite }) else {
                traj.outcome = .diverged(step: t, reason: "θ_{t+1} is not finite")
                break
            }
            do {
                if recorded { try observers.step?(&traj.records[traj.records.count - 1], ev, step) } else { try observers.step?(&rec, ev, step) }
            } catch {
                traj.outcome = .numericalFailure(step: t, reason: objective.problem.explain(error))
                break
            }
            theta = step.next
            if rules.keepIterates { traj.iterates.append(theta) }
        }
        traj.finalTheta = theta
        return traj
    }

    /// Why θ_t counts as diverged, nil if it does not.
    static func divergence(_ ev: PointEvaluation, initialLoss: Double?, _ rule: Divergence) -> String? {
        let loss = ev.loss
        guard loss.isFinite, ev.jacobian.isFinite else { return "the loss or the Jacobian is not finite" }
        switch rule {
        case .none:
            return nil
        case let .growth(factor):
            guard let l0 = initialLoss, loss > factor * max(l0, 1e-300) else { return nil }
            return factor == 1e12 ? "the loss grew by more than 10^12" : "the loss grew by more than a factor \(factor)"
        case let .above(bound):
            return loss >= bound ? "the loss reached \(bound)" : nil
        }
    }

    /// The engine's fields of θ_t's record (the norms only for a kept record).
    static func record(_ t: Int, _ ev: PointEvaluation, _ opt: some Optimizer, objective: Objective, theta0: [Double],
                       rules: RunRules, full: Bool) -> StepRecord {
        let theta = ev.theta
        return StepRecord(step: t, time: Double(t) * opt.timeStep, loss: ev.loss, dataLoss: ev.dataLoss,
                          regularizerValue: ev.regularizer.value,
                          testLoss: full && rules.recordTestLoss ? objective.testLoss(theta) : .nan,
                          eta: ev.regularizer.eta, alpha: .nan, mG: opt.mG,
                          thetaNorm: full ? Vector.norm2(theta) : .nan, stepNorm: 0,
                          distanceFromStart: full ? Vector.norm2(Vector.sub(theta, theta0)) : .nan)
    }

    /// What the step set into θ_t's record (‖θ_{t+1} − θ_t‖ = α_t‖d_t‖ only for a kept record).
    static func annotate(_ rec: inout StepRecord, with step: Step, stepNorm: Bool) {
        rec.alpha = step.alpha
        rec.damping = step.damping
        if rec.gram == nil { rec.gram = step.gram }
        if stepNorm { rec.stepNorm = step.alpha * Vector.norm2(step.direction) }
    }

    /// σ_min(J_t), σ_max(J_t) and their error bound into the record.
    static func spectra(_ rec: inout StepRecord, _ ev: PointEvaluation) throws {
        do {
            let s = try Spectral.singularValues(ev.jacobian)
            rec.sigmaMaxJ = s.first
            rec.sigmaMinJ = ev.jacobian.rows > ev.jacobian.cols ? 0 : s.last  // β̂_m: 0 when m > p
            rec.sigmaError = Spectral.singularValueErrorBound(rows: ev.jacobian.rows, cols: ev.jacobian.cols, sigmaMax: s.first ?? 0)
        } catch {
            throw StepError("singular values of J: \(error)")
        }
    }
}
