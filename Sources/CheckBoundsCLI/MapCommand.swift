import Exploration
import Foundation
import Reporting
import Serialization
import Theorems
import Trajectories

/// `check-bounds map --theorem ID --x AXIS --y AXIS [run options]`: the verdict of every reading
/// on a grid of instances, as heatmaps (SVG), a Markdown page and JSON (README "Exploring").
public enum MapCommand {
    public static let specs: [OptionSpec] = Vocabulary.sampleSpecs(verb: "map", output: "Reports/maps") + [
        OptionSpec("x", "AXIS", default: "", "horizontal axis name=lo..hi:count[:log], e.g. tau=1e-6..1:9:log"),
        OptionSpec("y", "AXIS", default: "", "vertical axis, e.g. n=16..1024:7:log"),
    ] + RunOptions.specs

    public static func run(_ args: [String], out: (String) -> Void, err: @escaping (String) -> Void) throws -> Int32 {
        let o = try OptionParser.parse(args, specs: specs)
        if o.has("help") {
            out("usage: check-bounds map --theorem ID --x AXIS --y AXIS [options]\n\nVerdicts on a grid of instances. Exit: 0 no counterexample on the grid, 1 one or more, 2 bad usage.\n\n" + OptionParser.help(specs) + "\n")
            return 0
        }
        if let p = o.positionals.first { throw UsageError("unexpected argument '\(SpaceSyntax.quoted(p))' (map takes only options)") }
        guard let idText = o.string("theorem") else { throw UsageError("map needs --theorem ID (one of \(TrialEvaluator.explorable.map(\.rawValue).joined(separator: ", ")))") }
        let theorem = TheoremRegistry.theorem(try Vocabulary.theorem(idText))!
        let readings = try o.string("reading").map { $0 == "all" ? nil : try Vocabulary.readings($0, of: theorem) } ?? nil
        let evaluator: TrialEvaluator
        do { evaluator = try TrialEvaluator(theorem: theorem, readings: readings) } catch let e as SpaceError { throw UsageError("--theorem: \(e.message)") }
        let x = try axis(o, "x"), y = try axis(o, "y")
        guard x.0.name != y.0.name else { throw UsageError("--x and --y vary the same option '\(x.0.name)'") }
        for a in [x.0.name, y.0.name] where o.has(a) { throw UsageError("--\(a) is both an axis and an option (give it once)") }
        try GridOptions.requireSingle(o, command: "map")
        // On a CSV, no test points unless asked (no check reads them), and an m axis starts at its
        // lowest value, so a small file needs no --m (issue 30).
        var start = RunConfig()
        if o.string("problem") == "csv" {
            if !o.has("m-test") { start.problem.testCount = 0 }
            if !o.has("m"), let a = [x.0, y.0].first(where: { $0.name == "m" }), case let .integer(lo, _, _) = a.kind { start.problem.trainCount = lo }
        }
        let base = try RunOptions.config(from: o, start: start)
        // A CSV fixes n0 (its columns) and its rows bound m: an axis may not vary them past that.
        if base.problem.kind == .csv {
            for (flag, a) in [("x", x.0), ("y", y.0)] where a.name == "n0" { throw UsageError("--\(flag): n0 is fixed by the CSV's input columns (vary another option)") }
        }
        let outDir = o.string("output") ?? "Reports/maps"
        try OutputPaths.checkDirectory(outDir, option: "output")
        let jobs = try o.int("jobs", min: 1, max: 256) ?? ProcessInfo.processInfo.activeProcessorCount
        let format = try o.choice("format", ["text", "json"]) ?? "text"
        let quiet = o.has("quiet")
        let map = VerdictMap.make(evaluator: evaluator, x: x, y: y, base: base, jobs: min(jobs, 256)) { k, n in
            if !quiet { err("[map] \(k)/\(n) instances\n") }
        }
        let files = try write(map, to: outDir)
        let json = try StableJSON.encode(map) + "\n"
        if format == "json" { out(json) } else {
            out(ExplorationReport.markdown(map) { "map-\(map.theorem)-\(ExplorationReport.slug($0)).svg" })
            out("\nwritten: " + files.joined(separator: ", ") + "\n")
        }
        return map.layers.contains { $0.cells.contains { $0.outcome == .counterexample } } ? 1 : 0
    }

    static func axis(_ o: ParsedOptions, _ name: String) throws -> (SpaceDimension, Int) {
        guard let t = o.string(name) else { throw UsageError("map needs --\(name) AXIS (e.g. --\(name) tau=1e-6..1:9:log)") }
        do {
            let a = try SpaceSyntax.axis(t)
            return (a.dimension, a.count)
        } catch let e as SpaceError { throw UsageError("--\(name): \(e.message)") }
    }

    /// The page, its JSON and one SVG per reading; returns the paths written.
    static func write(_ map: VerdictMap, to dir: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var paths: [String] = []
        for (r, svg) in ExplorationReport.heatmaps(map) {
            let p = "\(dir)/map-\(map.theorem)-\(ExplorationReport.slug(r)).svg"
            try AtomicFile.write(svg, to: p)
            paths.append(p)
        }
        let md = "\(dir)/map-\(map.theorem).md", js = "\(dir)/map-\(map.theorem).json"
        try AtomicFile.write(ExplorationReport.markdown(map) { "map-\(map.theorem)-\(ExplorationReport.slug($0)).svg" }, to: md)
        try AtomicFile.write(try StableJSON.encode(map) + "\n", to: js)
        return [md, js] + paths
    }
}
