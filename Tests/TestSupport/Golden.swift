import Foundation
import Reporting
import Theorems

/// Committed outcomes and decisive margins that tests pin, in the baseline format
/// (`Reporting.Baseline`): the quick suite's `Reports/baselines/quick.json` and the theorem test
/// grid's `Tests/Golden/theorem-grid.json`. A verdict that changes fails the test in either
/// direction (a counterexample turning vacuous as surely as a new counterexample), and so does a
/// margin that moves beyond `Baseline.marginTolerance`. After a deliberate change, regenerate
/// both with `.ci/with-lapack swift run -c release update-golden` and say why in the commit.
public enum Golden {
    public static let gridFile = "Tests/Golden/theorem-grid.json"
    public static let quickFile = "Reports/baselines/quick.json"

    public static func load(_ relative: String) throws -> Baseline {
        let url = TestPaths.file(relative)
        return try Baseline.parse(String(contentsOf: url, encoding: .utf8), name: relative)
    }

    public static func write(_ b: Baseline, to relative: String) throws {
        try b.json().write(to: TestPaths.file(relative), atomically: true, encoding: .utf8)
    }

    /// `pinned.differences`: outcomes and margins, both directions, within `scope`.
    public static func differences(_ results: [InstanceResult], pinned: Baseline, scope: (String) -> Bool = { _ in true }) -> [String] {
        pinned.differences(results, scope: scope)
    }
}
