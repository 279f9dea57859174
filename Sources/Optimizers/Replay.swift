import Foundation
import LinearAlgebra

/// How far a given θ_{t+1} lies from the method's own step at θ_t (`check-bounds audit`).
public struct StepDeviation: Sendable, Equatable, Codable {
    public var step: Int
    /// ‖θ_{t+1}^given − θ_{t+1}^method‖₂.
    public var absolute: Double
    /// absolute / ‖θ_{t+1}^method‖₂ (absolute itself when that norm is 0).
    public var relative: Double
    /// absolute / ‖θ_{t+1}^method − θ_t‖₂, the deviation as a fraction of the method's step.
    public var relativeToStep: Double
    public init(step: Int, absolute: Double, relative: Double, relativeToStep: Double) {
        self.step = step
        self.absolute = absolute
        self.relative = relative
        self.relativeToStep = relativeToStep
    }
}

/// The deviations a replay measured, in step order (a reference: the engine runs a copy of the optimizer).
public final class DeviationLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [StepDeviation] = []
    public init() {}
    func append(_ d: StepDeviation) { lock.lock(); items.append(d); lock.unlock() }
    public var deviations: [StepDeviation] { lock.lock(); defer { lock.unlock() }; return items }
}

/// A method replayed along a given trajectory θ_0, θ_1, …: at each θ_t it computes the method's
/// own step (so the record, α_t, η_t, the GGN system and every theorem quantity are the
/// method's), logs how far the given θ_{t+1} is from the method's θ_{t+1}, and returns the given
/// θ_{t+1}, so the engine walks the given trajectory. Past the last given iterate it is the method
/// itself (a continuation, e.g. for the limit estimate). Knows no theorem.
public struct ReplayOptimizer: Optimizer {
    public var inner: any Optimizer
    public let given: [[Double]]
    public let log: DeviationLog

    public init(_ inner: any Optimizer, given: [[Double]], log: DeviationLog) {
        self.inner = inner
        self.given = given
        self.log = log
    }

    public mutating func evaluate(_ theta: [Double], iteration t: Int, objective: Objective) -> PointEvaluation {
        inner.evaluate(theta, iteration: t, objective: objective)
    }

    public mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step {
        let s = try inner.step(ev, iteration: t, objective: objective)
        // Only on the given trajectory itself: the engine's θ_t is the given θ_t there.
        guard t + 1 < given.count, ev.theta == given[t] else { return s }
        let next = given[t + 1]
        let absolute = Vector.norm2(Vector.sub(next, s.next))
        let scale = Vector.norm2(s.next), stepLength = Vector.norm2(Vector.sub(s.next, ev.theta))
        log.append(StepDeviation(step: t, absolute: absolute, relative: scale > 0 ? absolute / scale : absolute,
                                 relativeToStep: stepLength > 0 ? absolute / stepLength : (absolute == 0 ? 0 : .infinity)))
        return Step(next: next, direction: s.direction, alpha: s.alpha, eta: s.eta, mG: s.mG, system: s.system,
                    damping: s.damping, gram: s.gram)
    }

    public func alpha(at ev: PointEvaluation) -> Double { inner.alpha(at: ev) }
    public var mG: Double { inner.mG }
    public var timeStep: Double { inner.timeStep }
}
