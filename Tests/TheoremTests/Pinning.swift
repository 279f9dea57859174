import Foundation
import Reporting
import Testing
import TestSupport
import Theorems

/// The shared assertion of the theorem suites: every result is classified without a numerical
/// failure; a reading we claim (Proofs/) never yields a counterexample (that would be a defect
/// of the checker); and every outcome equals the one pinned in `Tests/Golden/theorem-grid.json`
/// in both directions. A finding of a paper is a pinned counterexample, not a known issue.
func assertPinned(_ results: [InstanceResult], theorem: TheoremID, instance: String) throws {
    let info = try #require(TheoremRegistry.theorem(theorem)?.info, "\(theorem) is not registered")
    #expect(!results.isEmpty, "no result for \(theorem) on \(instance)")
    for r in results {
        #expect(r.theorem == theorem)
        #expect(r.outcome != .numericalFailure, "\(theorem) [\(r.reading)] on \(instance): \(r.notes.joined(separator: "; "))")
        if r.outcome == .counterexample && info.isClaimed(r.reading) {
            let w = r.witness
            Issue.record("counterexample under the claimed reading \(r.reading) on \(instance): \(w?.name ?? "?") at step \(w?.step.map(String.init) ?? "-"): lhs \(w?.lhs ?? .nan), rhs \(w?.rhs ?? .nan)")
        }
    }
    let pinned = try Golden.load(Golden.gridFile)
    let diff = Golden.differences(results, pinned: pinned, scope: GoldenGrid.scope(theorem, results))
    let shown = diff.joined(separator: "\n")
    #expect(diff.isEmpty, "\(theorem) on \(instance) differs from \(Golden.gridFile) (regenerate only for a deliberate change, and say why):\n\(shown)")
}

/// The weaker assertion for results not (yet) pinned: classified, no numerical failure, no
/// counterexample under a claimed reading.
func assertVerdicts(_ results: [InstanceResult], info: TheoremInfo, instance: String) {
    #expect(!results.isEmpty, "no result for \(info.id) on \(instance)")
    for r in results {
        #expect(r.outcome != .numericalFailure, "\(info.id) [\(r.reading)] on \(instance): \(r.notes.joined(separator: "; "))")
        #expect(!(r.outcome == .counterexample && info.isClaimed(r.reading)), "counterexample under the claimed reading \(r.reading) on \(instance)")
    }
}
