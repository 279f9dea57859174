import Foundation
import Reporting
import Testing
import TestSupport
import Theorems

/// The theorem regression suite's anchor: the quick suite (the suite CI gates) gives, for every
/// theorem, reading and instance, exactly the outcome committed in Reports/baselines/quick.json,
/// in both directions. Editing one outcome there, or a code change that moves one verdict
/// (a counterexample turning vacuous included), fails this test; so does a decisive margin that
/// moves beyond `Baseline.marginTolerance` (a sign or scale error that flips no verdict).
@Suite("Golden outcomes")
struct GoldenTests {
    @Test("the quick suite's outcomes equal Reports/baselines/quick.json, key for key")
    func quickSuiteIsPinned() throws {
        let result = Fixtures.quick
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
        let result = Fixtures.quick
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
        edited.outcomes["x | y | --seed 9"] = nil
        // Margins: a sign or a scale error that flips no verdict is caught; a rounding-level move is not.
        let held = try #require(result.results.first { $0.outcome == .holds && ($0.decisive?.margin ?? 0) > 1e-3 })
        let hk = Baseline.key(held), m = try #require(edited.margins[hk])
        edited.margins[hk] = m * (1 + 1e-9)
        #expect(Golden.differences(result.results, pinned: edited).isEmpty)
        edited.margins[hk] = m * 1.01
        #expect(Golden.differences(result.results, pinned: edited).map { $0.hasPrefix("margin moved: \(hk)") } == [true])
        edited.margins[hk] = -m
        #expect(Golden.differences(result.results, pinned: edited).count == 1)
        edited.margins[hk] = nil
        #expect(Golden.differences(result.results, pinned: edited) == ["margin not pinned: \(hk) → \(m)"])
        // The committed file pins a margin for every result that has a finite one.
        let pinned = try Golden.load(Golden.quickFile)
        #expect(pinned.margins.count == Baseline(results: result.results).margins.count && !pinned.margins.isEmpty)
    }
}
