import Foundation

/// A study: the checks of one companion paper (002 Gram-Gauss-Newton, 003 damped Gauss-Newton,
/// 004 momentum dynamics) that do not fit "one instrumented regularized-GGN run per instance" —
/// sweeps over the width or the conditioning, other methods, fitted exponents. A study runs
/// once per suite, at the suite's `studyScale`, and returns verdicts through the same engine
/// (`InstanceResult`, so the summary, the baseline and the gate treat them like any other),
/// plus the headline claims, tables and figure data its report section shows.
public protocol Study: SendableMetatype {
    /// Stable id (used in `--theorems` filtering only through `infos`).
    static var id: String { get }
    /// Section title in the report.
    static var title: String { get }
    /// The theorems this study checks; their ids are what `--theorems` selects.
    static var infos: [TheoremInfo] { get }
    /// Runs the study for `suite` (only the theorems `suite.includes`). Must not throw: a numerical
    /// breakdown is an outcome (`InstanceResult.failure`), reported like any other.
    static func run(_ suite: SuiteSpec, progress: ((String) -> Void)?) -> StudyResult
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
    public var verdict: Verdict
    public init(claim: String, measured: String, verdict: Verdict) {
        self.claim = claim
        self.measured = measured
        self.verdict = verdict
    }
}

/// One curve of a study figure (a plain-data mirror of `Figures.Series`).
public struct StudySeries: Sendable, Codable, Equatable {
    public var label: String
    public var x: [Double]
    public var y: [Double]
    public var dashed: Bool
    public var markers: Bool
    public init(label: String, x: [Double], y: [Double], dashed: Bool = false, markers: Bool = false) {
        self.label = label
        self.x = x
        self.y = y
        self.dashed = dashed
        self.markers = markers
    }
}

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
    /// Extra Markdown tables (already rendered, deterministic).
    public var tables: [String]
    public var figures: [StudyFigure]
    public init(id: String, title: String, sources: [String], proofs: String, infos: [TheoremInfo], results: [InstanceResult],
                headlines: [HeadlineClaim], tables: [String] = [], figures: [StudyFigure] = []) {
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
