import Foundation
import Problems
import Reporting
import Serialization
import Theorems
import Trajectories

/// `check-bounds check [run options]`: every theorem on one instance, verdicts on stdout.
public enum CheckCommand {
    public static let specs: [OptionSpec] = RunOptions.specs + [
        OptionSpec("theorems", "IDS", default: "all", "comma-separated theorem ids: " + TheoremRegistry.ids.map(\.rawValue).joined(separator: ", ")),
        OptionSpec("format", "text|json", default: "text", "what stdout gets: the verdict lines, or one JSON object (README \"JSON results\")"),
        OptionSpec("help", nil, default: "", "show this help"),
    ]

    public static func run(_ args: [String], out: (String) -> Void) throws -> Int32 {
        let o = try OptionParser.parse(args, specs: specs)
        if o.has("help") { out("usage: check-bounds check [options]\n\nEvaluates every theorem on one instance.\n\n" + OptionParser.help(specs) + "\n"); return 0 }
        if let p = o.positionals.first { throw UsageError("unexpected argument '\(p)' (check takes only options)") }
        let config = try RunOptions.config(from: o)
        let format = try o.choice("format", ["text", "json"]) ?? "text"
        let theorems = try o.string("theorems").map { try Vocabulary.theorems($0) } ?? []
        let suite = SuiteSpec(name: "single", base: config, seeds: [config.problem.seed], taus: [config.tau],
                              widths: [config.problem.width], owners: [config.mgOwner], limitWidths: [], theorems: theorems)
        // A named study theorem that can be evaluated on one configuration is, here; the others
        // run as their study (at the suite's scale) or, per trajectory, on this instance.
        let single = theorems.filter { id in TheoremRegistry.theorem(id).map { $0.trajectory == nil && $0.instance != nil } ?? false }
        var rest = suite
        rest.theorems = theorems.filter { !single.contains($0) }
        // Run the suite unless every named theorem was evaluated on the instance alone.
        let needsSuite = theorems.isEmpty || !rest.theorems.isEmpty
        var results = needsSuite ? SuiteRunner.run(rest).results : []
        for id in single { results += (try? TheoremRegistry.theorem(id)!.instance!.evaluate(config)) ?? [] }
        let arguments = reproduceArguments(config) + (theorems.isEmpty ? [] : ["--theorems", theorems.map(\.rawValue).joined(separator: ",")])
        if format == "json" {
            out(ResultsJSON.instance(command: "check", arguments: arguments, results: results,
                                     extra: [("targets", .string(config.problem.targetsDescription))]).pretty() + "\n")
        } else {
            // The settings first: what ran, as the options that rebuild it.
            out("check-bounds check " + arguments.joined(separator: " ") + "  # " + config.problem.targetsDescription + "\n")
            out(verdictText(results))
        }
        return results.contains { $0.outcome == .counterexample } ? 1 : 0
    }

    /// The summary table and one line per result (shared by `check` and `audit`).
    static func verdictText(_ results: [InstanceResult]) -> String {
        var text = Summary.table(results)
        for r in results {
            var line = "\(r.theorem) [\(r.reading)]: \(r.outcome.rawValue)" + (r.hypotheses.map { "; hypotheses \($0.rawValue)" } ?? "")
            if let h = r.worstHypothesis { line += String(format: "; worst hypothesis %@ margin %.3g (relative %.3g, step %@)", h.name, h.margin, h.relativeMargin, h.step.map(String.init) ?? "-") }
            if let c = r.worstConclusion { line += String(format: "; worst conclusion %@ margin %.3g (relative %.3g, step %@)", c.name, c.margin, c.relativeMargin, c.step.map(String.init) ?? "-") }
            if let w = r.witness { line += String(format: "; witness: %@ at step %@: lhs %.6g, rhs %.6g (error bound %.2g)", w.name, w.step.map(String.init) ?? "-", w.lhs, w.rhs, w.errorBound) }
            if let t = r.tightness { line += String(format: "; tightness %.3g", t) }
            if !r.notes.isEmpty { line += "; " + r.notes.joined(separator: "; ") }
            text += line + "\n"
        }
        return text
    }
}
