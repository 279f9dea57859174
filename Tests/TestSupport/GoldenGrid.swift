import Foundation
import Reporting
import Theorems

/// What `Tests/Golden/theorem-grid.json` pins: every trajectory theorem on every instance of
/// `TheoremInstance.grid`, the sweep theorems on their test sweeps, and the companion studies
/// at quick scale for the seeds the study suites use.
public enum GoldenGrid {
    /// The zero-damping sweeps of the tests: per seed, these widths.
    public static let sweepSeeds: [UInt64] = [0, 1]
    public static let sweepWidths = [40, 160, 640]
    /// Seeds of the study suites at quick scale.
    public static let studySeeds: [UInt64] = [0, 1, 2]

    public static func sweepSuite(_ theorem: TheoremID, seed: UInt64) -> SuiteSpec {
        var s = SuiteSpec.quick
        s.seeds = [seed]
        s.theorems = [theorem]
        s.limitWidths = sweepWidths
        return s
    }

    public static func studySuite(_ theorems: [TheoremID], seed: UInt64) -> SuiteSpec {
        var s = SuiteSpec.quick
        s.seeds = [seed]
        s.theorems = theorems
        return s
    }

    /// Everything the file pins, computed afresh (`update-golden`); the grid's instances on
    /// two threads, each trajectory once for every theorem.
    public static func allResults() throws -> [InstanceResult] {
        let grid = TheoremInstance.grid
        DispatchQueue.concurrentPerform(iterations: 2) { lane in
            for k in stride(from: lane, to: grid.count, by: 2) { _ = try? grid[k].allResults() }
        }
        var out: [InstanceResult] = []
        for i in grid { out += try i.allResults() }
        for t in TheoremRegistry.all where t.sweep != nil {
            for seed in sweepSeeds { out += SuiteRunner.run(sweepSuite(t.id, seed: seed)).results }
        }
        // Each study measures only what its own selected theorems need, so one suite runs them all.
        let studyIDs = TheoremRegistry.all.filter { $0.study != nil }.map(\.id)
        for seed in studySeeds { out += SuiteRunner.run(studySuite(studyIDs, seed: seed)).results }
        // The momentum study draws its problems from its own setup's seeds, not the suite's.
        for seed in studySeeds { out += momentumStudy(seed: seed).results }
        return out
    }

    /// The momentum study at quick scale on one seed, as its test suite runs it.
    public static func momentumStudy(seed: UInt64) -> StudyResult {
        var suite = SuiteSpec.quick
        suite.theorems = MomentumDynamicsStudy.infos.map(\.id)
        var setup = MomentumDynamicsStudy.setup(.quick)
        setup.seeds = [seed]
        return MomentumDynamicsStudy.run(suite, setup: setup, progress: nil)
    }

    /// The key scope of one instance's results: keys of `theorem` whose arguments are those of `results`.
    public static func scope(_ theorem: TheoremID, _ results: [InstanceResult]) -> (String) -> Bool {
        let suffixes = Set(results.map { r -> String in
            let k = Baseline.key(r)
            return String(k[k.range(of: " | ", options: .backwards)!.upperBound...])
        })
        return { k in
            guard k.hasPrefix(theorem.rawValue + " | "), let r = k.range(of: " | ", options: .backwards) else { return false }
            return suffixes.contains(String(k[r.upperBound...]))
        }
    }
}
