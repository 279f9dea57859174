import Foundation
import Theorems
import Trajectories

/// What a suite's report shows of the problem space: an exploration of each selected
/// per-trajectory theorem's default space, and the verdict maps the theorems ask for.
public struct ExplorationEvidence: Sendable, Codable {
    public var summaries: [ExploreSummary]
    public var maps: [VerdictMap]
    public init(summaries: [ExploreSummary], maps: [VerdictMap]) {
        self.summaries = summaries
        self.maps = maps
    }
}

public enum SuiteExploration {
    /// Runs the suite's explorations (search seed 0, no database: the report depends only on
    /// the suite) and maps; nil when the suite asks for neither.
    public static func run(_ suite: SuiteSpec, jobs: Int, progress: ((String) -> Void)? = nil) throws -> ExplorationEvidence? {
        guard suite.exploreBudget != nil || suite.mapCells != nil else { return nil }
        var summaries: [ExploreSummary] = [], maps: [VerdictMap] = []
        for t in suite.selected {
            guard let entry = t.instance else { continue }
            if let budget = suite.exploreBudget {
                var settings = ExploreSettings()
                settings.budget = budget
                settings.jobs = jobs
                progress?("exploring \(t.id) (\(budget) instances)")
                summaries.append(try Exploration.run(theorem: t, readings: nil, space: try SpaceSyntax.parse(entry.space),
                                                     base: RunConfig(), settings: settings, database: nil))
            }
            if let cells = suite.mapCells, cells.count == 2, let spec = t.trajectory?.map {
                progress?("mapping \(t.id) (\(cells[0])×\(cells[1]) instances)")
                let x = try SpaceSyntax.dimension(spec.x), y = try SpaceSyntax.dimension(spec.y)
                let fixed = try SpaceSyntax.parse(spec.fixed)
                let base = fixed.point(at: fixed.dimensions.map { _ in 0 }).applied(to: RunConfig())
                var map = VerdictMap.make(evaluator: try TrialEvaluator(theorem: t), x: (x, cells[0]), y: (y, cells[1]), base: base, jobs: jobs)
                map.markX = spec.markX
                map.markLabel = spec.markLabel
                maps.append(map)
            }
        }
        return ExplorationEvidence(summaries: summaries, maps: maps)
    }
}
