import Curves
import Foundation
import LinearAlgebra

/// A study: the checks of one companion paper (002 Gram-Gauss-Newton, 003 damped Gauss-Newton,
/// 004 momentum dynamics) that do not fit "one instrumented regularized-GGN run per instance" —
/// sweeps over the width or the conditioning, other methods, fitted exponents. A study runs
/// once per suite, at the suite's `studyScale`: it measures (`measure`, the per-paper runner),
/// each of its theorems judges the measurement (`StudyTheorem`, one file each), and the study
/// lays out typed tables and figures that Reporting renders.
public protocol Study: SendableMetatype {
    associatedtype Evidence
    static var id: String { get }
    /// Section title in the report.
    static var title: String { get }
    /// The sources the study reads (authors, title, arXiv id).
    static var sources: [String] { get }
    /// Proofs/ entry of the study.
    static var proofs: String { get }
    /// The paper's theorems in report order; their ids are what `--theorems` selects.
    static var theorems: [StudyTheoremEntry<Evidence>] { get }
    /// Measures what the theorems `suite.includes` read. Must not throw: a breakdown is recorded
    /// in the evidence and becomes an outcome (`InstanceResult.failure`).
    static func measure(_ suite: SuiteSpec, progress: ((String) -> Void)?) -> Evidence
    /// The study section's tables and figures, as data.
    static func presentation(_ evidence: Evidence, results: [InstanceResult], suite: SuiteSpec) -> (tables: [StudyTable], figures: [StudyFigure])
    /// The selected theorems' results in the order the report lists them (the summary table
    /// keys its rows by first appearance). Default: theorem by theorem, in `theorems` order.
    static func reportOrder(_ results: [InstanceResult], evidence: Evidence) -> [InstanceResult]
    /// The study's theorems that can also be evaluated on one configuration (`explore`, `map`).
    static var instanceTheorems: [(id: TheoremID, entry: RegisteredTheorem.InstanceEntry)] { get }
}

/// A theorem of a companion paper, judged on its study's evidence.
public protocol StudyTheorem: Theorem {
    /// The paper's headline claims this theorem speaks to, with our measurement and verdict.
    static func headlines(_ evidence: Evidence, results: [InstanceResult]) -> [HeadlineClaim]
}

/// A study theorem with its evidence type fixed (what `Study.theorems` lists).
public struct StudyTheoremEntry<Evidence>: Sendable {
    public let info: TheoremInfo
    public let evaluate: @Sendable (Evidence) -> [InstanceResult]
    public let headlines: @Sendable (Evidence, [InstanceResult]) -> [HeadlineClaim]
    public let certificationGap: String
    public init<T: StudyTheorem>(_ t: T.Type) where T.Evidence == Evidence {
        info = T.info
        certificationGap = T.certificationGap
        evaluate = { T.evaluate($0) }
        headlines = { T.headlines($0, results: $1) }
    }
}

extension Study {
    public static var infos: [TheoremInfo] { theorems.map(\.info) }

    public static func reportOrder(_ results: [InstanceResult], evidence: Evidence) -> [InstanceResult] { results }
    public static var instanceTheorems: [(id: TheoremID, entry: RegisteredTheorem.InstanceEntry)] { [] }

    /// Measures, evaluates the selected theorems, and lays out the section.
    public static func run(_ suite: SuiteSpec, progress: ((String) -> Void)?) -> StudyResult {
        BLASThreads.setReproducible()
        return run(suite, evidence: measure(suite, progress: progress))
    }

    /// Evaluates the selected theorems on `evidence` and lays out the section (a test may
    /// measure at a setup of its own and judge through here).
    public static func run(_ suite: SuiteSpec, evidence: Evidence) -> StudyResult {
        var results: [InstanceResult] = [], headlines: [HeadlineClaim] = []
        for t in theorems where suite.includes(t.info.id) {
            let r = t.evaluate(evidence)
            results += r
            // The first headline a study theorem returns states its claim: it carries the
            // theorem's id, and reports show the claim's one verdict there (issue 27, item 5).
            var hs = t.headlines(evidence, r)
            if !hs.isEmpty, hs[0].theorem == nil { hs[0].theorem = t.info.id }
            headlines += hs
        }
        results = reportOrder(results, evidence: evidence)
        let p = presentation(evidence, results: results, suite: suite)
        return StudyResult(id: id, title: title, sources: sources, proofs: proofs, infos: infos, results: results,
                           headlines: headlines, tables: p.tables, figures: p.figures)
    }
}

/// A table of a study section: column headers, alignment, and rows of formatted cells.
public struct StudyTable: Sendable, Codable, Equatable {
    public var columns: [String]
    /// Right-align a column (numbers); default left.
    public var rightAligned: [Bool]
    public var rows: [[String]]
    public init(columns: [String], rightAligned: [Bool]? = nil, rows: [[String]]) {
        self.columns = columns
        self.rightAligned = rightAligned ?? columns.map { _ in false }
        self.rows = rows
    }
}

/// How large a study's sweeps are: `quick` for CI and tests (seconds), `standard` for the default
/// suite (its share of the ~3 minute budget), `full` for the documented long sweeps.
public enum StudyScale: String, Sendable, Codable, CaseIterable {
    case quick, standard, full
}

/// A paper's headline claim and what our numbers say about it.
public struct HeadlineClaim: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable { case confirmed, notConfirmed = "not confirmed", inconclusive }
    /// Paper file and the claim in a sentence.
    public var claim: String
    /// The measured figures, in a sentence (e.g. "fitted slope of log Ĉ on log M: 0.48 ± 0.05").
    public var measured: String
    /// The study's own criterion (the reports show the claim's verdict instead where `theorem` is set).
    public var verdict: Verdict
    /// The registered claim this headline states (set by `Study.run` on a theorem's first headline).
    public var theorem: TheoremID? = nil
    public init(claim: String, measured: String, verdict: Verdict) {
        self.claim = claim
        self.measured = measured
        self.verdict = verdict
    }
}

/// One curve of a study figure: plain data (`Curves`), drawn by the report.
public typealias StudySeries = Series

/// A figure a study asks the report to draw; `name` becomes `figures/<suite>-<study>-<name>.svg`.
public struct StudyFigure: Sendable, Codable, Equatable {
    public var name: String
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX: Bool
    public var logY: Bool
    /// A log y axis when every value is positive (overrides `logY`).
    public var autoLogY: Bool
    public var series: [StudySeries]
    public var caption: String
    /// Alt text (default: the title).
    public var alt: String
    public init(name: String, title: String, xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false, autoLogY: Bool = false,
                series: [StudySeries], caption: String, alt: String? = nil) {
        self.name = name
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
        self.autoLogY = autoLogY
        self.series = series
        self.caption = caption
        self.alt = alt ?? title
    }
}

/// What a study produced. Everything here must be a function of the suite's options only
/// (no timings), so reports stay byte-identical between runs.
public struct StudyResult: Sendable, Codable {
    public var id: String
    public var title: String
    /// Paper files the study reads, e.g. "002_….txt".
    public var sources: [String]
    /// Proofs/ entry of the study.
    public var proofs: String
    public var infos: [TheoremInfo]
    public var results: [InstanceResult]
    public var headlines: [HeadlineClaim]
    public var tables: [StudyTable]
    public var figures: [StudyFigure]
    public init(id: String, title: String, sources: [String], proofs: String, infos: [TheoremInfo], results: [InstanceResult],
                headlines: [HeadlineClaim], tables: [StudyTable] = [], figures: [StudyFigure] = []) {
        self.id = id
        self.title = title
        self.sources = sources
        self.proofs = proofs
        self.infos = infos
        self.results = results
        self.headlines = headlines
        self.tables = tables
        self.figures = figures
    }
}
