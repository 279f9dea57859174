import Foundation
import Theorems

/// Each claim's one verdict (issue 27, item 5): computed once, by `ClaimEntry`, from the suite's
/// instances and explorations, and shown the same on the findings page, in the study tables,
/// in the suite JSON and on the terminal screen.
extension MarkdownReport {
    /// The claims of the selected theorems, in registry order, with their verdicts.
    public var claimVerdicts: [(theorem: TheoremID, reading: ReadingID, verdict: String)] {
        result.suite.selected.compactMap { t in
            ClaimEntry(t.info, results: result.results, exploration: exploration, base: result.suite.base.problem)
                .flatMap { $0.intended.isEmpty ? nil : (t.id, $0.claim.intended, $0.verdict) }
        }
    }

    /// The verdict shown beside a study headline (table and JSON): the claim's where it states
    /// one, else the study's own.
    static func verdict(_ h: HeadlineClaim, claims: [(theorem: TheoremID, reading: ReadingID, verdict: String)]) -> String {
        h.theorem.flatMap { id in claims.first { $0.theorem == id }?.verdict } ?? h.verdict.rawValue
    }
}
