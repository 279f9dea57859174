import Foundation
import Reporting
import Testing
import TestSupport
import Theorems

/// The theorem regression suite's anchor: the quick suite (the suite CI gates) gives, for every
/// theorem, reading and instance, exactly the outcome committed in Reports/baselines/quick.json,
/// in both directions. Editing one outcome there, or a code change that moves one verdict
/// (a counterexample turning vacuous included), fails this test.
@Suite("Golden outcomes")
struct GoldenTests {
    @Test("the quick suite's outcomes equal Reports/baselines/quick.json, key for key")
    func quickSuiteIsPinned() throws {
        let result = SuiteRunner.run(SuiteSpec.quick, concurrency: 2)
        if Golden.updating {
            try Golden.write(Baseline(results: result.results), to: Golden.quickFile)
            return
        }
        let pinned = try Golden.load(Golden.quickFile)
        let diff = Golden.differences(result.results, pinned: pinned)
        let shown = diff.prefix(40).joined(separator: "\n") + (diff.count > 40 ? "\n… and \(diff.count - 40) more" : "")
        #expect(diff.isEmpty, "the quick suite differs from \(Golden.quickFile) (regenerate only for a deliberate change, and say why):\n\(shown)")
        // Every registered theorem is exercised by the quick suite.
        let covered = Set(result.results.map(\.theorem))
        for t in TheoremRegistry.all { #expect(covered.contains(t.id), "the quick suite never evaluates \(t.id)") }
    }

    @Test("a pinned outcome edited in a copy of the baseline is reported, in both directions")
    func differencesAreTwoSided() throws {
        let result = SuiteRunner.run(SuiteSpec.quick, concurrency: 2)
        var edited = Baseline(results: result.results)
        #expect(Golden.differences(result.results, pinned: edited).isEmpty)
        let k = try #require(edited.outcomes.first { $0.value == .counterexample }?.key)
        edited.outcomes[k] = .vacuous
        #expect(Golden.differences(result.results, pinned: edited) == ["changed: \(k): vacuous → counterexample"])
        edited.outcomes[k] = nil
        #expect(Golden.differences(result.results, pinned: edited) == ["new: \(k) → counterexample"])
        edited.outcomes[k] = .counterexample
        edited.outcomes["x | y | --seed 9"] = .holds
        #expect(Golden.differences(result.results, pinned: edited) == ["missing: x | y | --seed 9 (pinned holds)"])
    }

    /// With CHECK_BOUNDS_UPDATE_GOLDEN=1, rewrites Tests/Golden/theorem-grid.json from a fresh run.
    @Test("the grid's golden file is regenerated on request", .enabled(if: Golden.updating))
    func regenerateGrid() throws {
        try Golden.write(Baseline(results: try GoldenGrid.allResults()), to: Golden.gridFile)
    }
}
