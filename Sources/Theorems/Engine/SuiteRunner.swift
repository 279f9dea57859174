import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Quantities
import Trajectories

/// Everything a suite produced: verdicts, and the per-step series the figures draw.
public struct SuiteResult: Sendable {
    public var suite: SuiteSpec
    public var results: [InstanceResult]
    public var runs: [RunSummary]
    /// Figures of the sweeps (tagged with the sweep theorem's id).
    public var sweepFigures: [(theorem: TheoremID, figure: StudyFigure)] = []
    /// The companion studies that ran; their verdicts are also in `results`.
    public var studies: [StudyResult] = []
    /// Wall-clock seconds (reported only in the timing section).
    public var seconds: Double
}

/// The series of one instrumented run that reports plot.
public struct RunSummary: Sendable, Codable {
    public var label: InstanceLabel
    public var outcome: String
    public var loss: [Double]
    /// Curves the trajectory theorems contribute, in registry order.
    public var series: [RunSeries]
    /// R̂ and the test loss at the last iterate (the reference comparison's "effect on a trajectory").
    public var finalDataLoss: Double?
    public var finalTestLoss: Double?
    /// α_0, the first step size (their η shrinks it less than ours: §7 item 5).
    public var alpha0: Double?
}

/// Runs a suite: its units of work (`units`), each alone (`runUnit`, also what a shard runs),
/// and their assembly into one `SuiteResult`. It iterates `TheoremRegistry` by the kind of
/// evidence each theorem reads and knows no theorem by name.
public enum SuiteRunner {
    /// Runs one configuration instrumented and evaluates every selected trajectory theorem on it.
    /// The verdicts are merged with those of the run from a start moved by a few ulps
    /// (`TrajectorySensitivity`); the summary is the sampled run's.
    public static func evaluate(_ config: RunConfig, suite: SuiteSpec) throws -> ([InstanceResult], RunSummary) {
        let (results, summary) = try evaluate(try instrumentedRun(config), suite: suite)
        let twin = try RoundingProbe.$replicate.withValue(1) { try evaluate(try instrumentedRun(config), suite: suite).0 }
        return (TrajectorySensitivity.merge(results, twin), summary)
    }

    /// Every selected trajectory theorem on one instrumented run (however it was made: `audit`
    /// brings its own problem and trajectory).
    public static func evaluate(_ run: InstrumentedRun, suite: SuiteSpec) throws -> ([InstanceResult], RunSummary) {
        let config = run.config
        let theorems = suite.selected.compactMap(\.trajectory)
        let lab = run.label
        var results = theorems.flatMap { t in
            let note = SpectrumRefinement.note(run, theorem: t)
            return t.evaluate(run).map { r in var r = r; if let note { r.notes.append(note) }; return r }
        }
        if let note = ReferenceComparison.quantityNote(config.method, m: run.problem.sampleCount, p: run.problem.parameterCount) {
            for i in results.indices { results[i].notes.append(note) }
        }
        var summary = RunSummary(label: lab, outcome: run.trajectory.outcome.summary, loss: run.trajectory.records.map(\.loss),
                                 series: theorems.flatMap { $0.series(run) })
        summary.finalDataLoss = run.trajectory.records.last?.dataLoss
        summary.alpha0 = run.trajectory.records.first?.alpha
        // Only the suites that compare methods need it (one forward pass on the test set).
        if suite.methods != nil {
            summary.finalTestLoss = Objective(problem: run.problem, regularizer: try config.regularizer()).testLoss(run.trajectory.finalTheta)
        }
        return (results, summary)
    }

    /// The instrumented run of one configuration, as long as every registered trajectory theorem
    /// needs whichever are selected, so an instance is the same run (and verdict) in a
    /// restricted run as in the whole suite.
    public static func instrumentedRun(_ config: RunConfig) throws -> InstrumentedRun {
        var c = config
        let problem = try Problem.make(c.problem)
        c.steps = TheoremRegistry.all.compactMap(\.trajectory).map { $0.requiredSteps(problem, config) }.max() ?? c.steps
        // A tiny ᾱ or a non-finite initial residual would ask for an endless run: the instance fails, named.
        guard c.steps <= InstrumentedRun.maxSteps else {
            throw ProblemError("the convergence theorem needs more than \(InstrumentedRun.maxSteps) steps on this instance \(InstrumentedRun.stepsReason(problem, c.stepSize))); nothing was run")
        }
        return try InstrumentedRun.run(c, problem: problem, label: label(for: c))
    }

    /// The suite's independent pieces of work, in report order: each trajectory instance (when a
    /// trajectory theorem is selected), each point of each selected sweep, each study with a
    /// selected theorem. `run`, shards and concurrent runs all go through these.
    public static func units(_ suite: SuiteSpec) -> [WorkUnit] {
        let selected = suite.selected
        let perRun = selected.contains { $0.trajectory != nil }
        var out: [WorkUnit] = perRun ? suite.runConfigs.indices.map { WorkUnit.instance($0) } : []
        for t in selected { if let s = t.sweep { out += s.configs(suite).indices.map { WorkUnit.sweepPoint(t.id, $0) } } }
        var studies: [String] = []
        for t in selected { if let s = t.study, !studies.contains(s.studyID) { studies.append(s.studyID) } }
        return out + studies.map { WorkUnit.study($0) }
    }

    /// Runs one unit. Never throws: a failure becomes failure results in the unit.
    public static func runUnit(_ unit: WorkUnit, index: Int, suite: SuiteSpec, progress: ((Int, Int, String) -> Void)? = nil) -> UnitResult {
        let start = Date()
        let total = units(suite).count
        var out = UnitResult(index: index, unit: unit)
        switch unit {
        case let .instance(k):
            let c = suite.runConfigs[k]
            progress?(index + 1, total, "seed \(c.problem.seed) n \(c.problem.width) τ \(c.tau) M_g \(c.mgOwner.rawValue)")
            do {
                (out.results, out.run) = try evaluate(c, suite: suite)
            } catch {
                out.results = suite.selected.filter { $0.trajectory != nil }
                    .map { .failure(theorem: $0.id, reading: .all, instance: label(for: c), reason: "\(error)") }
            }
        case let .sweepPoint(id, k):
            guard let sweep = TheoremRegistry.theorem(id)?.sweep else { break }
            let c = sweep.configs(suite)[k]
            progress?(index + 1, total, "\(id) sweep n \(c.problem.width)")
            out.pointLabel = label(for: c)
            do {
                out.point = try sweep.measure(c)
            } catch {
                // A singular Gram on real data names its usual cause, duplicate training rows.
                let reason = (try? Problem.make(c.problem))?.explain(error) ?? "\(error)"
                out.results.append(.failure(theorem: id, reading: .all, instance: label(for: c), reason: reason))
            }
        case let .study(sid):
            let members = suite.selected.filter { $0.study?.studyID == sid }
            guard let study = members.first?.study else { break }
            progress?(index + 1, total, "study \(sid)")
            var r = study.run(suite, { progress?(index + 1, total, "study \(sid): \($0)") })
            r.results = r.results.filter { suite.includes($0.theorem) }
            out.study = r
        }
        out.seconds = Date().timeIntervalSince(start)
        return out
    }

    /// The suite's result from all its units' results (in any order, each exactly once):
    /// the same `SuiteResult` a single sequential run produces.
    public static func assemble(_ suite: SuiteSpec, _ parts: [UnitResult], seconds: Double) throws -> SuiteResult {
        let all = units(suite)
        var byIndex = [UnitResult?](repeating: nil, count: all.count)
        for p in parts {
            guard p.index >= 0 && p.index < all.count, all[p.index] == p.unit else {
                throw SuiteAssemblyError("unit \(p.index) (\(p.unit)) does not belong to suite '\(suite.name)' (\(all.count) units)")
            }
            guard byIndex[p.index] == nil else { throw SuiteAssemblyError("unit \(p.index) (\(p.unit)) appears twice") }
            byIndex[p.index] = p
        }
        let missing = byIndex.indices.filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            throw SuiteAssemblyError("\(missing.count) of \(all.count) units missing (first: \(missing[0]), \(all[missing[0]]))")
        }
        let ordered = byIndex.map { $0! }
        var out = SuiteResult(suite: suite, results: [], runs: [], seconds: seconds)
        for u in ordered { if case .instance = u.unit { out.results += u.results; if let r = u.run { out.runs.append(r) } } }
        for t in suite.selected { if let sweep = t.sweep { try assembleSweep(t.id, sweep, ordered, into: &out) } }
        for u in ordered { if let r = u.study { out.results += r.results; out.studies.append(r) } }
        return out
    }

    static func assembleSweep(_ id: TheoremID, _ sweep: RegisteredTheorem.SweepEntry, _ ordered: [UnitResult], into out: inout SuiteResult) throws {
        let parts = ordered.filter { if case .sweepPoint(id, _) = $0.unit { return true } else { return false } }
        guard !parts.isEmpty else { return }
        var points: [String] = [], labels: [InstanceLabel] = []
        for u in parts {
            out.results += u.results
            if let p = u.point, let l = u.pointLabel { points.append(p); labels.append(l) }
        }
        var sweepLabel = labels.first ?? parts[0].pointLabel ?? label(for: out.suite.base)
        sweepLabel.width = 0
        do {
            let (results, figures) = try sweep.evaluate(points, labels, sweepLabel)
            out.results += results
            out.sweepFigures += figures.map { (id, $0) }
        } catch {
            throw SuiteAssemblyError("\(id): a sweep point could not be read back (\(error))")
        }
    }

    /// Runs the whole suite; with `concurrency` > 1 units run on that many threads. Results are
    /// placed by unit index, and suite work always runs OpenBLAS single-threaded (see
    /// `runUnits`), so the same bytes come out whatever the concurrency, shards or cores.
    public static func run(_ suite: SuiteSpec, concurrency: Int = 1, progress: ((Int, Int, String) -> Void)? = nil) -> SuiteResult {
        let start = Date()
        let parts = runUnits(suite, indices: Array(units(suite).indices), concurrency: concurrency, progress: progress)
        // Every unit is present exactly once by construction, and sweep points were encoded by this process.
        return try! assemble(suite, parts, seconds: Date().timeIntervalSince(start))
    }

    /// Runs the units at `indices` (e.g. one shard's), sequentially or on `concurrency` threads,
    /// with OpenBLAS single-threaded (`BLASThreads.setReproducible`): the cores are used by
    /// running instances concurrently instead (no oversubscription: `concurrency` threads in all).
    public static func runUnits(_ suite: SuiteSpec, indices: [Int], concurrency: Int = 1,
                                progress: ((Int, Int, String) -> Void)? = nil) -> [UnitResult] {
        let all = units(suite)
        BLASThreads.setReproducible()
        if concurrency <= 1 || indices.count <= 1 {
            return indices.map { runUnit(all[$0], index: $0, suite: suite, progress: progress) }
        }
        let workers = min(concurrency, indices.count)
        let box = ResultSlots<UnitResult>(count: indices.count)
        let relay = ProgressRelay(progress)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                guard let slot = box.claim() else { return }
                let r = runUnit(all[indices[slot]], index: indices[slot], suite: suite, progress: relay.report)
                box.store(r, at: slot)
            }
        }
        return box.results
    }
}

/// One independent piece of a suite (see `SuiteRunner.units`).
public enum WorkUnit: Sendable, Codable, Equatable, CustomStringConvertible {
    case instance(Int)
    /// Point k of a sweep theorem's sweep.
    case sweepPoint(TheoremID, Int)
    /// A companion paper's study, by its id.
    case study(String)

    public var description: String {
        switch self {
        case let .instance(k): return "instance \(k)"
        case let .sweepPoint(id, k): return "\(id) sweep point \(k)"
        case let .study(id): return "study \(id)"
        }
    }
}

/// What one unit produced; Codable so shards can be written and merged.
public struct UnitResult: Sendable, Codable {
    public var index: Int
    public var unit: WorkUnit
    public var results: [InstanceResult] = []
    public var run: RunSummary?
    /// A sweep point as JSON (`StableJSON`) and the label of its problem.
    public var point: String?
    public var pointLabel: InstanceLabel?
    public var study: StudyResult?
    /// Wall-clock seconds (timing only; not part of any report's content).
    public var seconds: Double = 0

    public init(index: Int, unit: WorkUnit) {
        self.index = index
        self.unit = unit
    }
}

public struct SuiteAssemblyError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ d: String) { description = d }
}

/// Serializes progress reports from worker threads.
final class ProgressRelay: @unchecked Sendable {
    private let lock = NSLock()
    private let progress: ((Int, Int, String) -> Void)?
    init(_ p: ((Int, Int, String) -> Void)?) { progress = p }
    func report(_ k: Int, _ n: Int, _ what: String) {
        lock.lock(); defer { lock.unlock() }
        progress?(k, n, what)
    }
}

/// Slots for results computed on several threads, claimed in index order; each slot is written
/// once. Shared by the suite runner and the explorer.
public final class ResultSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [T?]

    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    public func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    public func store(_ r: T, at i: Int) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = r
    }

    public var results: [T] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0! }
    }
}
