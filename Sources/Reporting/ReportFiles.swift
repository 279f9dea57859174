import Foundation
import Experiments
import GSCCertification
import Exploration
import Serialization
import Theorems

/// Writes a suite's report files as one `OutputSet`: staged, then renamed into place, so an
/// interrupted run leaves the previous reports whole and no temporary file behind.
public enum ReportFiles {
    /// Suites whose findings page is also written as `findings.md` (the ones that run every claim).
    public static let findingsSuites: Set<String> = ["default", "full"]

    public static func write(_ result: SuiteResult, experiment: TeacherStudentExperiment.Result?, exploration: ExplorationEvidence? = nil,
                             gsc: [GSCVerdict] = [], extra: [(name: String, text: String)] = [], rootLink: String = "..",
                             to dir: String, formats: Set<String>) throws {
        // The whole set replaces the previous one, or nothing does (Serialization/OutputSet.swift).
        let set = try OutputSet(directory: dir, name: result.suite.name)
        defer { set.discard() }
        for f in extra { try set.add(f.text, as: f.name) }
        var report = MarkdownReport(result: result, experiment: experiment)
        report.exploration = exploration
        report.gsc = gsc
        report.rootLink = rootLink
        if formats.contains("md") {
            for m in exploration?.maps ?? [] {
                for (r, svg) in ExplorationReport.heatmaps(m) { try set.add(svg, as: ExplorationReport.mapFigure(result.suite.name, m.theorem, r)) }
            }
            for f in report.figures() { try set.add(f.svg, as: f.name) }
            if let f = report.timingFigure() { try set.add(f.svg, as: f.name) }
            try set.add(report.markdown(), as: "\(result.suite.name).md")
            try set.add(report.timingMarkdown(), as: "\(result.suite.name)-timing.md")
            if findingsSuites.contains(result.suite.name) {
                try set.add(FindingsPage(report: report, gsc: gsc).markdown(), as: "findings.md")
            }
            try set.add(index(result, dir: dir, rootLink: rootLink), as: "index.md")
        }
        if formats.contains("json") {
            try set.add(ResultsJSON.suite(result, experiment: experiment, claims: report.claimVerdicts).pretty(), as: "\(result.suite.name).json")
            if let exploration { try set.add(try StableJSON.encode(exploration) + "\n", as: "\(result.suite.name)-explore.json") }
        }
        try set.commit()
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
        for name in SuiteSpec.names + ["custom"] where name == r.suite.name || fm.fileExists(atPath: dir + "/\(name).md") {
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
