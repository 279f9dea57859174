import Foundation
import Optimizers
import Problems
import Quantities
import Serialization
import Trajectories

/// A theorem as the engine holds it: its info and, by the kind of evidence it reads, the
/// type-erased entry points the engine calls. Built from a conforming type by the
/// initializers below, so a registry line is all a new theorem needs.
public struct RegisteredTheorem: Sendable {
    public let info: TheoremInfo
    public let kind: Kind
    /// How to evaluate it on one configuration, when it can be (every per-trajectory theorem,
    /// and the study theorems that say how): what `explore` and `map` need.
    public var instance: InstanceEntry? = nil
    public var id: TheoremID { info.id }
    /// Why a suite witness of this theorem is not certified (explorer witnesses go through
    /// `InstanceEntry.certify`).
    public var certificationGap: String = ""

    init(info: TheoremInfo, kind: Kind, instance: InstanceEntry?, certificationGap: String) {
        self.info = info
        self.kind = kind
        self.instance = instance
        self.certificationGap = certificationGap
    }

    public struct InstanceEntry: Sendable {
        public let space: String
        public let evaluate: @Sendable (RunConfig) throws -> [InstanceResult]
        /// The rigorous re-evaluation of a counterexample on one configuration (`Theorem.certify`).
        public let certify: @Sendable (RunConfig, ReadingID, Check) -> Certificate
        /// The run options the evaluator reads (`InstanceTheorem.readOptions`); nil: all.
        public var reads: [String]? = nil
        /// A counterexample's mechanism measured beyond the instance (`InstanceTheorem.mechanism`).
        public let explain: @Sendable (RunConfig, InstanceResult) -> String?
        public init<T: InstanceTheorem>(_ t: T.Type) {
            space = T.space
            reads = T.readOptions
            evaluate = { c in TrajectorySensitivity.evaluate { T.evaluate(instance: c) } }
            certify = { T.certify($0, reading: $1, check: $2) }
            explain = { T.mechanism(instance: $0, result: $1) }
        }
        init<T: Theorem>(space: String, theorem: T.Type, evaluate: @escaping @Sendable (RunConfig) throws -> [InstanceResult]) {
            self.space = space
            self.evaluate = evaluate
            certify = { T.certify($0, reading: $1, check: $2) }
            explain = { _, _ in nil }
        }
    }

    public enum Kind: Sendable {
        case trajectory(TrajectoryEntry)
        case sweep(SweepEntry)
        case study(StudyEntry)
    }

    public struct TrajectoryEntry: Sendable {
        public let evaluate: @Sendable (InstrumentedRun) -> [InstanceResult]
        public let requiredSteps: @Sendable (Problem, RunConfig) -> Int
        public let series: @Sendable (InstrumentedRun) -> [RunSeries]
        /// The report's verdict map (the exploration space is the instance entry's).
        public let map: MapSpec?
        /// The checks at one step that read σ(J_t) (`TrajectoryTheorem.spectrumChecks`).
        public let spectrumChecks: @Sendable (StepQuantities, RunConfig) -> [Check]
    }

    /// A sweep's points travel as JSON text between units (and shards).
    public struct SweepEntry: Sendable {
        public let configs: @Sendable (SuiteSpec) -> [RunConfig]
        public let measure: @Sendable (RunConfig) throws -> String
        public let evaluate: @Sendable (_ points: [String], _ labels: [InstanceLabel], _ sweepLabel: InstanceLabel) throws
            -> (results: [InstanceResult], figures: [StudyFigure])
        public let reproduce: @Sendable (SuiteSpec, InstanceResult) -> String
    }

    /// A theorem of a companion paper, checked by the paper's study (one unit per suite).
    public struct StudyEntry: Sendable {
        public let studyID: String
        public let run: @Sendable (SuiteSpec, ((String) -> Void)?) -> StudyResult
    }

    public static func trajectory<T: TrajectoryTheorem>(_ t: T.Type) -> RegisteredTheorem {
        RegisteredTheorem(info: T.info, kind: .trajectory(TrajectoryEntry(
            evaluate: { T.evaluate($0) }, requiredSteps: { T.requiredSteps(problem: $0, config: $1) }, series: { T.series($0) },
            map: T.map, spectrumChecks: { T.spectrumChecks($0, config: $1) })),
            instance: InstanceEntry(space: T.space, theorem: T.self) { c in try TrajectorySensitivity.evaluate { T.evaluate(try SuiteRunner.instrumentedRun(c)) } },
            certificationGap: T.certificationGap)
    }

    public static func sweep<T: SweepTheorem>(_ t: T.Type) -> RegisteredTheorem {
        RegisteredTheorem(info: T.info, kind: .sweep(SweepEntry(
            configs: { T.configs($0) },
            // Each point is measured twice, as sampled and from a perturbed start (`TrajectorySensitivity`).
            measure: { c in
                let nominal = try T.measure(c)
                let replicate = try RoundingProbe.$replicate.withValue(1) { try T.measure(c) }
                return try StableJSON.encode(SweepPointPair(nominal: nominal, replicate: replicate))
            },
            evaluate: { texts, labels, sweepLabel in
                let pairs = try texts.map { try StableJSON.decode(SweepPointPair<T.Point>.self, from: $0) }
                let sweep = Sweep(points: pairs.map(\.nominal), labels: labels, sweepLabel: sweepLabel)
                let twin = Sweep(points: pairs.map(\.replicate), labels: labels, sweepLabel: sweepLabel)
                return (TrajectorySensitivity.merge(T.evaluate(sweep), T.evaluate(twin)), T.figures(sweep))
            },
            reproduce: { T.reproduce($0, $1) })), instance: nil, certificationGap: T.certificationGap)
    }

    /// Every theorem a study checks, each registered under the study that runs it.
    public static func study<S: Study>(_ s: S.Type) -> [RegisteredTheorem] {
        S.infos.map { info in
            RegisteredTheorem(info: info, kind: .study(StudyEntry(studyID: S.id, run: { suite, progress in
                // The study's tables and figures are the nominal run's; its verdicts are merged
                // with a run from a perturbed start (`TrajectorySensitivity`).
                var r = S.run(suite, progress: progress)
                let twin = RoundingProbe.$replicate.withValue(1) { S.run(suite, progress: nil) }
                r.results = TrajectorySensitivity.merge(r.results, twin.results)
                return r
            })),
                              instance: S.instanceTheorems.first { $0.id == info.id }?.entry,
                              certificationGap: S.theorems.first { $0.info.id == info.id }?.certificationGap ?? "")
        }
    }

    /// `reproduceArguments(c)` without the options the instance evaluator does not read, so a
    /// reproduce line describes exactly the instance that was evaluated (audit D3).
    public func reproduceArguments(_ c: RunConfig) -> [String] {
        let all = Theorems.reproduceArguments(c)
        guard let reads = instance?.reads else { return all }
        return Self.filter(all, reads: reads)
    }

    /// The option/value pairs of `arguments` whose option is in `reads`.
    public static func filter(_ arguments: [String], reads: [String]) -> [String] {
        stride(from: 0, to: arguments.count - 1, by: 2).filter { reads.contains(String(arguments[$0].dropFirst(2))) }
            .flatMap { [arguments[$0], arguments[$0 + 1]] }
    }

    public var trajectory: TrajectoryEntry? { if case let .trajectory(e) = kind { return e } else { return nil } }
    public var sweep: SweepEntry? { if case let .sweep(e) = kind { return e } else { return nil } }
    public var study: StudyEntry? { if case let .study(e) = kind { return e } else { return nil } }
}

/// A sweep point as measured from the sampled start and from the perturbed one.
struct SweepPointPair<P: Codable>: Codable {
    var nominal: P
    var replicate: P
}
