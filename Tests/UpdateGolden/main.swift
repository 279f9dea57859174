import Foundation
import Reporting
import TestSupport

// Regenerates what the golden tests pin, outcomes and decisive margins: the quick suite's
// `Reports/baselines/quick.json` and the theorem grid's `Tests/Golden/theorem-grid.json`.
// Run it only for a deliberate change of a verdict or a margin, and say why in the commit
// (README "The gate and the golden tests"): `.ci/with-lapack swift run -c release update-golden`.
guard CommandLine.arguments.count == 1 else {
    FileHandle.standardError.write(Data("update-golden: takes no arguments (it rewrites \(Golden.quickFile) and \(Golden.gridFile))\n".utf8))
    exit(2)
}
do {
    let quick = Baseline(results: Fixtures.quick.results)
    try Golden.write(quick, to: Golden.quickFile)
    print("\(Golden.quickFile): \(quick.outcomes.count) outcomes, \(quick.margins.count) margins")
    let grid = Baseline(results: try GoldenGrid.allResults())
    try Golden.write(grid, to: Golden.gridFile)
    print("\(Golden.gridFile): \(grid.outcomes.count) outcomes, \(grid.margins.count) margins")
} catch {
    FileHandle.standardError.write(Data("update-golden: \(error)\n".utf8))
    exit(3)
}
