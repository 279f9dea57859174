import Foundation
import Experiments
import Exploration
import Optimizers
import Problems
import Reporting
import Serialization
import Theorems
import Trajectories

/// `check-bounds [run]`: runs a suite, writes Reports/ (Markdown per suite, index, SVG
/// figures, JSON summary), prints the one-screen summary, and acts as the CI gate.
public enum RunCommand {
    public static let specs: [OptionSpec] = [
        OptionSpec("suite", "NAME", default: "default", "suite to run: default (the paper's teacher-student setup), quick (small, for CI), full (default with the companion studies' long sweeps), paper (the authors' τ and μ sweeps at reduced scale, ours against their code), paper-full (their full scale)"),
        OptionSpec("theorems", "IDS", default: "all", "comma-separated theorem ids: " + TheoremRegistry.ids.map(\.rawValue).joined(separator: ", ")),
        OptionSpec("mu", "X", default: "1/kappa", "pseudo-Huber μ for every instance"),
        OptionSpec("mus", "LIST", default: "1,5,50,100 and 1/kappa", "μ grid of the teacher-student experiment"),
        OptionSpec("experiment-taus", "LIST", default: "1e-8,1e-7,…,1", "τ grid of the teacher-student experiment"),
        OptionSpec("limit-widths", "LIST", default: "suite's", "widths of the zero-damping sweep"),
        OptionSpec("m", "N", default: "suite's", "training points"),
        OptionSpec("steps", "N", default: "as the theorems need", "minimum iterations per run"),
        OptionSpec("sigma", "ROUTE", default: "refine", SigmaRouteHelp.text),
        OptionSpec("output", "DIR", default: "Reports", "where reports go"),
        OptionSpec("format", "LIST", default: "md,json", "md, json, or both"),
        OptionSpec("baseline", "FILE", default: "Reports/baselines/SUITE.json if present", "gate against this baseline"),
        OptionSpec("no-baseline", nil, default: "", "do not gate against any baseline (every counterexample is new)"),
        OptionSpec("write-baseline", "FILE", default: "", "write each instance's outcome and decisive margin as a baseline for later gating"),
        OptionSpec("no-experiment", nil, default: "", "skip the reproduction of the paper's teacher-student experiment"),
        OptionSpec("no-explore", nil, default: "", "skip the exploration of each instance-evaluable theorem's space and the verdict maps (Proofs/Exploration.md)"),
        OptionSpec("quiet", nil, default: "", "no progress on stderr"),
        OptionSpec("jobs", "N", default: "number of cores", "run N instances at once (each with single-threaded OpenBLAS); the reports are the same bytes for every N"),
        OptionSpec("shard", "K/N", default: "", "run only the K-th of N disjoint parts of the suite and write its results as JSON (no reports, no gate); `check-bounds merge` assembles the parts"),
        OptionSpec("shard-output", "FILE", default: "OUTPUT/shards/SUITE-K-of-N.json", "where the shard's JSON goes"),
        OptionSpec("help", nil, default: "", "show this help"),
    ] + GridOptions.pluralSpecs
      + GridOptions.names.map { OptionSpec($0.single, "LIST", default: "suite's", "the same grid as --\($0.plural) (check's name for it)") }
      + RunOptions.specs.filter { instanceOptions.contains($0.name) }

    /// The options of one instance (`check`'s vocabulary) that `run` applies to every instance of
    /// the suite; with any of them the run is a custom suite.
    static let instanceOptions: [String] = RunOptions.specs.map(\.name).filter { name in
        !["mu", "m", "steps", "sigma"].contains(name) && !GridOptions.names.contains { $0.single == name }
    }

    public static let usage = """
    usage: check-bounds [run] [options]
           check-bounds check [run options]     one instance, verdicts on stdout
           check-bounds trace [run options]     JSON Lines trace of one run
           check-bounds audit --problem DIR --trajectory FILE   your trajectory, step by step and theorem by theorem
           check-bounds merge SHARD.json …      reports from the parts of a sharded run

    Runs a suite of theorem checks and writes Reports/. An option that changes the suite (a grid, a
    size, an instance option) makes it the custom suite `custom` (README, "Custom runs and grids").
    Exit: 0 every outcome holds, is vacuous, or is an accepted finding of the baseline; 1 a new
    counterexample or a regression; 2 bad usage; 3 a runtime or I/O failure; 130/143 interrupted.


    """

    public static func suite(from o: ParsedOptions) throws -> SuiteSpec {
        let name = try o.choice("suite", SuiteSpec.names) ?? "default"
        var s = SuiteSpec.named(name)!
        if let t = o.string("theorems") { s.theorems = try Vocabulary.theorems(t) }
        // The grid under either spelling (--seed or --seeds, …): GridOptions.
        let grid = try GridOptions.parse(o)
        // Seeds given are the seeds run: the regime's further seeds go too.
        if let v = grid.seeds { s.seeds = v; s.regimeSeeds = [] }
        if let v = grid.widths { s.widths = v }
        if let v = grid.taus {
            guard v.allSatisfy({ $0 > 0 }) else { throw UsageError("--taus: every τ must be positive (the regularized GGN needs H = τ∇²ḡ invertible)") }
            s.taus = v
        }
        if let v = grid.owners { s.owners = v }
        // An instance option (--activation, --n0, --alpha-bar, --method, --csv --target, …) changes every instance.
        if instanceOptions.contains(where: o.has) { s.base = try RunOptions.config(from: o, start: s.base) }
        // A suite that runs several methods (the paper suites) runs the one --method names.
        if o.string("method") != nil { s.methods = nil }
        // The μ sweep sits at its own τ; a τ grid given replaces the suite's grids, so it goes.
        if grid.taus != nil { s.muSweep = nil }
        if let mu = try o.double("mu") {
            guard mu > 0 else { throw UsageError("--mu: must be positive, got \(mu)") }
            s.base.mu = mu
        }
        if let v = try o.ints("limit-widths", min: 1, max: 1 << 24) { s.limitWidths = v }
        if let v = try o.int("m", min: 1, max: 1_000_000) { s.base.problem.trainCount = v }
        if let v = try o.int("steps", min: 0, max: 1_000_000) { s.base.steps = v }
        if let r = try o.choice("sigma", SigmaRoute.allCases.map(\.rawValue)) { s.base.sigmaRoute = SigmaRoute(rawValue: r)! }
        try customize(&s, o)
        // Every instance must fit in memory before the first one runs.
        for c in s.runConfigs { try RunOptions.checkMemory(c.problem) }
        for w in s.limitWidths { var p = s.base.problem; p.width = w; try RunOptions.checkMemory(p) }
        return s
    }

    public static func run(_ args: [String], out: (String) -> Void, err: @escaping (String) -> Void) throws -> Int32 {
        let o = try OptionParser.parse(args, specs: specs)
        if o.has("help") { out(usage + OptionParser.help(specs) + "\n"); return 0 }
        if let p = o.positionals.first { throw UsageError("unexpected argument '\(p)' (run takes only options)") }
        let suite = try suite(from: o)
        return try run(suite: suite, options: o, merged: nil, out: out, err: err)
    }

    /// `run` after the suite is known; with `merged` parts (from `merge`) nothing is recomputed.
    static func run(suite: SuiteSpec, options o: ParsedOptions, merged: [UnitResult]?, out: (String) -> Void,
                    err: @escaping (String) -> Void) throws -> Int32 {
        let formatText = o.string("format") ?? "md,json"
        let formatList = formatText.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for f in formatList where f != "md" && f != "json" {
            throw UsageError("--format: '\(SpaceSyntax.quoted(f))' in '\(SpaceSyntax.quoted(formatText))' is not allowed (allowed: md, json, or md,json)")
        }
        try ParsedOptions.noRepeats(formatList, option: "format")
        let formats = Set(formatList)
        let outDir = o.string("output") ?? "Reports"
        // The report files whose names are known before the run: a symlink, FIFO or device there is refused now.
        let named = ["\(suite.name).md", "\(suite.name).json", "\(suite.name)-explore.json", "index.md", "findings.md", "gsc.md", "gsc.json"]
        try OutputPaths.checkDirectory(outDir, option: "output", files: named)
        if let path = o.string("write-baseline") { try OutputPaths.checkFile(path, option: "write-baseline") }
        if let path = o.string("shard-output") { try OutputPaths.checkFile(path, option: "shard-output") }
        if o.has("no-baseline") && o.has("baseline") { throw UsageError("--baseline and --no-baseline exclude each other") }
        var baseline: Baseline? = nil
        var baselinePath = o.string("baseline")
        if baselinePath == nil && !o.has("no-baseline") {
            let implicit = implicitBaseline(suite, outDir: outDir)
            if FileManager.default.fileExists(atPath: implicit) { baselinePath = implicit }
        }
        if let path = baselinePath {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw UsageError("--baseline: cannot read '\(path)'")
            }
            do { baseline = try Baseline.parse(text, name: path) } catch let e as Baseline.FormatError { throw UsageError(e.description) }
        }
        // Every option is validated before any work starts: bad input exits 2 at once.
        var base = suite.base
        base.problem.seed = suite.seeds.first ?? 0
        base.tau = suite.taus.first ?? base.tau
        var ex = TeacherStudentExperiment(base: base)
        if let v = try o.doubles("mus") {
            guard v.allSatisfy({ $0 > 0 }) else { throw UsageError("--mus: every μ must be positive") }
            ex.muGrid = v
        }
        if let v = try o.doubles("experiment-taus") {
            guard v.allSatisfy({ $0 > 0 }) else { throw UsageError("--experiment-taus: every τ must be positive") }
            ex.tauGrid = v
        }
        let quiet = o.has("quiet")
        let jobs = try jobCount(o)
        let start = Date()
        let progress: (Int, Int, String) -> Void = { k, n, what in
            guard !quiet else { return }
            let el = Date().timeIntervalSince(start)
            let eta = k > 1 ? el / Double(k - 1) * Double(n - k + 1) : .nan
            err(String(format: "[%d/%d] %@  elapsed %.0fs, about %@ left\n", k, n, what, el, eta.isFinite ? String(format: "%.0fs", eta) : "?"))
        }
        if let shardText = o.string("shard") {
            let (k, n) = try Shards.parse(shardText)
            let indices = Shards.indices(of: k, count: n, units: SuiteRunner.units(suite).count)
            let parts = SuiteRunner.runUnits(suite, indices: indices, concurrency: jobs, progress: progress)
            let path = o.string("shard-output") ?? "\(outDir)/shards/\(suite.name)-\(k)-of-\(n).json"
            try AtomicFile.write(try Shards.encode(ShardFile(suite: suite, shard: k, of: n, units: parts)), to: path)
            out("shard \(k)/\(n): \(parts.count) of \(SuiteRunner.units(suite).count) units → \(path)\n")
            return 0
        }
        let result: SuiteResult
        if let merged {
            do { result = try SuiteRunner.assemble(suite, merged, seconds: merged.reduce(0) { $0 + $1.seconds }) } catch let e as SuiteAssemblyError {
                throw UsageError("merge: \(e.description)")
            }
        } else {
            result = SuiteRunner.run(suite, concurrency: jobs, progress: progress)
        }
        return try finish(result, suite: suite, experimentSetup: ex, options: o, baseline: baseline, baselinePath: baselinePath,
                          formats: formats, outDir: outDir, start: start, out: out, err: err)
    }

    /// Options that change what a named suite runs; with any of them the run is its own suite,
    /// `custom`, whose report, JSON and reproduce line carry them (Sources/CheckBoundsCLI/README.md).
    static var customizing: [String] {
        ["theorems"] + GridOptions.names.flatMap { [$0.single, $0.plural] } + ["mu", "limit-widths", "m", "steps", "mus", "experiment-taus"] + instanceOptions
    }

    /// Makes a changed named suite a custom one: named `custom`, its options recorded, the
    /// companion studies only when `--theorems` names them, the 001 experiment only when its
    /// grids are given.
    public static func customize(_ s: inout SuiteSpec, _ o: ParsedOptions) throws {
        let given = customizing.filter { o.string($0) != nil }
        let flags = ["no-explore", "no-experiment"].filter { o.has($0) }
        // Flags alone only skip work: the suite keeps its identity and its gate (issue 30 #5).
        guard !given.isEmpty else {
            s.skipped = flags.map { "--" + $0 }
            if flags.contains("no-explore") { s.exploreBudget = nil; s.mapCells = nil }
            if flags.contains("no-experiment") { s.paperExperiment = false }
            return
        }
        var args = ["--suite", s.name]
        // Grid options under run's one spelling (--seeds, --widths, --taus, --owners), so a
        // reproduce line that overrides one of them never names the same grid twice.
        for name in given {
            let canonical = GridOptions.names.first { $0.single == name }?.plural ?? name
            args += ["--\(canonical)", o.string(name)!]
        }
        if let r = o.string("sigma") { args += ["--sigma", r] }
        args += flags.map { "--" + $0 }
        s.customArguments = args
        s.name = "custom"
        // Changed sizes or grids: the companion studies and the 001 experiment (which do not read
        // them) run only when asked for; the flags alone leave the rest of the suite as it is.
        let changed = !given.isEmpty
        // The explorer samples its theorem's default space, not these settings: it runs only
        // in the named suites (or on its own: check-bounds explore).
        if changed || flags.contains("no-explore") { s.exploreBudget = nil; s.mapCells = nil }
        if changed && !given.contains("theorems") { s.theorems = TheoremRegistry.all.filter { $0.study == nil }.map(\.id) }
        let experimentAsked = given.contains("mus") || given.contains("experiment-taus")
        s.paperExperiment = !flags.contains("no-experiment") && (!changed || experimentAsked)
    }

    /// The baseline a run is gated against when none is given: the named suite's (the
    /// repository's), or for a custom run the one recorded for the same options beside its
    /// reports (`OUTPUT/baselines/custom-<hash>.json`, `Reports/baselines/…` by default; issue 30 #17).
    public static func implicitBaseline(_ suite: SuiteSpec, outDir: String = "Reports") -> String {
        guard let args = suite.customArguments else { return "Reports/baselines/\(suite.name).json" }
        return (outDir as NSString).appendingPathComponent("baselines/custom-\(StableHash.hex(args.joined(separator: " "))).json")
    }

    /// `--jobs`, or one job per core.
    static func jobCount(_ o: ParsedOptions) throws -> Int {
        try o.int("jobs", min: 1, max: 256) ?? ProcessInfo.processInfo.activeProcessorCount
    }

    /// Reports, baseline and gate for a finished suite (shared by `run` and `merge`).
    static func finish(_ result: SuiteResult, suite: SuiteSpec, experimentSetup ex: TeacherStudentExperiment, options o: ParsedOptions,
                       baseline: Baseline?, baselinePath: String?, formats: Set<String>, outDir: String, start: Date,
                       out: (String) -> Void, err: @escaping (String) -> Void) throws -> Int32 {
        let quiet = o.has("quiet")
        var experiment: TeacherStudentExperiment.Result? = nil
        if suite.paperExperiment && !o.has("no-experiment") {
            do {
                experiment = try ex.run { what in
                    if !quiet { err(String(format: "[experiment] %@  elapsed %.0fs\n", what, Date().timeIntervalSince(start))) }
                }
            } catch {
                err("check-bounds: the teacher-student experiment failed: \(error)\n")
            }
        }
        var exploration: ExplorationEvidence? = nil
        if !o.has("no-explore") {
            do {
                exploration = try SuiteExploration.run(suite, jobs: try jobCount(o)) { what in
                    if !quiet { err(String(format: "[explore] %@  elapsed %.0fs\n", what, Date().timeIntervalSince(start))) }
                }
            } catch {
                err("check-bounds: the suite's exploration failed: \(error)\n")
            }
        }
        let (gsc, gscFiles) = GSCCommand.reports(for: outDir, formats: formats)
        var report = MarkdownReport(result: result, experiment: experiment)
        report.exploration = exploration
        try ReportFiles.write(result, experiment: experiment, exploration: exploration, gsc: gsc, extra: gscFiles,
                              rootLink: OutputPaths.rootLink(for: outDir), to: outDir, formats: formats)
        if let path = o.string("write-baseline") { try AtomicFile.write(Baseline(results: result.results).json(), to: path) }
        // One screen: what ran (the options that rebuild it), the findings' headlines, where the
        // reports are, the gate.
        out("check-bounds run " + suite.runArguments.joined(separator: " ") + "\n")
        out("findings (suite \(suite.name), \(result.results.count) instances):\n")
        for h in FindingsPage(report: report, gsc: gsc).headlines() { out("  " + h + "\n") }
        let verdict = Gate.judge(result.results, baseline: baseline)
        // The files this run wrote, and only those.
        var written: [String] = []
        if formats.contains("md") {
            if ReportFiles.findingsSuites.contains(suite.name) { written.append("\(outDir)/findings.md") }
            written.append("\(outDir)/\(suite.name).md")
        }
        if formats.contains("json") { written.append("\(outDir)/\(suite.name).json") }
        out("\nreports: " + written.joined(separator: ", ") + "\n")
        out("gate: " + (baselinePath.map { "against \($0)" } ?? "no baseline recorded for these settings (record one with --write-baseline \(implicitBaseline(suite, outDir: outDir)))") + ": ")
        if verdict.passed {
            out("pass (every outcome holds, is vacuous, or is an accepted finding)" + (verdict.newUndecided.isEmpty ? "" : "; \(verdict.newUndecided.count) new instance(s) undecided (not in the baseline)") + "\n")
        } else {
            out("FAIL: \(verdict.newCounterexamples.count) new counterexample(s), \(verdict.regressions.count) regression(s), \(verdict.lostFindings.count) accepted finding(s) no longer reproduced\n")
            // Each list complete up to 10 entries, or saying how many it left out.
            for (name, list) in [("new counterexample", verdict.newCounterexamples), ("regression", verdict.regressions),
                                 ("finding no longer reproduced", verdict.lostFindings)] {
                for k in list.prefix(10) { out("  \(name): \(k)\n") }
                if list.count > 10 { out("  … and \(list.count - 10) more \(name)s (all in \(outDir)/\(suite.name).json)\n") }
            }
        }
        return verdict.exitCode
    }
}
