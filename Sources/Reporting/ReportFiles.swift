import Foundation
import Experiments
import GSCCertification
import Exploration
import Serialization
import Theorems

/// Writes a suite's report files. Every file goes through `AtomicFile` (temporary file, then
/// rename), so an interrupted run leaves the previous reports whole.
public enum ReportFiles {
    /// Suites whose findings page is also written as `findings.md` (the ones that run every claim).
    public static let findingsSuites: Set<String> = ["default", "full"]

    public static func write(_ result: SuiteResult, experiment: TeacherStudentExperiment.Result?, exploration: ExplorationEvidence? = nil,
                             gsc: [GSCVerdict] = [], rootLink: String = "..", to dir: String, formats: Set<String>) throws {
        var report = MarkdownReport(result: result, experiment: experiment)
        report.exploration = exploration
        report.gsc = gsc
        report.rootLink = rootLink
        if formats.contains("md") {
            for m in exploration?.maps ?? [] {
                for (r, svg) in ExplorationReport.heatmaps(m) { try AtomicFile.write(svg, to: dir + "/" + ExplorationReport.mapFigure(result.suite.name, m.theorem, r)) }
            }
            for f in report.figures() { try AtomicFile.write(f.svg, to: dir + "/" + f.name) }
            if let f = report.timingFigure() { try AtomicFile.write(f.svg, to: dir + "/" + f.name) }
            try AtomicFile.write(report.markdown(), to: dir + "/\(result.suite.name).md")
            if findingsSuites.contains(result.suite.name) {
                try AtomicFile.write(FindingsPage(report: report, gsc: gsc).markdown(), to: dir + "/findings.md")
            }
            try AtomicFile.write(index(result, dir: dir, rootLink: rootLink), to: dir + "/index.md")
        }
        if formats.contains("json") {
            try AtomicFile.write(ResultsJSON.suite(result, experiment: experiment).pretty(), to: dir + "/\(result.suite.name).json")
            if let exploration { try AtomicFile.write(try StableJSON.encode(exploration) + "\n", to: dir + "/\(result.suite.name)-explore.json") }
        }
    }

    /// The index links every suite report in the folder (this run's and earlier ones), the GSC
    /// certification and the benchmark; it repeats no table.
    static func index(_ r: SuiteResult, dir: String, rootLink: String) -> String {
        var md = "# check-bounds reports\n\n"
        md += "Each suite runs the methods of the papers (Adeoye, Petersen, Bemporad, arXiv 2404.14875, and its companions; see [Proofs/](\(rootLink)/Proofs/README.md)) on sampled problems and checks every theorem's hypotheses and conclusions along the trajectories.\n\n"
        md += "| report | what |\n|---|---|\n"
        let fm = FileManager.default
        if findingsSuites.contains(r.suite.name) || fm.fileExists(atPath: dir + "/findings.md") {
            md += "| [findings](findings.md) | the referee's page: each claim of the papers, its verdict, the decisive numbers and the smallest witness |\n"
        }
        for name in SuiteSpec.names where name == r.suite.name || fm.fileExists(atPath: dir + "/\(name).md") {
            let what = name == r.suite.name ? "\(r.results.count) theorem instances; " + outcomeLine(r.results) : "an earlier run (see its header)"
            md += "| [\(name)](\(name).md) | \(what) |\n"
        }
        md += "| [gsc](gsc.md) | the regularizers' GSC constants, certified against the published claims (`check-bounds gsc`) |\n"
        if fm.fileExists(atPath: dir + "/performance.md") { md += "| [performance](performance.md) | the step benchmark (`check-bounds bench`) |\n" }
        return md
    }

    static func outcomeLine(_ results: [InstanceResult]) -> String {
        var c: [Outcome: Int] = [:]
        for x in results { c[x.outcome, default: 0] += 1 }
        return Outcome.allCases.compactMap { k in c[k].map { "\(k.rawValue) \($0)" } }.joined(separator: ", ")
    }
}
