import Foundation
import Reporting
import Theorems

/// Committed outcomes that tests pin, in the baseline format (`Reporting.Baseline`): the quick
/// suite's `Reports/baselines/quick.json` and the theorem test grid's
/// `Tests/Golden/theorem-grid.json`. A verdict that changes fails the test in either direction
/// (a counterexample turning vacuous as surely as a new counterexample); after a deliberate
/// change, regenerate with `CHECK_BOUNDS_UPDATE_GOLDEN=1 swift test -c release --filter Golden`
/// and say why in the commit.
public enum Golden {
    public static let gridFile = "Tests/Golden/theorem-grid.json"
    public static let quickFile = "Reports/baselines/quick.json"

    public static var updating: Bool { ProcessInfo.processInfo.environment["CHECK_BOUNDS_UPDATE_GOLDEN"] == "1" }

    public static func load(_ relative: String) throws -> Baseline {
        let url = TestPaths.file(relative)
        return try Baseline.parse(String(contentsOf: url, encoding: .utf8), name: relative)
    }

    public static func write(_ b: Baseline, to relative: String) throws {
        try b.json().write(to: TestPaths.file(relative), atomically: true, encoding: .utf8)
    }

    /// Differences between outcomes and the pinned ones, restricted to keys `scope` accepts:
    /// outcomes that changed, results the golden file lacks, and golden entries no result produced.
    public static func differences(_ results: [InstanceResult], pinned: Baseline, scope: (String) -> Bool = { _ in true }) -> [String] {
        let actual = Baseline(results: results).outcomes
        var out: [String] = []
        for (k, o) in actual.sorted(by: { $0.key < $1.key }) {
            guard let p = pinned.outcomes[k] else { out.append("new: \(k) → \(o.rawValue)"); continue }
            if p != o { out.append("changed: \(k): \(p.rawValue) → \(o.rawValue)") }
        }
        for k in pinned.outcomes.keys.sorted() where scope(k) && actual[k] == nil { out.append("missing: \(k) (pinned \(pinned.outcomes[k]!.rawValue))") }
        return out
    }
}
