import Exploration
import Foundation
import Problems
import Reporting
import Serialization
import Theorems
import Trajectories

/// `check-bounds explore --theorem ID …`: replays the stored findings, samples the theorem's
/// space and searches it for counterexamples and the smallest margin, shrinks each
/// counterexample and stores the minimal ones (README "Exploring"; Proofs/Exploration.md).
public enum ExploreCommand {
    public static let specs: [OptionSpec] = Vocabulary.sampleSpecs(verb: "explore", output: "none (also write explore-ID.md and .json there)") + [
        OptionSpec("space", "SPEC|FILE.json", default: "the theorem's", "ranges that replace the default space's, e.g. 'tau=1e-6..1:log,n=8..512:log,m=4..64'"),
        OptionSpec("budget", "N", default: "64", "instances to sample (1 to 100000)"),
        OptionSpec("time", "SECONDS", default: "", "also stop sampling after this long (the count then depends on the machine)"),
        OptionSpec("search-seed", "S", default: "0", "seed of the search (instances draw their own seeds from the space)"),
        OptionSpec("database", "DIR", default: "OUTPUT/findings, else none", "stored findings: replayed first, minimal counterexamples added; without it and without --output nothing is stored, and the repository's Reports/explore (if present) is only replayed"),
        OptionSpec("no-database", nil, default: "", "neither read nor write stored findings"),
    ] + RunOptions.specs.filter { $0.name != "seed" }

    public static func run(_ args: [String], out: (String) -> Void, err: @escaping (String) -> Void) throws -> Int32 {
        let o = try OptionParser.parse(args, specs: specs)
        if o.has("help") {
            out("usage: check-bounds explore --theorem ID [options]\n\nSearches the theorem's space of instances for counterexamples. Exit: 0 nothing new, 1 a new counterexample (or one under a reading we claim, or a stored finding that changed), 2 bad usage.\nRun options fix what the space does not vary.\n\n" + OptionParser.help(specs) + "\n")
            return 0
        }
        if let p = o.positionals.first { throw UsageError("unexpected argument '\(SpaceSyntax.quoted(p))' (explore takes only options)") }
        guard let idText = o.string("theorem") else { throw UsageError("explore needs --theorem ID (one of \(TrialEvaluator.explorable.map(\.rawValue).joined(separator: ", ")))") }
        let theorem = TheoremRegistry.theorem(try Vocabulary.theorem(idText))!
        guard let entry = theorem.instance else {
            throw UsageError("--theorem: \(theorem.id) is checked over a sweep or study, not instance by instance (explorable: \(TrialEvaluator.explorable.map(\.rawValue).joined(separator: ", ")))")
        }
        let readings = try o.string("reading").map { $0 == "all" ? nil : try Vocabulary.readings($0, of: theorem) } ?? nil
        var space = try Vocabulary.space(o.string("space"), default: entry.space, fixedBy: o)
        var settings = ExploreSettings()
        settings.budget = try o.int("budget", min: 1, max: 100_000) ?? 64
        if let t = try o.double("time") {
            guard t > 0 && t <= 86_400 else { throw UsageError("--time: seconds in (0, 86400], got \(t)") }
            settings.seconds = t
        }
        if let s = o.string("search-seed") {
            guard let v = UInt64(s) else { throw UsageError("--search-seed: '\(SpaceSyntax.quoted(s))' is not a non-negative integer") }
            settings.seed = v
        }
        settings.jobs = try o.int("jobs", min: 1, max: 256) ?? ProcessInfo.processInfo.activeProcessorCount
        let format = try o.choice("format", ["text", "json"]) ?? "text"
        try GridOptions.requireSingle(o, command: "explore")
        // On a CSV the space sets m and m-test per trial: the file need only hold the smallest
        // sizes the space asks for, not the teacher-student defaults (issue 30).
        var start = RunConfig()
        if o.string("problem") == "csv" {
            if !o.has("m") { start.problem.trainCount = space.lowest("m") ?? 1 }
            if !o.has("m-test") { start.problem.testCount = space.lowest("m-test") ?? 0 }
        }
        let base = try RunOptions.config(from: o, start: start)
        if base.problem.kind == .csv { space = try Self.fitted(space, toCSV: base.problem) }
        let database = o.has("no-database") ? nil : Self.database(o)
        if let d = database, !d.readOnly { try OutputPaths.checkDirectory(d.root, option: "database") }
        if let d = o.string("output") { try OutputPaths.checkDirectory(d, option: "output") }
        let quiet = o.has("quiet")
        let summary: ExploreSummary
        do {
            summary = try Exploration.run(theorem: theorem, readings: readings, space: space, base: base, settings: settings,
                                          database: database) { if !quiet { err("[explore] \($0)\n") } }
        } catch let e as SpaceError { throw UsageError(e.message) }
        let text = ExplorationReport.text(summary)
        let json = try StableJSON.encode(summary) + "\n"
        if let d = o.string("output") {
            try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
            try AtomicFile.write("# Exploration: \(theorem.id)\n\n```\n" + text + "```\n", to: "\(d)/explore-\(theorem.id).md")
            try AtomicFile.write(json, to: "\(d)/explore-\(theorem.id).json")
        }
        out(format == "json" ? json : text)
        return summary.isNewFinding ? 1 : 0
    }

    /// Where findings go (issue 30 #1): `--database DIR`; else `OUTPUT/findings`; else nowhere,
    /// with the committed `Reports/explore` replayed read-only, so an exploration of one's own
    /// data never writes into the repository unless asked to.
    static func database(_ o: ParsedOptions) -> FindingDatabase? {
        if let d = o.string("database") { return FindingDatabase(root: d) }
        if let out = o.string("output") { return FindingDatabase(root: (out as NSString).appendingPathComponent("findings")) }
        return FileManager.default.fileExists(atPath: "Reports/explore") ? FindingDatabase(root: "Reports/explore", readOnly: true) : nil
    }

    /// A CSV fixes n0 (its input columns) and bounds m (its rows less the test rows): the space
    /// loses n0 and its m range is cut to what the file holds, or the run is refused.
    static func fitted(_ space: Space, toCSV spec: ProblemSpec) throws -> Space {
        var rows = Int.max
        if case let .success(sel) = Result(catching: { try CSVProblem.select(spec) }) { rows = sel.table.rows.count - spec.testCount }
        var dims: [SpaceDimension] = []
        for d in space.dimensions where d.name != "n0" {
            guard d.name == "m", case let .integer(lo, hi, log) = d.kind else { dims.append(d); continue }
            guard lo <= rows else {
                throw UsageError("--space: m ≥ \(lo) needs more rows than the CSV has for training (\(rows) after --m-test \(spec.testCount))")
            }
            dims.append(SpaceDimension("m", .integer(lower: lo, upper: min(hi, rows), log: log)))
        }
        return Space(dims)
    }
}
