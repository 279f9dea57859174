import Exploration
import Foundation
import Optimizers
import Problems
import Quantities
import Serialization
import Trajectories

/// `check-bounds trace`: one JSON object per step (JSON Lines) for a single run, and with
/// `--export-problem DIR` the sampled problem, so others can recompute every number.
public enum TraceCommand {
    public static let specs: [OptionSpec] = RunOptions.specs + GridOptions.pluralSpecs + [
        OptionSpec("output", "FILE", default: "stdout", "where the JSON Lines go"),
        OptionSpec("export-problem", "DIR", default: "", "also write X.csv, y.csv, X_test.csv, y_test.csv, theta0.csv, config.json"),
        OptionSpec("include-theta", nil, default: "", "add the full θ_t to each line (key \"theta\")"),
        OptionSpec("help", nil, default: "", "show this help"),
    ]

    public static let usage = "usage: check-bounds trace [options]\n\nWrites one JSON object per step of one run (README: \"Trace schema\").\n\n"

    public static func run(_ args: [String], out: (String) -> Void) throws -> Int32 {
        let o = try OptionParser.parse(args, specs: specs)
        if o.has("help") { out(usage + OptionParser.help(specs) + "\n"); return 0 }
        if let p = o.positionals.first { throw UsageError("unexpected argument '\(SpaceSyntax.quoted(p))' (trace takes only options)") }
        try GridOptions.requireSingle(o, command: "trace")
        let config = try RunOptions.config(from: o)
        if let path = o.string("output") { try OutputPaths.checkFile(path, option: "output") }
        if let dir = o.string("export-problem") {
            try OutputPaths.checkDirectory(dir, option: "export-problem", files: ["X.csv", "y.csv", "X_test.csv", "y_test.csv", "theta0.csv", "config.json", "rows.csv"])
        }
        let problem: Problem
        do { problem = try Problem.make(config.problem) } catch let e as ProblemError { throw UsageError(e.message) }
        let engine = try TrajectoryEngine(problem: problem, config: config)
        // With the regularized GGN (overparameterized form) or a reference variant, each line also
        // carries G̃_t's norm, G̃22 and the block cross term under every reading (README "Trace schema").
        var extras: [Int: [(String, JSONValue)]] = [:]
        let recorder: QuantityRecorder? = QuantityRecorder.supports(config.method)
            ? QuantityRecorder(objective: engine.objective, config: config, spectrumSteps: []) : nil
        let traj = engine.run(keepIterates: o.has("include-theta"), observer: recorder.map { rec in
            { t, ev, step, next in try rec.observe(t: t, ev: ev, step: step, next: next) }
        })
        for q in recorder?.steps ?? [] {
            var pairs: [(String, JSONValue)] = []
            for g in q.gTilde {
                let r = g.reading.rawValue
                pairs += [("gt_fro_\(r)", .num(g.frobenius)), ("gt22_\(r)", .num(g.g22)),
                          ("gt_cross_\(r)_e", .num(g.crossE)), ("gt_cross_\(r)_r", .num(g.crossR)),
                          ("gt_err_\(r)", .num(g.errorBound))]
            }
            pairs += [("d_nu", .num(q.dNu(owner: config.mgOwner))), ("lin_residual", .num(q.linearizationResidual))]
            extras[q.step] = pairs
        }
        if let dir = o.string("export-problem") { try ProblemExport.write(problem, config: config, to: dir) }
        let text = Trace.render(traj, includeTheta: o.has("include-theta"), extras: extras)
        if let path = o.string("output") { try AtomicFile.write(text, to: path) } else { out(text) }
        return 0
    }
}
