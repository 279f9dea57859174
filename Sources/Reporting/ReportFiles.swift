import Foundation
import Experiments
import Exploration
import Serialization
import Theorems

/// Writes a suite's report files. Every file goes through `AtomicFile` (temporary file, then
/// rename), so an interrupted run leaves the previous reports whole.
public enum ReportFiles {
    public static func write(_ result: SuiteResult, experiment: TeacherStudentExperiment.Result?, exploration: ExplorationEvidence? = nil,
                             to dir: String, formats: Set<String>) throws {
        var report = MarkdownReport(result: result, experiment: experiment)
        report.exploration = exploration
        if formats.contains("md") {
            for m in exploration?.maps ?? [] {
                for (r, svg) in ExplorationReport.heatmaps(m) { try AtomicFile.write(svg, to: dir + "/" + ExplorationReport.mapFigure(result.suite.name, m.theorem, r)) }
            }
            for f in report.figures() { try AtomicFile.write(f.svg, to: dir + "/" + f.name) }
            if let f = report.timingFigure() { try AtomicFile.write(f.svg, to: dir + "/" + f.name) }
            try AtomicFile.write(report.markdown(), to: dir + "/\(result.suite.name).md")
            try AtomicFile.write(index(result), to: dir + "/index.md")
        }
        if formats.contains("json") {
            try AtomicFile.write(ResultsJSON.suite(result, experiment: experiment).pretty(), to: dir + "/\(result.suite.name).json")
            if let exploration { try AtomicFile.write(try StableJSON.encode(exploration) + "\n", to: dir + "/\(result.suite.name)-explore.json") }
        }
    }

    static func index(_ r: SuiteResult) -> String {
        var md = "# check-bounds reports\n\n"
        md += "Each suite runs the methods of the papers in `shared/papers/` on sampled problems and checks every theorem's hypotheses and conclusions along the trajectories. Statements and our readings: [Proofs/](../Proofs/README.md).\n\n"
        md += "| suite | instances | holds | vacuous | counterexample | inconclusive | numerical failure |\n|---|---:|---:|---:|---:|---:|---:|\n"
        var c: [Outcome: Int] = [:]
        for x in r.results { c[x.outcome, default: 0] += 1 }
        md += "| [\(r.suite.name)](\(r.suite.name).md) | \(r.results.count) | " + [Outcome.holds, .vacuous, .counterexample, .inconclusive, .numericalFailure].map { String(c[$0] ?? 0) }.joined(separator: " | ") + " |\n\n"
        md += "Per theorem and reading:\n\n" + MarkdownReport.summaryTable(r.results)
        md += "\nThe regularizers' GSC constants, certified against the published claims: [gsc.md](gsc.md) (`check-bounds gsc`).\n"
        return md
    }
}
