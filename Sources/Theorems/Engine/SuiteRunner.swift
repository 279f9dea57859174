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
    public var limitSweep: [ZeroDampingLimit.Gaps]
    /// The companion studies that ran; their verdicts are also in `results`.
    public var studies: [StudyResult] = []
    /// Wall-clock seconds (reported only in the timing section).
    public var seconds: Double
}

/// The series of one instrumented run that reports plot.
public struct RunSummary: Sendable, Codable {
    public var label: InstanceLabel
    public var mgOwner: String
    public var outcome: String
    public var loss: [Double]
    public var lossBound: [Double]
    public var gTildeFro: [Double]
    public var onePlusMEta: [Double]
    public var sigmaMin: [Double]
    public var sigmaMax: [Double]
    public var alpha: [Double]
}

public enum SuiteRunner {
    /// The regularized-GGN theorems of 000, evaluated per instrumented run.
    public static let trajectoryTheoremIds = [ConvergenceTheorem.id, LossDecayTheorem.id, TauChoiceRule.id, StandingAssumptions.id, ZeroDampingLimit.id]

    /// The companion studies (002, 003, 004), in report order.
    nonisolated(unsafe) public static let studies: [any Study.Type] = [GramGaussNewtonStudy.self, DampedGaussNewtonStudy.self, MomentumDynamicsStudy.self]

    /// Every theorem id `--theorems` accepts.
    public static var theoremIds: [String] { trajectoryTheoremIds + studies.flatMap { $0.infos.map(\.id) } }

    public static var infos: [TheoremInfo] {
        [ConvergenceTheorem.info, LossDecayTheorem.info, TauChoiceRule.info, StandingAssumptions.info, ZeroDampingLimit.info]
            + studies.flatMap { $0.infos }
    }

    /// Whether `id` belongs to a study (reproduced by a restricted `run`, not by `check`).
    public static func study(of theorem: String) -> (any Study.Type)? {
        studies.first { $0.infos.contains { $0.id == theorem } }
    }

    /// Runs one configuration instrumented and evaluates every included theorem on it.
    public static func evaluate(_ config: RunConfig, suite: SuiteSpec) throws -> ([InstanceResult], RunSummary) {
        var c = config
        let problem = try Problem.make(c.problem)
        if case let .adaptive(ab) = c.stepSize {
            let need = InstrumentedRun.requiredSteps(problem: problem, alphaBar: ab, epsilon: ConvergenceTheorem.epsilons.last!)
            c.steps = max(c.steps, need + max(10, need / 2))
        }
        let lab = label(for: c)
        let run = try InstrumentedRun.run(c, problem: problem, label: lab)
        var results: [InstanceResult] = []
        if suite.includes(ConvergenceTheorem.id) { results += ConvergenceTheorem.evaluate(run) }
        if suite.includes(LossDecayTheorem.id) { results += LossDecayTheorem.evaluate(run) }
        if suite.includes(TauChoiceRule.id) { results += TauChoiceRule.evaluate(run) }
        if suite.includes(StandingAssumptions.id) { results += StandingAssumptions.evaluate(run) }
        for i in results.indices { results[i].reading += " M_g=\(c.mgOwner.rawValue)" }
        let q = run.quantities
        let summary = RunSummary(
            label: lab, mgOwner: c.mgOwner.rawValue, outcome: run.trajectory.outcome.summary,
            loss: run.trajectory.records.map(\.loss),
            lossBound: q.map { $0.loss - LossDecayTheorem.terms($0, reading: .thetaPositive, owner: c.mgOwner).promisedDecrease },
            gTildeFro: q.map { $0.gTilde(.jhat).frobenius },
            onePlusMEta: q.map { 1 + (c.mgOwner == .gBar ? $0.mGBar : $0.mGScaled) * $0.eta },
            sigmaMin: q.map(\.sigmaMin), sigmaMax: q.map(\.sigmaMax),
            alpha: run.trajectory.records.map(\.alpha))
        return (results, summary)
    }

    /// The suite's independent pieces of work, in report order: each trajectory instance,
    /// each width of the zero-damping sweep, each companion study. `run`, shards and
    /// concurrent runs all go through these, so they assemble the same `SuiteResult`.
    public static func units(_ suite: SuiteSpec) -> [WorkUnit] {
        let configs = suite.runConfigs
        let limit = suite.includes(ZeroDampingLimit.id) && !suite.limitWidths.isEmpty
        let activeStudies = studies.filter { suite.includes(study: $0) }
        // Trajectory instances only when a per-run theorem is selected (a study-only run, e.g.
        // a report's reproduce line, skips them).
        let perRun = trajectoryTheoremIds.contains { $0 != ZeroDampingLimit.id && suite.includes($0) }
        return (perRun ? configs.indices.map { WorkUnit.instance($0) } : [])
            + (limit ? suite.limitWidths.indices.map { WorkUnit.limitWidth($0) } : [])
            + activeStudies.indices.map { WorkUnit.study($0) }
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
                let (r, s) = try evaluate(c, suite: suite)
                out.results = r
                out.run = s
            } catch {
                for t in trajectoryTheoremIds where t != ZeroDampingLimit.id && suite.includes(t) {
                    out.results.append(.failure(theorem: t, reading: "all M_g=\(c.mgOwner.rawValue)", instance: label(for: c), reason: "\(error)"))
                }
            }
        case let .limitWidth(k):
            let c = limitConfig(suite, width: suite.limitWidths[k])
            progress?(index + 1, total, "zero-damping sweep n \(suite.limitWidths[k])")
            do {
                out.gaps = try ZeroDampingLimit.gaps(c)
                out.gapsLabel = label(for: c)
            } catch {
                out.results.append(.failure(theorem: ZeroDampingLimit.id, reading: "all", instance: label(for: c), reason: "\(error)"))
            }
        case let .study(k):
            let study = studies.filter { suite.includes(study: $0) }[k]
            progress?(index + 1, total, "study \(study.id)")
            var r = study.run(suite, progress: { progress?(index + 1, total, "study \(study.id): \($0)") })
            r.results = r.results.filter { suite.includes($0.theorem) }
            out.study = r
        }
        out.seconds = Date().timeIntervalSince(start)
        return out
    }

    static func limitConfig(_ suite: SuiteSpec, width n: Int) -> RunConfig {
        var c = suite.base
        c.problem.seed = suite.seeds.first ?? 0
        c.problem.width = n
        c.tau = suite.taus.first ?? c.tau
        c.steps = 1
        return c
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
        var results: [InstanceResult] = []
        var runs: [RunSummary] = []
        for u in ordered { if case .instance = u.unit { results += u.results; if let r = u.run { runs.append(r) } } }
        var sweep: [ZeroDampingLimit.Gaps] = []
        let limitParts = ordered.filter { if case .limitWidth = $0.unit { return true } else { return false } }
        if !limitParts.isEmpty {
            var labels: [InstanceLabel] = []
            for u in limitParts {
                results += u.results
                if let g = u.gaps, let l = u.gapsLabel { sweep.append(g); labels.append(l) }
            }
            var sweepLabel = labels.first ?? label(for: suite.base)
            sweepLabel.width = 0
            results += ZeroDampingLimit.evaluate(sweep, labels: labels, sweepLabel: sweepLabel)
        }
        var studyResults: [StudyResult] = []
        for u in ordered { if let r = u.study { results += r.results; studyResults.append(r) } }
        return SuiteResult(suite: suite, results: results, runs: runs, limitSweep: sweep, studies: studyResults, seconds: seconds)
    }

    /// Runs the whole suite; with `concurrency` > 1 units run on that many threads. Results are
    /// placed by unit index, and suite work always runs OpenBLAS single-threaded (see
    /// `runUnits`), so the same bytes come out whatever the concurrency, shards or cores.
    public static func run(_ suite: SuiteSpec, concurrency: Int = 1, progress: ((Int, Int, String) -> Void)? = nil) -> SuiteResult {
        let start = Date()
        let parts = runUnits(suite, indices: Array(units(suite).indices), concurrency: concurrency, progress: progress)
        // Every unit is present exactly once by construction.
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
        let box = UnitResultBox(count: indices.count)
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
    case limitWidth(Int)
    case study(Int)

    public var description: String {
        switch self {
        case let .instance(k): return "instance \(k)"
        case let .limitWidth(k): return "zero-damping width \(k)"
        case let .study(k): return "study \(k)"
        }
    }
}

/// What one unit produced; Codable so shards can be written and merged.
public struct UnitResult: Sendable, Codable {
    public var index: Int
    public var unit: WorkUnit
    public var results: [InstanceResult] = []
    public var run: RunSummary?
    public var gaps: ZeroDampingLimit.Gaps?
    public var gapsLabel: InstanceLabel?
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

/// Slots for results computed on several threads; each slot is written once.
final class UnitResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [UnitResult?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ r: UnitResult, at i: Int) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = r
    }

    var results: [UnitResult] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0! }
    }
}
