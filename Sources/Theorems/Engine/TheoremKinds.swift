import Foundation
import Optimizers
import Problems
import Quantities
import Trajectories

/// A theorem the engine checks: what it states (`info`), the evidence it reads, and how it
/// judges that evidence. The engine runs, filters, reports and gates theorems through
/// `TheoremRegistry` only; it knows the kinds of evidence below, never a theorem by name.
public protocol Theorem: SendableMetatype {
    associatedtype Evidence
    static var info: TheoremInfo { get }
    /// One result per reading (and per sub-instance the evidence holds). Must not throw: a
    /// breakdown is an outcome (`InstanceResult.failure`).
    static func evaluate(_ evidence: Evidence) -> [InstanceResult]
    /// A counterexample witness re-evaluated in rigorous interval arithmetic (Proofs/Numerics.md
    /// §7): the configuration, the reading and the violated check the explorer reported.
    static func certify(_ config: RunConfig, reading: ReadingID, check: Check) -> Certificate
    /// Why a witness is not certified, for a theorem with no `certify` of its own.
    static var certificationGap: String { get }
}

extension Theorem {
    public static func certify(_ config: RunConfig, reading: ReadingID, check: Check) -> Certificate {
        .notCertified(certificationGap)
    }
    public static var certificationGap: String {
        "no interval evaluator of this theorem's quantities; the verdict rests on the trajectory-sensitivity rule (Proofs/Numerics.md §6)"
    }
}

/// A theorem evaluated on every instrumented regularized-GGN run of a suite (000).
public protocol TrajectoryTheorem: Theorem where Evidence == InstrumentedRun {
    /// The number of steps the run needs for this theorem to be decidable (default: as configured).
    static func requiredSteps(problem: Problem, config: RunConfig) -> Int
    /// Per-run curves for the report's figures.
    static func series(_ run: InstrumentedRun) -> [RunSeries]
    /// The region of instances the statement speaks of, for `explore` and `map`, in the space
    /// syntax (`tau=1e-6..1:log,n=8..256:log,…`; Proofs/Exploration.md §1); a single value fixes an
    /// option for every sampled instance (`m-test=0`: no check reads the test loss).
    static var space: String { get }
    /// The verdict map the suite reports draw for this theorem (nil: none).
    static var map: MapSpec? { get }
    /// The checks at one step that read σ_min(J_t) or σ_max(J_t) and can still decide the verdict
    /// (default: none). Under `--sigma refine` a step whose Gram interval leaves one of them
    /// undecided is refined by the orthogonal route (`SpectrumRefinement`).
    static func spectrumChecks(_ step: StepQuantities, config: RunConfig) -> [Check]
}

/// A verdict map in a suite's report: two axes `name=lo..hi[:log]` (the suite sets the cell
/// counts) and the options fixed for every cell, in the space syntax.
public struct MapSpec: Sendable, Codable, Equatable {
    public var x: String
    public var y: String
    public var fixed: String
    /// An x value the paper uses, outlined on the map (nil: none), and what it is.
    public var markX: Double? = nil
    public var markLabel: String? = nil
    public init(x: String, y: String, fixed: String, markX: Double? = nil, markLabel: String? = nil) {
        self.x = x
        self.y = y
        self.fixed = fixed
        self.markX = markX
        self.markLabel = markLabel
    }
}

extension TrajectoryTheorem {
    public static func requiredSteps(problem: Problem, config: RunConfig) -> Int { config.steps }
    public static func series(_ run: InstrumentedRun) -> [RunSeries] { [] }
    public static var map: MapSpec? { nil }
    public static func spectrumChecks(_ step: StepQuantities, config: RunConfig) -> [Check] { [] }
    /// Small instances of the paper's setup: every scale the statement leaves free, over decades.
    public static var space: String {
        "seed=0..999,m=4..32,m-test=0,n=8..256:log,n0=2..8,tau=1e-6..1:log,alpha-bar=0.05..1,mg-owner=gbar|g,activation=silu|tanh|softplus"
    }
}

/// A theorem whose evidence can be computed for one configuration, so `explore` and `map` can
/// sample it (Proofs/Exploration.md §1): its default space and its results on one instance.
public protocol InstanceTheorem: Theorem {
    static var space: String { get }
    static func evaluate(instance config: RunConfig) -> [InstanceResult]
    /// The run options (`check`'s names, without "--") the instance evaluator reads; nil: all.
    /// `check` refuses any other option for it, and its reproduce lines carry only these.
    static var readOptions: [String]? { get }
    /// Why a counterexample on `config` fails, measured beyond the instance itself (e.g. the
    /// same problem at larger widths); asked for the explorer's minimal witness only. nil: none.
    static func mechanism(instance config: RunConfig, result: InstanceResult) -> String?
}

extension InstanceTheorem {
    public static var readOptions: [String]? { nil }
    public static func mechanism(instance config: RunConfig, result: InstanceResult) -> String? { nil }
}

/// A theorem evaluated across a sweep of problems (e.g. over widths), one measured point per
/// problem; each point is an independent unit of work (and of a shard), so it is Codable.
public protocol SweepTheorem: Theorem where Evidence == Sweep<Point> {
    associatedtype Point: Codable & Sendable
    /// The sweep's problems, in order.
    static func configs(_ suite: SuiteSpec) -> [RunConfig]
    static func measure(_ config: RunConfig) throws -> Point
    /// Figures of the whole sweep (empty when it has no points).
    static func figures(_ sweep: Sweep<Point>) -> [StudyFigure]
    /// The command that reproduces the sweep's results.
    static func reproduce(_ suite: SuiteSpec, _ result: InstanceResult) -> String
}

/// The measured points of a sweep with the labels of their problems.
public struct Sweep<Point: Sendable>: Sendable {
    public var points: [Point]
    public var labels: [InstanceLabel]
    /// The label of results that speak of the whole sweep (width 0 = "sweep").
    public var sweepLabel: InstanceLabel
    public init(points: [Point], labels: [InstanceLabel], sweepLabel: InstanceLabel) {
        self.points = points
        self.labels = labels
        self.sweepLabel = sweepLabel
    }
}

/// One curve of one run, for a figure the report draws per run; curves with the same
/// `figure` go into one chart.
public struct RunSeries: Sendable, Codable, Equatable {
    /// File-name part and identity of the chart, e.g. "loss".
    public var figure: String
    /// The chart's title (the report appends the run's tag), axis label and caption.
    public var title: String
    public var yLabel: String
    public var caption: String
    /// Alt text of the chart.
    public var alt: String
    public var curve: StudySeries
    /// Draw the chart's y axis logarithmically when every value is positive.
    public var autoLog: Bool
    /// Draw the y axis on a symmetric-log scale (margins of either sign over many decades).
    public var symlog = false

    public init(figure: String, title: String, yLabel: String, caption: String, alt: String, curve: StudySeries, autoLog: Bool = true,
                symlog: Bool = false) {
        self.symlog = symlog
        self.figure = figure
        self.title = title
        self.yLabel = yLabel
        self.caption = caption
        self.alt = alt
        self.curve = curve
        self.autoLog = autoLog
    }
}
