import Exploration
import Foundation
import Optimizers
import Problems
import Quantities
import Reporting
import Serialization
import Theorems
import Trajectories

/// `check-bounds audit --problem DIR --trajectory FILE`: a trajectory from someone else's
/// implementation, on a problem exported by `trace --export-problem`, checked step by step
/// against the method's own step and evaluated by every per-trajectory theorem, through the same
/// engine, JSON and exit codes as `check` (README "Your own problem").
public enum AuditCommand {
    public static let specs: [OptionSpec] = [
        OptionSpec("problem", "DIR", default: "", "an --export-problem folder: config.json, X.csv, y.csv, X_test.csv, y_test.csv, theta0.csv"),
        OptionSpec("trajectory", "FILE", default: "", "θ_0, θ_1, …: JSON Lines with a \"theta\" array per line (.jsonl/.json), or CSV with one θ_t per row; θ in TwoLayerNetwork's layout (u_1, …, u_n, then v)"),
        OptionSpec("method", "NAME", default: "config.json's", "whose step each θ_{t+1} is compared with: " + Method.names.joined(separator: ", ")),
        OptionSpec("tolerance", "X", default: "1e-6", "largest allowed relative deviation ‖θ_{t+1} − θ_{t+1}^method‖ / ‖θ_{t+1}^method‖"),
        OptionSpec("theorems", "IDS", default: "every per-trajectory theorem", "comma-separated ids of per-trajectory theorems"),
        OptionSpec("sigma", "ROUTE", default: "refine", SigmaRouteHelp.text),
        OptionSpec("format", "text|json", default: "text", "what stdout gets: the step table and verdict lines, or one JSON object (README \"JSON results\")"),
        OptionSpec("fail-on-counterexample", nil, default: "", "exit 1 also when a theorem has a counterexample on the trajectory (by default the exit code says only whether every step is the method's)"),
        OptionSpec("help", nil, default: "", "show this help"),
    ]

    public static let usage = "usage: check-bounds audit --problem DIR --trajectory FILE [options]\n\nRecomputes every quantity along a given trajectory, compares each step with the method's own, and evaluates every per-trajectory theorem on it. Exit: 0 every step is the method's (within the tolerance, every step compared), 1 a step is not, 2 bad usage; the theorems' verdicts are reported beside it (with --fail-on-counterexample a counterexample also exits 1).\n\n"

    struct Setup {
        var problem: Problem
        var config: RunConfig
        var thetas: [[Double]]
        var tolerance: Double
        var theorems: [TheoremID]
    }

    /// Everything read and checked before any work.
    static func setup(_ o: ParsedOptions) throws -> Setup {
        guard let dir = o.string("problem") else { throw UsageError("audit needs --problem DIR (a folder written by trace --export-problem)") }
        guard let path = o.string("trajectory") else { throw UsageError("audit needs --trajectory FILE (JSON Lines with a \"theta\" array per line, or CSV with one θ_t per row)") }
        var (problem, config): (Problem, RunConfig)
        do { (problem, config) = try ProblemImport.read(folder: dir) } catch let e as ProblemError { throw UsageError("--problem: " + e.message) }
        if let m = try o.choice("method", Method.names) { config.method = Method.named(m)! }
        if let r = try o.choice("sigma", SigmaRoute.allCases.map(\.rawValue)) { config.sigmaRoute = SigmaRoute(rawValue: r)! }
        let tolerance = try o.double("tolerance") ?? 1e-6
        guard tolerance >= 0 else { throw UsageError("--tolerance: must be non-negative, got \(tolerance)") }
        let perRun = TheoremRegistry.all.filter { $0.trajectory != nil }.map(\.id)
        let theorems = try o.string("theorems").map { try Vocabulary.theorems($0) } ?? []
        if let other = theorems.first(where: { !perRun.contains($0) }) {
            throw UsageError("--theorems: \(other) is not evaluated along one trajectory (allowed: \(perRun.map(\.rawValue).joined(separator: ", ")))")
        }
        let net = problem.network
        let layout = "n·n0 + n = \(net.width)·\(net.inputDimension) + \(net.width) = \(net.parameterCount)"
        let thetas: [[Double]]
        do { thetas = try TrajectoryFile.read(path: path, parameterCount: net.parameterCount, layout: layout) } catch let e as ProblemError {
            throw UsageError("--trajectory: " + e.message)
        }
        if let k = thetas[0].indices.first(where: { thetas[0][$0] != problem.theta0[$0] }) {
            throw UsageError("--trajectory: θ_0 differs from the problem's theta0.csv at entry \(k + 1) (\(thetas[0][k]) against \(problem.theta0[k])); the trajectory must start at the problem's θ_0")
        }
        config.steps = thetas.count - 1
        config.tolerance = 0   // the given trajectory is walked to its end
        try RunOptions.checkMemory(config.problem)
        return Setup(problem: problem, config: config, thetas: thetas, tolerance: tolerance, theorems: theorems.isEmpty ? perRun : theorems)
    }

    public static func run(_ args: [String], out: (String) -> Void) throws -> Int32 {
        let o = try OptionParser.parse(args, specs: specs)
        if o.has("help") { out(usage + OptionParser.help(specs) + "\n"); return 0 }
        if let p = o.positionals.first { throw UsageError("unexpected argument '\(SpaceSyntax.quoted(p))' (audit takes only options)") }
        let format = try o.choice("format", ["text", "json"]) ?? "text"
        let s = try setup(o)
        let suite = SuiteSpec(name: "audit", base: s.config, seeds: [s.config.problem.seed], taus: [s.config.tau],
                              widths: [s.config.problem.width], owners: [s.config.mgOwner], limitWidths: [], theorems: s.theorems)
        let log = DeviationLog()
        let lab = label(for: s.config)
        var results: [InstanceResult]
        var outcome = "not run"
        // The theorem quantities are the overparameterized GGN's (its (m+1)×(m+1) system); another
        // method's steps are still compared, every one, and no theorem is evaluated (issue 30 #7).
        let theoremsApply = QuantityRecorder.supports(s.config.method)
        do {
            if theoremsApply {
                let run = try InstrumentedRun.run(s.config, problem: s.problem, label: lab) { ReplayOptimizer($0, given: s.thetas, log: log) }
                outcome = run.trajectory.outcome.summary
                results = try SuiteRunner.evaluate(run, suite: suite).0
            } else {
                var engine = try TrajectoryEngine(problem: s.problem, config: s.config)
                engine = TrajectoryEngine(objective: engine.objective, optimizer: ReplayOptimizer(engine.optimizer, given: s.thetas, log: log), rules: engine.rules)
                outcome = engine.run().outcome.summary
                results = []
            }
        } catch {
            results = s.theorems.map { .failure(theorem: $0, reading: .all, instance: lab, reason: "\(error)") }
        }
        let deviations = log.deviations
        let outside = deviations.filter { !($0.relative <= s.tolerance) }
        let needed = TheoremRegistry.all.filter { s.theorems.contains($0.id) }.compactMap(\.trajectory)
            .map { $0.requiredSteps(s.problem, s.config) }.max() ?? 0
        // Steps the replay never compared (the run stopped early: a failed step, divergence) are
        // not "within the tolerance": they are named and make the audit fail.
        let uncompared = deviations.count < s.config.steps ? "steps \(deviations.count)–\(s.config.steps - 1) were not compared: the run stopped (\(outcome))" : nil
        let notes = [theoremsApply ? nil : "the theorems read the overparameterized GGN's quantities (method ggn or the reference variants); with method \(s.config.method.name) every step is compared and no theorem is evaluated",
                     needed > s.config.steps && theoremsApply
            ? "the trajectory has \(s.config.steps) steps; these theorems ask for up to \(needed) (check runs that many), so some may not be decidable"
            : nil, uncompared].compactMap { $0 }
        let note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        // The exit code answers "is this the method?" (issue 30 #6); the papers' theorems fail on
        // exact trajectories too, so their verdicts gate only when asked.
        let matches = outside.isEmpty && uncompared == nil
        if format == "json" {
            let steps: [JSONValue] = deviations.map { d in
                .object([("step", .int(d.step)), ("absolute", .num(d.absolute)), ("relative", .num(d.relative)),
                         ("relative_to_step", .num(d.relativeToStep)), ("within_tolerance", .bool(d.relative <= s.tolerance))])
            }
            let extra: [(String, JSONValue)] = [
                ("targets", .string(s.config.problem.targetsDescription)), ("method", .string(s.config.method.name)),
                ("tolerance", .number(s.tolerance)), ("trajectory_steps", .int(s.config.steps)), ("outcome", .string(outcome)),
                ("implementation_matches", .bool(matches)),
                ("steps_outside_tolerance", .array(outside.map { .int($0.step) })), ("steps", .array(steps)),
                ("note", note.map { .string($0) } ?? .null),
            ]
            out(ResultsJSON.instance(command: "audit", arguments: args, results: results, extra: extra).pretty() + "\n")
        } else {
            out("check-bounds audit " + args.joined(separator: " ") + "  # " + s.config.problem.targetsDescription
                + ", method \(s.config.method.name), \(s.config.steps) steps, run \(outcome)\n")
            out(deviationTable(deviations, tolerance: s.tolerance))
            if let note { out("note: \(note)\n") }
            out(CheckCommand.verdictText(results))
            out(matches ? "implementation: every step is the method's (exit 0)\n" : "implementation: \(outside.count) step(s) outside the tolerance\(uncompared == nil ? "" : ", and steps not compared") (exit 1)\n")
        }
        let gateTheorems = o.has("fail-on-counterexample") && results.contains { $0.outcome == .counterexample }
        return !matches || gateTheorems ? 1 : 0
    }

    static func deviationTable(_ d: [StepDeviation], tolerance: Double) -> String {
        var t = String(format: "step  |θ_{t+1} − method's θ_{t+1}|  relative  relative to the step  within %.3g\n", tolerance)
        for x in d {
            t += String(format: "%4d  %26.3e  %8.3e  %20.3e  %@\n", x.step, x.absolute, x.relative, x.relativeToStep, x.relative <= tolerance ? "yes" : "NO")
        }
        return t + "\(d.filter { !($0.relative <= tolerance) }.count) of \(d.count) steps outside the tolerance\n"
    }
}
