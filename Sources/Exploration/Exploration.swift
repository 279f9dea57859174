import Foundation
import Theorems
import Trajectories

/// One `explore` of one theorem, end to end (Proofs/Exploration.md): replay the stored findings,
/// search the space, shrink each reading's first counterexample, store the minimal ones.
public enum Exploration {
    public static func run(theorem: RegisteredTheorem, readings: [ReadingID]?, space: Space, base: RunConfig,
                           settings: ExploreSettings, database: FindingDatabase?,
                           progress: ((String) -> Void)? = nil) throws -> ExploreSummary {
        let start = Date()
        let evaluator = try TrialEvaluator(theorem: theorem, readings: readings)
        let stored = try database?.load(theorem.id) ?? []
        progress?("replaying \(stored.count) stored finding(s)")
        let replays = try FindingDatabase.replay(stored)
        let changed = replays.filter { !$0.reproduced }.map {
            "\($0.finding.reading): stored \($0.finding.outcome.rawValue), now \($0.outcome?.rawValue ?? "not evaluated") (\(($0.path as NSString).lastPathComponent))"
        }
        let explorer = Explorer(evaluator: evaluator, space: space, base: base, settings: settings)
        let trials = explorer.search { trials, left in
            progress?(Self.progressLine(trials, left: left, budget: settings.budget))
        }
        var readingsOut = ExploreSummary.summarize(trials, info: theorem.info)
        var written: [String] = []
        for i in readingsOut.indices {
            let r = readingsOut[i].reading
            // Known only for the same data (issue 30 #12): a finding on the teacher-student problem
            // says nothing about a counterexample on a CSV, or on another file.
            readingsOut[i].known = stored.contains {
                $0.finding.reading == r && $0.finding.outcome == .counterexample
                    && $0.finding.config.problem.kind == base.problem.kind && $0.finding.config.problem.csvPath == base.problem.csvPath
            }
            guard let first = readingsOut[i].firstCounterexample,
                  let firstResult = trials.first(where: { $0.config == first.config })?.result(r) else { continue }
            progress?("shrinking the counterexample under \(r)")
            let shrunk = Shrinker(evaluator: evaluator, reading: r, budget: settings.shrinkBudget, space: space).shrink(first.config, firstResult)
            let w = shrunk.result.witness ?? first.check
            var minimal = Witness(config: shrunk.config, check: w, outcome: shrunk.result.outcome, theorem: theorem.id)
            minimal.mechanism = shrunk.result.mechanism
                ?? (minimal.outcome == .counterexample ? theorem.instance?.explain(shrunk.config, shrunk.result) : nil)
            if minimal.outcome == .counterexample, let entry = theorem.instance {
                progress?("certifying the minimal counterexample under \(r)")
                minimal.certificate = entry.certify(shrunk.config, r, w)
            }
            readingsOut[i].minimalCounterexample = minimal
            let finding = Finding(theorem: theorem.id, reading: r, config: shrunk.config, arguments: theorem.reproduceArguments(shrunk.config),
                                  outcome: shrunk.result.outcome, witness: w, worstHypothesis: shrunk.result.worstHypothesis,
                                  checkVersion: FindingDatabase.checkVersion(theorem.info))
            if let database, try database.store(finding) { written.append(finding.fileName) }
        }
        return ExploreSummary(theorem: theorem.id, space: space, seed: settings.seed, tried: trials.count, readings: readingsOut,
                              replayed: replays.count, changed: changed, stored: written, seconds: Date().timeIntervalSince(start))
    }

    static func progressLine(_ trials: [Trial], left: Double?, budget: Int) -> String {
        let held = trials.filter { t in t.results.contains { $0.hypotheses == .held } }.count
        let cex = trials.filter { t in t.results.contains { $0.outcome == .counterexample } }.count
        let best = trials.flatMap(\.results).filter { $0.hypotheses == .held }.compactMap { $0.heldConclusion?.relativeMargin }.min()
        var s = "tried \(trials.count)/\(budget), hypotheses held in \(held), counterexamples in \(cex)"
        if let best { s += String(format: ", smallest held margin %.3g", best) }
        if let left { s += String(format: ", %.0f s left", max(0, left)) }
        return s
    }
}
