import Foundation
import SeededRandom
import Theorems
import Trajectories

/// The limits and seed of one exploration.
public struct ExploreSettings: Sendable {
    /// Instances to try (replays of the database and shrinking come on top).
    public var budget = 64
    /// Stop sampling after this many seconds (nil: only the budget); a time limit makes the
    /// count of tried instances machine-dependent, the budget alone does not.
    public var seconds: Double? = nil
    public var seed: UInt64 = 0
    /// Threads evaluating a batch; the numbers do not depend on it.
    public var jobs = 1
    /// Re-checks allowed when shrinking one counterexample.
    public var shrinkBudget = 48
    public init() {}
}

/// Samples a space and searches it adversarially for one theorem (Proofs/Exploration.md §2):
/// a third of the budget uniform draws, then per reading in turn a local search in unit
/// coordinates (log-space for log ranges) around that reading's most adversarial instances,
/// with steps that shrink as the budget runs out. Candidates come in batches of four drawn from
/// the state before the batch, so the trials are the same for any number of jobs.
public struct Explorer: Sendable {
    public let evaluator: TrialEvaluator
    public let space: Space
    public let base: RunConfig
    public let settings: ExploreSettings
    static let batchSize = 4
    static let eliteSize = 4

    public init(evaluator: TrialEvaluator, space: Space, base: RunConfig, settings: ExploreSettings) {
        self.evaluator = evaluator
        self.space = space
        self.base = base
        self.settings = settings
    }

    /// Tries up to `budget` distinct valid instances; `progress` sees every finished batch.
    public func search(progress: ((_ trials: [Trial], _ secondsLeft: Double?) -> Void)? = nil) -> [Trial] {
        var rng = SeededSampler.stream(seed: settings.seed, purpose: 0x6578_706C)
        var trials: [Trial] = [], seen = Set<Point>(), tries = 0
        let start = Date()
        let uniformCount = max(Self.batchSize, settings.budget / 3)
        var turn = 0
        while trials.count < settings.budget && tries < 4 * settings.budget + 16 {
            if let s = settings.seconds, Date().timeIntervalSince(start) >= s { break }
            var batch: [Point] = []
            while batch.count < Self.batchSize && trials.count + batch.count < settings.budget && tries < 4 * settings.budget + 16 {
                tries += 1
                let local = trials.count >= uniformCount
                let p = local ? mutate(parent(trials, turn: turn, rng: &rng), rng: &rng, progress: Double(trials.count) / Double(settings.budget))
                              : space.point(at: space.dimensions.map { _ in rng.uniform() })
                if local { turn += 1 }
                if seen.insert(p).inserted { batch.append(p) }
            }
            let done = evaluate(batch).filter { $0.invalid == nil }
            trials += done
            progress?(trials, settings.seconds.map { $0 - Date().timeIntervalSince(start) })
        }
        return trials
    }

    /// Evaluates points on `jobs` threads; results in the points' order.
    public func evaluate(_ points: [Point]) -> [Trial] {
        evaluateConfigs(points.map { ($0, nil) })
    }

    func evaluateConfigs(_ items: [(Point, RunConfig?)]) -> [Trial] {
        let box = ResultSlots<Trial>(count: items.count)
        let run: @Sendable (Int) -> Void = { i in
            let (p, c) = items[i]
            if let c {
                box.store(Trial(point: p, config: c, results: evaluator.evaluate(c), invalid: nil), at: i)
            } else {
                box.store(evaluator.evaluate(p, base: base), at: i)
            }
        }
        if settings.jobs <= 1 || items.count <= 1 { items.indices.forEach(run) } else {
            DispatchQueue.concurrentPerform(iterations: min(settings.jobs, items.count)) { _ in
                while let i = box.claim() { run(i) }
            }
        }
        return box.results
    }

    /// The reading whose turn it is, and one of its most adversarial trials so far.
    func parent(_ trials: [Trial], turn: Int, rng: inout SeededSampler) -> Point {
        let readings = Self.readings(trials)
        guard !readings.isEmpty else { return trials[Int(rng.uniform() * Double(trials.count))].point }
        let r = readings[turn % readings.count]
        let ranked = trials.compactMap { t in t.result(r).map { (t.point, $0.searchScore) } }
            .enumerated().sorted { $0.element.1 != $1.element.1 ? $0.element.1 < $1.element.1 : $0.offset < $1.offset }
        let elite = ranked.prefix(Self.eliteSize)
        guard !elite.isEmpty else { return trials[0].point }
        return elite[min(elite.count - 1, Int(rng.uniform() * Double(elite.count)))].element.0
    }

    /// A local move: each coordinate moves with probability 1/d (at least one does) by a normal
    /// step of scale 0.25 → 0.03 over the budget; a choice is redrawn.
    func mutate(_ p: Point, rng: inout SeededSampler, progress: Double) -> Point {
        var u = space.unitCoordinates(of: p)
        let d = u.count
        guard d > 0 else { return p }
        let sigma = 0.25 * (1 - progress) + 0.03 * progress
        let forced = min(d - 1, Int(rng.uniform() * Double(d)))
        for i in 0..<d where i == forced || rng.uniform() < 1 / Double(d) {
            if case .choice = space.dimensions[i].kind { u[i] = rng.uniform() } else { u[i] = min(max(u[i] + sigma * rng.normal(), 0), 1) }
        }
        return space.point(at: u)
    }

    /// The readings the trials speak of, in first-seen order (the failure pseudo-reading excluded).
    public static func readings(_ trials: [Trial]) -> [ReadingID] {
        var out: [ReadingID] = []
        for t in trials { for r in t.results where r.reading != .all && !out.contains(r.reading) { out.append(r.reading) } }
        return out
    }
}
