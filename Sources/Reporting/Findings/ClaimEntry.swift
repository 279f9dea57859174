import Foundation
import Exploration
import Problems
import Theorems

/// One claim of a paper as the findings page states it: the verdict under the intended reading
/// and the literal one, the decisive numbers, the smallest witness and the evidence behind it.
/// Computed from a suite's results and its exploration; nothing here is written by hand.
struct ClaimEntry {
    let info: TheoremInfo
    let claim: ClaimReading
    /// The suite's instances under the intended reading (and owner), and under the literal one.
    let intended: [InstanceResult]
    let literal: [InstanceResult]
    /// The explorer's summary of the intended reading, when the suite explored this theorem.
    let explored: ReadingSummary?
    /// The intended instances at the size the paper states (nil: it states none, or this suite
    /// ran none there): where the headline verdict is judged (issue 27).
    let atScale: [InstanceResult]?

    init?(_ info: TheoremInfo, results: [InstanceResult], exploration: ExplorationEvidence?, base: ProblemSpec) {
        guard let claim = info.claim else { return nil }
        self.info = info
        self.claim = claim
        let mine = results.filter { $0.theorem == info.id }
        func owned(_ r: InstanceResult) -> Bool { claim.intendedOwner.map { r.instance.mgOwner?.rawValue == $0 } ?? true }
        // The reference variants' rows are a comparison, not evidence about the paper's own step.
        // A breakdown before any reading was evaluated is filed under `.all`: it belongs to every
        // reading, so the first screen shows it (issue 30 #4) instead of dropping the claim.
        func mineUnder(_ r: ReadingID) -> [InstanceResult] {
            mine.filter { ($0.reading == r || $0.reading == .all) && owned($0) && $0.instance.method == nil }
        }
        intended = mineUnder(claim.intended)
        literal = claim.literal.map { mineUnder($0) } ?? []
        explored = exploration?.summaries.first { $0.theorem == info.id }?.readings.first { $0.reading == claim.intended }
        let under = intended
        let scaled = claim.paperScale.map { s in
            base.inputDimension == s.inputDimension ? under.filter { $0.instance.m == s.m && $0.instance.width == s.width } : []
        }
        atScale = scaled?.isEmpty == false ? scaled : nil
    }

    /// The aggregate verdict of a set of instances: any counterexample decides; then failures and
    /// undecided margins; "holds" needs one instance that met the hypotheses.
    static func verdict(_ rs: [InstanceResult]) -> String {
        let c = counts(rs)
        if rs.isEmpty { return "not run" }
        if c[.counterexample, default: 0] > 0 { return "counterexample" }
        if c[.numericalFailure, default: 0] > 0 { return "numerical failure" }
        if c[.inconclusive, default: 0] > 0 { return "inconclusive" }
        if c[.holds, default: 0] > 0 { return "holds" }
        return "vacuous"
    }

    static func counts(_ rs: [InstanceResult]) -> [Outcome: Int] {
        var c: [Outcome: Int] = [:]
        for r in rs { c[r.outcome, default: 0] += 1 }
        return c
    }

    /// "2 counterexample, 2 vacuous of 4": the non-zero counts, most severe first.
    static func countLine(_ rs: [InstanceResult]) -> String {
        let c = counts(rs)
        let parts = Outcome.allCases.sorted { $0 > $1 }.compactMap { o in c[o].map { "\($0) \(o.rawValue)" } }
        return parts.joined(separator: ", ") + " of \(rs.count)"
    }

    /// The verdict at the paper's scale where the paper states one and the suite ran it (the
    /// explorer's smaller witness is then a second line); otherwise the suite's verdict, or a
    /// counterexample the explorer found under the same reading (and, for a reading with an
    /// intended M_g owner, with that owner: the explorer samples both).
    var verdict: String {
        if let a = atScale { return Self.verdict(a) }
        let v = Self.verdict(intended)
        guard v != "counterexample", let w = explorerWitness else { return v }
        return w.outcome == .counterexample ? "counterexample (found by the explorer)" : v
    }

    /// Whether the headline is the explorer's counterexample (no suite instance decided it).
    var explorerDecides: Bool { atScale == nil && Self.verdict(intended) != "counterexample" && explorerWitness?.outcome == .counterexample }

    /// The explorer's shrunk counterexample under the intended reading and owner.
    var explorerWitness: Witness? {
        guard let w = explored?.minimalCounterexample else { return nil }
        if let owner = claim.intendedOwner, w.config.mgOwner.rawValue != owner { return nil }
        return w
    }

    /// The instance that decides the verdict: the counterexample with the most negative relative
    /// margin, else the held instance closest to failing, else the hypothesis closest to holding.
    var decisive: (result: InstanceResult, check: Check, role: String)? {
        let intended = headline
        let ce = intended.filter { $0.outcome == .counterexample }.compactMap { r in r.witness.map { (r, $0) } }
        if let w = ce.min(by: { $0.1.relativeMargin < $1.1.relativeMargin }) { return (w.0, w.1, "violated conclusion") }
        let held = intended.compactMap { r in r.heldConclusion.map { (r, $0) } }
        if let w = held.min(by: { $0.1.relativeMargin < $1.1.relativeMargin }) { return (w.0, w.1, "tightest conclusion") }
        let con = intended.filter { $0.outcome == .holds }.compactMap { r in r.worstConclusion.map { (r, $0) } }
        if let w = con.min(by: { $0.1.relativeMargin < $1.1.relativeMargin }) { return (w.0, w.1, "tightest conclusion") }
        let hyp = intended.compactMap { r in r.worstHypothesis.map { (r, $0) } }
        if let w = hyp.max(by: { $0.1.relativeMargin < $1.1.relativeMargin }) { return (w.0, w.1, "closest hypothesis") }
        return nil
    }

    /// The instances the headline is judged on: at the paper's scale where there are any.
    var headline: [InstanceResult] { atScale ?? intended }

    var maxTightness: Double? { intended.compactMap(\.tightness).filter(\.isFinite).max() }
}
