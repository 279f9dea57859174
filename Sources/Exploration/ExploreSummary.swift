import Foundation
import Theorems
import Trajectories

/// What an exploration found under one reading: how the sampled instances fell, the
/// counterexamples (each shrunk to a minimal one), and the tightest instance whose hypotheses held.
public struct ReadingSummary: Sendable, Codable {
    public var reading: ReadingID
    public var claimed: Bool
    public var tried: Int
    /// Instances by the status of their hypotheses (every one held / one failed / one undecided).
    public var hypothesesHeld: Int
    public var hypothesesFailed: Int
    public var hypothesesUndecided: Int
    public var outcomes: OutcomeCounts
    public var counterexamples: Int
    /// The smallest relative conclusion margin among instances whose hypotheses all held.
    public var tightest: Witness?
    /// The first counterexample found, and its shrunk form.
    public var firstCounterexample: Witness?
    public var minimalCounterexample: Witness?
    /// Whether the database held a finding for this reading before this exploration.
    public var known: Bool
}

/// One instance with the check that makes it interesting, and the line that reproduces it.
public struct Witness: Sendable, Codable {
    public var config: RunConfig
    public var check: Check
    public var outcome: Outcome
    public var arguments: [String]
    public var reproduce: String
    /// For a minimal counterexample: its rigorous re-evaluation (Proofs/Numerics.md §7).
    public var certificate: Certificate?
    /// The theorem's decomposition of the failure (`InstanceResult.mechanism`), when it gives one.
    public var mechanism: String? = nil

    public init(config: RunConfig, check: Check, outcome: Outcome, theorem: TheoremID) {
        self.config = config
        self.check = check
        self.outcome = outcome
        arguments = TheoremRegistry.theorem(theorem)?.reproduceArguments(config) ?? reproduceArguments(config)
        reproduce = "check-bounds check " + arguments.joined(separator: " ") + " --theorems \(theorem)"
    }
}

/// The whole exploration of one theorem.
public struct ExploreSummary: Sendable, Codable {
    public var theorem: TheoremID
    public var space: Space
    public var seed: UInt64
    public var tried: Int
    public var readings: [ReadingSummary]
    /// Stored findings replayed first: how many reproduced, and the ones that did not.
    public var replayed: Int
    public var changed: [String]
    /// Findings written to the database by this exploration (new files).
    public var stored: [String]
    /// Wall time; not encoded, so the JSON of a report depends only on the suite.
    public var seconds: Double = 0

    enum CodingKeys: String, CodingKey { case theorem, space, seed, tried, readings, replayed, changed, stored }

    /// A counterexample the database did not hold, one under a reading we claim, or a stored
    /// finding that no longer reproduces: the gate's exit 1.
    public var isNewFinding: Bool {
        !changed.isEmpty || readings.contains { $0.counterexamples > 0 && (!$0.known || $0.claimed) }
    }

    /// Per-reading counts from a set of trials (before shrinking).
    static func summarize(_ trials: [Trial], info: TheoremInfo) -> [ReadingSummary] {
        Explorer.readings(trials).map { r in
            let results = trials.compactMap { t in t.result(r).map { (t.config, $0) } }
            var s = ReadingSummary(reading: r, claimed: info.isClaimed(r), tried: results.count, hypothesesHeld: 0, hypothesesFailed: 0,
                                   hypothesesUndecided: 0, outcomes: [:], counterexamples: 0, known: false)
            for (_, x) in results {
                s.outcomes[x.outcome, default: 0] += 1
                switch x.hypotheses {
                case .held?: s.hypothesesHeld += 1
                case .failed?: s.hypothesesFailed += 1
                case .undecided?: s.hypothesesUndecided += 1
                case nil: break
                }
            }
            let cex = results.filter { $0.1.outcome == .counterexample }
            s.counterexamples = cex.count
            if let (c, x) = cex.first, let w = x.witness ?? x.heldConclusion {
                s.firstCounterexample = Witness(config: c, check: w, outcome: x.outcome, theorem: info.id)
            }
            let held = results.filter { $0.1.hypotheses == .held && $0.1.heldConclusion != nil }
            if let (c, x) = held.min(by: { $0.1.heldConclusion!.relativeMargin < $1.1.heldConclusion!.relativeMargin }) {
                s.tightest = Witness(config: c, check: x.heldConclusion!, outcome: x.outcome, theorem: info.id)
            }
            return s
        }
    }
}
