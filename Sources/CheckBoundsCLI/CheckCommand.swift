import Exploration
import Foundation
import Problems
import Reporting
import Serialization
import Theorems
import Trajectories

/// `check-bounds check [run options]`: the theorems that apply to one instance (or a grid of
/// them), verdicts on stdout.
public enum CheckCommand {
    public static let specs: [OptionSpec] = RunOptions.specs + GridOptions.pluralSpecs + [
        OptionSpec("theorems", "IDS", default: "all", "comma-separated theorem ids: " + TheoremRegistry.ids.map(\.rawValue).joined(separator: ", ")),
        OptionSpec("format", "text|json", default: "text", "what stdout gets: the verdict lines, or one JSON object (README \"JSON results\")"),
        OptionSpec("help", nil, default: "", "show this help"),
    ]

    /// An option the theorem's instance evaluator does not read is refused, before any work
    /// (audit D3): the reproduce line must describe exactly the instance evaluated.
    static func refuseIgnored(_ t: RegisteredTheorem, _ o: ParsedOptions) throws {
        guard let reads = t.instance?.reads else { return }
        if let name = RunOptions.specs.map(\.name).first(where: { o.has($0) && !reads.contains($0) }) {
            throw UsageError("--\(name): \(t.id) does not read it (its evaluator fixes it to its study's setting); allowed for \(t.id): " + reads.map { "--" + $0 }.joined(separator: ", "))
        }
    }

    public static func run(_ args: [String], out: (String) -> Void) throws -> Int32 {
        let o = try OptionParser.parse(args, specs: specs)
        if o.has("help") { out("usage: check-bounds check [options]\n\nEvaluates the per-trajectory theorems (or those --theorems names) on one instance, or on the grid that lists of --seed, --n, --tau, --mg-owner make.\n\n" + OptionParser.help(specs) + "\n"); return 0 }
        if let p = o.positionals.first { throw UsageError("unexpected argument '\(SpaceSyntax.quoted(p))' (check takes only options)") }
        let config = try RunOptions.config(from: o)
        let format = try o.choice("format", ["text", "json"]) ?? "text"
        let theorems = try o.string("theorems").map { try Vocabulary.theorems($0) } ?? []
        // Lists of the grid options make a grid of instances (GridOptions).
        let grid = try GridOptions.parse(o)
        let suite = SuiteSpec(name: "single", base: config, seeds: grid.seeds ?? [config.problem.seed], taus: grid.taus ?? [config.tau],
                              widths: grid.widths ?? [config.problem.width], owners: grid.owners ?? [config.mgOwner], limitWidths: [], theorems: theorems)
        // What applies to one instance: the per-trajectory theorems by default; a named study
        // theorem that says how to evaluate one configuration is evaluated on it (with the
        // options' settings); one checked only across a sweep or a study is refused with the way to run it.
        for id in theorems {
            let t = TheoremRegistry.theorem(id)!
            if t.trajectory == nil && t.instance == nil {
                throw UsageError("--theorems: \(id) is checked across \(t.sweep != nil ? "a width sweep" : "its study's sweep"), not on one instance (run it with: check-bounds run --suite default --theorems \(id))")
            }
            try refuseIgnored(t, o)
        }
        let single = theorems.filter { TheoremRegistry.theorem($0)!.trajectory == nil }
        var rest = suite
        rest.theorems = theorems.isEmpty ? TheoremRegistry.all.filter { $0.trajectory != nil }.map(\.id) : theorems.filter { !single.contains($0) }
        var results = rest.theorems.isEmpty ? [] : SuiteRunner.run(rest).results
        for id in single {
            for c in rest.runConfigs { results += try TheoremRegistry.theorem(id)!.instance!.evaluate(c) }
        }
        // Theorems that read only some options get a settings line of those only.
        let readers = theorems.compactMap { TheoremRegistry.theorem($0)?.instance?.reads }
        let base = !theorems.isEmpty && readers.count == theorems.count
            ? RegisteredTheorem.filter(reproduceArguments(config), reads: Array(Set(readers.flatMap { $0 })))
            : reproduceArguments(config)
        let arguments = gridArguments(base, o) + (theorems.isEmpty ? [] : ["--theorems", theorems.map(\.rawValue).joined(separator: ",")])
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

    /// The instance's arguments with each grid option's list as given.
    static func gridArguments(_ args: [String], _ o: ParsedOptions) -> [String] {
        var a = args
        for (single, plural) in GridOptions.names {
            if let v = o.string(single) ?? o.string(plural), let i = a.firstIndex(of: "--" + single), i + 1 < a.count { a[i + 1] = v }
        }
        return a
    }

    /// The hypotheses' status in words that agree with the outcome (issue 30 #11): an instance
    /// is vacuous when its hypotheses failed everywhere they were checked; a holds (or a
    /// counterexample) with a failed hypothesis had it fail at some steps or ε only.
    public static func hypothesisWords(_ h: HypothesisStatus, _ o: Outcome) -> String {
        switch (h, o) {
        case (.held, _): return "held at every step"
        case (.failed, .vacuous): return "failed"
        case (.failed, _): return "failed at some steps or ε (vacuous there; the verdict is from the others)"
        case (.undecided, _): return "undecided at some step (within its error bound)"
        }
    }

    /// The summary table and one line per result (shared by `check` and `audit`).
    static func verdictText(_ results: [InstanceResult]) -> String {
        var text = Summary.table(results)
        for r in results {
            var line = "\(r.theorem) [\(r.reading)]: \(r.outcome.rawValue)" + (r.hypotheses.map { "; hypotheses " + Self.hypothesisWords($0, r.outcome) } ?? "")
            // Numbers through the report's formatter: a non-finite value reads "undefined" or ±∞, never "nan".
            let f = MarkdownReport.fmt, step = { (c: Check) in c.step.map(String.init) ?? "-" }
            if let h = r.worstHypothesis { line += "; worst hypothesis \(h.name) margin \(f(h.margin)) (relative \(f(h.relativeMargin)), step \(step(h)))" }
            if let c = r.worstConclusion { line += "; worst conclusion \(c.name) margin \(f(c.margin)) (relative \(f(c.relativeMargin)), step \(step(c)))" }
            if let w = r.witness {
                line += "; witness: \(w.name) at step \(step(w)): lhs \(MarkdownReport.precise(w.lhs)), rhs \(MarkdownReport.precise(w.rhs)) (error bound \(f(w.errorBound)))"
            }
            if let t = r.tightness { line += "; tightness \(f(t))" }
            if !r.notes.isEmpty { line += "; " + r.notes.joined(separator: "; ") }
            text += line + "\n"
        }
        return text
    }
}
