import Foundation
import Problems
import Theorems
import Trajectories

/// One instance the explorer tried: the point, the configuration it made, and the theorem's
/// verdicts on it (one per reading; M_g's owner is part of the instance).
public struct Trial: Sendable, Codable {
    public var point: Point
    public var config: RunConfig
    public var results: [InstanceResult]
    /// Set when the point is not a valid instance (e.g. an option combination `check` refuses):
    /// such a point is skipped, not counted as tried.
    public var invalid: String?

    /// The result for a reading, if the trial has one.
    public func result(_ reading: ReadingID) -> InstanceResult? { results.first { $0.reading == reading } }
}

/// How the explorer evaluates one configuration for one theorem: a trajectory theorem reads
/// the instrumented run of the configuration (the same run `check` makes).
public struct TrialEvaluator: Sendable {
    public let theorem: RegisteredTheorem
    public let readings: [ReadingID]?

    /// Fails unless the theorem is one the explorer can evaluate instance by instance.
    public init(theorem: RegisteredTheorem, readings: [ReadingID]? = nil) throws {
        guard theorem.instance != nil else {
            throw SpaceError("\(theorem.id) is checked over a \(theorem.sweep != nil ? "sweep" : "study") of problems, not instance by instance; explore takes \(Self.explorable.map(\.rawValue).joined(separator: ", "))")
        }
        self.theorem = theorem
        self.readings = readings
    }

    /// The theorems `explore` and `map` take.
    public static var explorable: [TheoremID] { TheoremRegistry.all.filter { $0.instance != nil }.map(\.id) }

    public func evaluate(_ point: Point, base: RunConfig) -> Trial {
        let config = point.applied(to: base)
        var trial = Trial(point: point, config: config, results: [], invalid: nil)
        do { try config.validate() } catch {
            trial.invalid = "\(error)"
            return trial
        }
        trial.results = evaluate(config)
        return trial
    }

    /// The theorem's results on one configuration; a breakdown is a numerical-failure result.
    public func evaluate(_ config: RunConfig) -> [InstanceResult] {
        guard let entry = theorem.instance else { return [] }
        let results: [InstanceResult]
        do {
            results = try entry.evaluate(config)
        } catch {
            return [.failure(theorem: theorem.id, reading: .all, instance: label(for: config), reason: "\(error)")]
        }
        guard let readings else { return results }
        return results.filter { readings.contains($0.reading) || $0.reading == .all }
    }
}

extension InstanceResult {
    /// The explorer's objective for this result (lower is more adversarial): the relative
    /// conclusion margin where the hypotheses held (≤ 1; negative is a violation), else 2 plus
    /// how far the hypotheses are from holding, 4 for a breakdown (Proofs/Exploration.md §2).
    public var searchScore: Double {
        if outcome == .numericalFailure { return 4 }
        if let c = heldConclusion, c.relativeMargin.isFinite { return max(c.relativeMargin, -1e6) }
        if let h = worstHypothesis, h.relativeMargin.isFinite { return 2 + min(1, max(0, -h.relativeMargin)) }
        return 3
    }
}
