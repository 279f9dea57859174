import Foundation
import Optimizers

/// A theorem as data: what it says, where it comes from, and the readings we evaluate.
public struct TheoremInfo: Sendable, Codable {
    public var id: TheoremID
    public var title: String
    /// Paper (authors, title, arXiv id: `Papers`) and section, e.g. "… arXiv 2404.14875), 'Theory: convergence'".
    public var source: String
    /// The statement as in the source (transcribed).
    public var statement: String
    /// Proofs/ entry that states our reading and derivations.
    public var proofs: String
    public var readings: [ReadingInfo]
    public var hypotheses: [String]
    public var conclusions: [String]
    /// What the findings page says of it (Reports/findings.md).
    public var claim: ClaimReading? = nil
    /// For a set of standing assumptions (checked as hypotheses): each assumption, by the prefix
    /// of its checks' names, and the theorems a failure of it leaves vacuous.
    public var assumptions: [AssumptionInfo] = []
}

/// One standing assumption: the prefix its checks' names start with ("A1"), what it says, the
/// theorems that rest on it (so a failure empties them on that instance) and a caveat.
public struct AssumptionInfo: Sendable, Codable, Equatable {
    public var prefix: String
    public var name: String
    public var empties: [TheoremID]
    public var note: String?
    public init(_ prefix: String, _ name: String, empties: [TheoremID], note: String? = nil) {
        self.prefix = prefix
        self.name = name
        self.empties = empties
        self.note = note
    }
}

/// A theorem as a referee reads it (Reports/findings.md): the claim in plain words, the reading
/// the paper most plausibly intends and why (argued in the Proofs/ section named), and the
/// reading that takes the statement literally where that is another one.
public struct ClaimReading: Sendable, Codable {
    /// The claim in plain words, one sentence.
    public var plain: String
    /// The reading the paper most plausibly intends.
    public var intended: ReadingID
    /// For the 000 theorems, the owner of M_g the intended reading uses ("gbar" or "g"); nil: any.
    public var intendedOwner: String? = nil
    /// Why that reading, in one sentence.
    public var why: String
    /// The Proofs/ file and section that argue it, e.g. "Proofs/Convergence.md §3.4".
    public var section: String
    /// The reading that takes the statement word for word, when it is not `intended`.
    public var literal: ReadingID? = nil
    /// What the decisive margin measures, with its units, e.g. "‖Φ_T − Φ*‖² − ε (squared ℓ2 distance of outputs)".
    public var units: String
    /// The instance size the paper states for this claim (nil: it states none).
    public var paperScale: PaperScale? = nil
}

/// The problem size a paper states (samples m, hidden units n, input dimension n0) and where.
/// The findings page judges a claim's headline at this size first (issue 27).
public struct PaperScale: Sendable, Codable, Equatable {
    public var m: Int
    public var width: Int
    public var inputDimension: Int
    public var source: String
    public init(m: Int, width: Int, inputDimension: Int, source: String) {
        self.m = m
        self.width = width
        self.inputDimension = inputDimension
        self.source = source
    }
    /// Parameters of the two-layer network at this size, p = n·n0 + n.
    public var parameters: Int { width * inputDimension + width }
}

/// One way of reading an ambiguous statement.
public struct ReadingInfo: Sendable, Codable, Equatable {
    public var id: ReadingID
    public var description: String
    /// True only when we have a proof that this reading holds (Proofs/ gives it), e.g. the
    /// τ rule's λ_min reading or the function-space zero-damping limit: the test suites then
    /// fail on any counterexample, which would be a defect of the checker. The papers' own
    /// claims are not "claimed" by us: their counterexamples are findings, recorded as known.
    public var claimed: Bool
    public init(_ id: ReadingID, _ description: String, claimed: Bool = false) {
        self.id = id
        self.description = description
        self.claimed = claimed
    }
}

extension TheoremInfo {
    /// Whether `reading` is one we claim holds (a counterexample there is a defect of the checker).
    public func isClaimed(_ reading: ReadingID) -> Bool {
        readings.contains { $0.claimed && $0.id == reading }
    }
}

/// The verdict of one theorem instance under one reading.
public struct InstanceResult: Sendable, Codable {
    public var theorem: TheoremID
    public var reading: ReadingID
    /// The instance label (problem, seed, width, τ, μ, M_g owner, steps) and the command that reproduces it.
    public var instance: InstanceLabel
    public var outcome: Outcome
    /// Sub-instance outcome counts (per step, or per ε).
    public var counts: OutcomeCounts
    public var worstHypothesis: Check?
    public var worstConclusion: Check?
    /// The first failing conclusion whose hypotheses held (the witness of a counterexample).
    public var witness: Check?
    /// Observed change over bound, where the theorem bounds a change (nil otherwise).
    public var tightness: Double?
    public var notes: [String]
    /// Whether every hypothesis held at every sub-instance (the worst status over them); nil
    /// when the outcome was settled without checks.
    public var hypotheses: HypothesisStatus?
    /// The conclusion with the smallest relative margin among sub-instances whose hypotheses
    /// all held: what the explorer drives down (nil when no sub-instance's hypotheses held).
    public var heldConclusion: Check?
    /// Set when the verdict would differ from a start moved by a few ulps (`TrajectorySensitivity`).
    public var trajectorySensitive: Bool? = nil
    /// How far the decisive margin moved from that start (nil: not measured).
    public var sensitivity: Double? = nil
    /// The names of the hypotheses violated beyond their error bounds, in first-failure order
    /// (nil when none failed): a vacuous instance names what emptied it.
    public var failedHypotheses: [String]? = nil
    /// Why a counterexample fails, as measured terms in one sentence (the findings page's "Why:"
    /// line); set by theorems that decompose their bound (nil: not decomposed).
    public var mechanism: String? = nil

    public init(theorem: TheoremID, reading: ReadingID, instance: InstanceLabel, subInstances: [[Check]],
                tightness: Double? = nil, notes: [String] = []) {
        self.theorem = theorem
        self.reading = reading
        self.instance = instance
        let outcomes = subInstances.map(Classifier.classify)
        outcome = Classifier.aggregate(outcomes)
        var c: OutcomeCounts = [:]
        for o in outcomes { c[o, default: 0] += 1 }
        counts = c
        let all = subInstances.flatMap { $0 }
        let statuses = subInstances.map(HypothesisStatus.of)
        worstHypothesis = Self.worst(all.filter { $0.role == .hypothesis })
        // Conclusions only where no hypothesis failed: a sub-instance whose hypotheses failed says
        // nothing, so its violated conclusion must not stand beside a "holds" verdict.
        worstConclusion = Self.worst(zip(subInstances, statuses).filter { $0.1 != .failed }
            .flatMap { $0.0.filter { $0.role == .conclusion } })
        witness = zip(subInstances, outcomes).first { $0.1 == .counterexample }?.0
            .filter { $0.role == .conclusion && $0.status == .violated }.min { $0.relativeMargin < $1.relativeMargin }
        self.tightness = tightness
        self.notes = notes
        if let bad = all.first(where: { $0.lhs.isNaN || $0.rhs.isNaN }) {
            // Sides in words when not finite (no "nan" token reaches a verdict line).
            let side = { (x: Double) in x.isNaN ? "undefined" : x.isInfinite ? (x > 0 ? "∞" : "−∞") : "\(x)" }
            self.notes.append("undefined: \(bad.name)" + (bad.step.map { " at step \($0)" } ?? "") + " (lhs \(side(bad.lhs)), rhs \(side(bad.rhs)))")
        }
        hypotheses = statuses.max()
        var failed: [String] = []
        for c in all where c.role == .hypothesis && c.status == .violated && !failed.contains(c.name) { failed.append(c.name) }
        failedHypotheses = failed.isEmpty ? nil : failed
        heldConclusion = Self.worst(zip(subInstances, statuses).filter { $0.1 == .held }
            .flatMap { $0.0.filter { $0.role == .conclusion } })
    }

    /// The check with the smallest relative margin; among equal relative margins (e.g. every
    /// "0 < λ_t" check has relative margin 1) the one with the smallest margin, then the earliest.
    static func worst(_ checks: [Check]) -> Check? {
        // A check with a non-finite side has no margin to compare; it is named in the notes.
        let finite = checks.filter { $0.margin.isFinite }
        return (finite.isEmpty ? checks : finite).min { a, b in
            a.relativeMargin != b.relativeMargin ? a.relativeMargin < b.relativeMargin : a.margin < b.margin
        }
    }

    /// The check that decides the outcome: the witness of a counterexample, the violated
    /// hypothesis of a vacuous instance, the tightest held conclusion otherwise. Its margin is
    /// the number baselines pin beside the outcome.
    public var decisive: Check? {
        switch outcome {
        case .counterexample: return witness
        case .vacuous: return worstHypothesis
        // A set of hypotheses alone (standing assumptions) is decided by its closest hypothesis.
        default: return heldConclusion ?? worstConclusion ?? worstHypothesis
        }
    }

    /// The reading as reports and summaries show it, with the M_g owner of regularized-GGN instances.
    public var readingLabel: String {
        reading.rawValue + (instance.mgOwner.map { " (M_g owner \($0.rawValue))" } ?? "") + (instance.method.map { " [\($0)]" } ?? "")
    }

    /// An instance whose trajectory broke down before the theorem could be evaluated.
    public static func failure(theorem: TheoremID, reading: ReadingID, instance: InstanceLabel, reason: String) -> InstanceResult {
        settled(.numericalFailure, theorem: theorem, reading: reading, instance: instance, notes: [reason])
    }

    /// An instance whose outcome is decided without checks (e.g. nothing could be evaluated: inconclusive).
    public static func settled(_ outcome: Outcome, theorem: TheoremID, reading: ReadingID, instance: InstanceLabel, notes: [String]) -> InstanceResult {
        var r = InstanceResult(theorem: theorem, reading: reading, instance: instance, subInstances: [], notes: notes)
        r.outcome = outcome
        r.counts = [outcome: 1]
        r.hypotheses = nil
        return r
    }
}

/// What identifies an instance in a report, and how to rerun it.
public struct InstanceLabel: Sendable, Codable, Equatable {
    public var problem: String
    public var seed: UInt64
    public var m: Int
    public var width: Int
    public var tau: Double
    public var mu: Double
    public var steps: Int
    public var activation: String
    /// Which function's constant M_g uses (regularized-GGN instances only).
    public var mgOwner: MgOwner?
    /// Options for `check-bounds` that rebuild this instance.
    public var arguments: [String]
    /// The method's `--method` name when it is not the default `ggn` (nil otherwise, so the
    /// existing suites' labels, JSON and keys are unchanged).
    public var method: String?

    public init(problem: String, seed: UInt64, m: Int, width: Int, tau: Double, mu: Double, steps: Int, activation: String,
                mgOwner: MgOwner? = nil, arguments: [String]) {
        self.mgOwner = mgOwner
        self.problem = problem
        self.seed = seed
        self.m = m
        self.width = width
        self.tau = tau
        self.mu = mu
        self.steps = steps
        self.activation = activation
        self.arguments = arguments
    }
}

/// Whether a (sub-)instance's hypotheses held: every one satisfied beyond its error bound
/// (held), one violated beyond it (failed), or one within it (undecided). Ordered by severity.
public enum HypothesisStatus: String, Codable, Sendable, CaseIterable, Comparable {
    case held, undecided, failed

    public static func of(_ checks: [Check]) -> HypothesisStatus {
        let hyp = checks.filter { $0.role == .hypothesis }
        if hyp.contains(where: { $0.status == .violated }) { return .failed }
        if hyp.contains(where: { $0.status == .unresolved }) { return .undecided }
        return .held
    }

    var rank: Int { self == .held ? 0 : self == .undecided ? 1 : 2 }
    public static func < (a: HypothesisStatus, b: HypothesisStatus) -> Bool { a.rank < b.rank }
}
