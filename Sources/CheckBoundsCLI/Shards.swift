import Exploration
import Foundation
import Problems
import Serialization
import Theorems

/// One part of a sharded suite run: the suite it belongs to and the results of its units.
public struct ShardFile: Sendable, Codable {
    public var format = "check-bounds shard 1"
    public var suite: SuiteSpec
    public var shard: Int
    public var of: Int
    public var units: [UnitResult]

    public init(suite: SuiteSpec, shard: Int, of: Int, units: [UnitResult]) {
        self.suite = suite
        self.shard = shard
        self.of = of
        self.units = units
    }
}

/// `--shard K/N` and the JSON a shard writes. Units are dealt round-robin (unit i goes to
/// shard i mod N + 1), so neighbouring instances of similar cost spread over the shards.
public enum Shards {
    public static func parse(_ s: String) throws -> (Int, Int) {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else {
            throw UsageError("--shard: '\(SpaceSyntax.quoted(s))' is not K/N with 1 ≤ K ≤ N")
        }
        return (k, n)
    }

    public static func indices(of k: Int, count n: Int, units: Int) -> [Int] {
        Array(stride(from: k - 1, to: units, by: n))
    }

    /// Doubles are written in their shortest round-trip form and read back exactly, so the
    /// merged report has the bytes of a single run; non-finite values are spelled out.
    public static func encode(_ f: ShardFile) throws -> String {
        try StableJSON.encode(f) + "\n"
    }

    public static func decode(_ text: String, name: String) throws -> ShardFile {
        let f: ShardFile
        do {
            f = try StableJSON.decode(ShardFile.self, from: text)
        } catch let e as DecodingError {
            throw UsageError("merge: '\(CSVText.quoted(name, limit: 240))' is not a check-bounds shard file (\(summary(e)))")
        } catch {
            throw UsageError("merge: '\(CSVText.quoted(name, limit: 240))' is not a check-bounds shard file (not JSON)")
        }
        try validate(f, name: name)
        return f
    }

    /// A decoding error in one line: the field and what was wrong.
    static func summary(_ e: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String {
            let p = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "the top level" : String(p.drop { $0 == "." })
        }
        switch e {
        case let .keyNotFound(key, c): return (c.codingPath.isEmpty ? "" : path(c) + ".") + "\(SpaceSyntax.quoted(key.stringValue)) is missing"
        case let .typeMismatch(_, c), let .valueNotFound(_, c): return "\(path(c)): \(SpaceSyntax.quoted(c.debugDescription))"
        case let .dataCorrupted(c): return c.codingPath.isEmpty ? "not valid JSON" : "\(path(c)): \(SpaceSyntax.quoted(c.debugDescription))"
        @unknown default: return "unreadable"
        }
    }

    /// The suite inside a shard passes the validation `run` applies to its options before it is
    /// used (README: m ≤ 10⁶, n ≤ 2²⁴, steps ≤ 10⁶, τ > 0, μ > 0, widths ≥ 1, the memory check), so
    /// an edited or corrupt shard is refused with the file and the field, exit 2.
    static func validate(_ f: ShardFile, name: String) throws {
        let file = "merge: '\(CSVText.quoted(name, limit: 240))'"
        func bad(_ field: String, _ why: String) -> UsageError { UsageError("\(file): \(field) \(why)") }
        func num(_ x: Double) -> String { x.isNaN ? "undefined" : x.isInfinite ? (x > 0 ? "∞" : "−∞") : "\(x)" }
        func int(_ field: String, _ v: Int, _ lo: Int, _ hi: Int) throws {
            guard v >= lo && v <= hi else { throw bad(field, "= \(v) is out of range (allowed: \(lo)…\(hi))") }
        }
        func positive(_ field: String, _ v: Double, what: String) throws {
            guard v.isFinite && v > 0 else { throw bad(field, "= \(num(v)) is not allowed (\(what) must be a positive number)") }
        }
        func list<T: Hashable>(_ field: String, _ xs: [T], max: Int) throws {
            guard !xs.isEmpty else { throw bad(field, "is empty") }
            guard xs.count <= max else { throw bad(field, "has \(xs.count) entries (at most \(max))") }
            guard Set(xs).count == xs.count else { throw bad(field, "lists a value twice") }
        }
        guard f.format == "check-bounds shard 1" else { throw bad("format", "is '\(SpaceSyntax.quoted(f.format))', not 'check-bounds shard 1'") }
        try int("of", f.of, 1, 1_000_000)
        try int("shard", f.shard, 1, f.of)
        let s = f.suite
        // The name becomes report file names (<output>/<name>.md): only the suites' own names.
        guard (SuiteSpec.names + ["custom"]).contains(s.name) else {
            throw bad("suite.name", "is '\(SpaceSyntax.quoted(s.name))' (allowed: \((SuiteSpec.names + ["custom"]).joined(separator: ", ")))")
        }
        try list("suite.seeds", s.seeds, max: 100_000)
        if !s.regimeSeeds.isEmpty { try list("suite.regimeSeeds", s.regimeSeeds, max: 100_000) }
        try list("suite.widths", s.widths, max: 10_000)
        for (i, w) in s.widths.enumerated() { try int("suite.widths[\(i)]", w, 1, 1 << 24) }
        try list("suite.taus", s.taus, max: 10_000)
        for (i, t) in s.taus.enumerated() { try positive("suite.taus[\(i)]", t, what: "τ") }
        try list("suite.owners", s.owners.map(\.rawValue), max: 2)
        if !s.limitWidths.isEmpty { try list("suite.limitWidths", s.limitWidths, max: 10_000) }
        for (i, w) in s.limitWidths.enumerated() { try int("suite.limitWidths[\(i)]", w, 1, 1 << 24) }
        if !s.theorems.isEmpty { try list("suite.theorems", s.theorems.map(\.rawValue), max: 1_000) }
        for (i, t) in s.theorems.enumerated() where TheoremRegistry.theorem(t) == nil {
            throw bad("suite.theorems[\(i)]", "= '\(SpaceSyntax.quoted(t.rawValue))' is not a theorem id")
        }
        if let ms = s.methods { try list("suite.methods", ms.map(\.name), max: 16) }
        if let sweep = s.muSweep {
            try positive("suite.muSweep.tau", sweep.tau, what: "τ")
            try list("suite.muSweep.mus", sweep.mus, max: 10_000)
            for (i, mu) in sweep.mus.enumerated() { try positive("suite.muSweep.mus[\(i)]", mu, what: "μ") }
        }
        if let b = s.exploreBudget { try int("suite.exploreBudget", b, 1, 100_000) }
        if let cells = s.mapCells {
            guard cells.count == 2 else { throw bad("suite.mapCells", "has \(cells.count) entries (allowed: 2)") }
            for (i, c) in cells.enumerated() { try int("suite.mapCells[\(i)]", c, 1, 1_000) }
        }
        let c = s.base, p = c.problem
        try int("suite.base.problem.trainCount (m)", p.trainCount, 1, 1_000_000)
        try int("suite.base.problem.testCount (m-test)", p.testCount, 0, 1_000_000)
        try int("suite.base.problem.inputDimension (n0)", p.inputDimension, 1, 100_000)
        try int("suite.base.problem.width (n)", p.width, 1, 1 << 24)
        try int("suite.base.problem.teacherWidth (n-teacher)", p.teacherWidth, 1, 100_000)
        if let k = p.kappa { try positive("suite.base.problem.kappa", k, what: "κ") }
        try positive("suite.base.problem.kappaW", p.kappaW, what: "κ_W")
        if let l = p.targetLambdaMin { try positive("suite.base.problem.targetLambdaMin", l, what: "λ_min") }
        if p.kind == .conditionedNTK && p.targetLambdaMin == nil { throw bad("suite.base.problem.targetLambdaMin", "is missing (the conditioned-ntk problem needs it)") }
        if p.kind == .csv && p.csvPath == nil { throw bad("suite.base.problem.csvPath", "is missing (the csv problem needs it)") }
        try int("suite.base.steps", c.steps, 0, 1_000_000)
        try positive("suite.base.tau", c.tau, what: "τ")
        if let mu = c.mu { try positive("suite.base.mu", mu, what: "μ") }
        guard c.tolerance.isFinite && c.tolerance >= 0 else { throw bad("suite.base.tolerance", "= \(num(c.tolerance)) is not allowed (a non-negative number)") }
        do { try c.validate() } catch let e as ProblemError { throw bad("suite.base", "is not a valid run: \(e.message)") }
        // The instances must fit in memory, as `run` checks before its first one (counted first, so the check stays cheap).
        let count = s.seeds.count * s.widths.count * s.taus.count * s.owners.count * (s.methods?.count ?? 1)
            + (s.muSweep.map { s.seeds.count * $0.mus.count * s.owners.count * (s.methods?.count ?? 1) } ?? 0)
            + s.regimeSeeds.count * s.widths.count * s.taus.count
        guard count <= 1_000_000 else { throw bad("suite", "has \(count) instances (at most 10⁶)") }
        do {
            for w in Set(s.widths + s.limitWidths + [p.width]) { var q = p; q.width = w; try RunOptions.checkMemory(q) }
        } catch let e as UsageError { throw bad("suite.base.problem", "is too large: \(e.message)") }
    }
}

/// `check-bounds merge SHARD.json … [report options]`: assembles the parts of a sharded run
/// into the reports, baseline and gate a single `run` of the same suite would produce.
public enum MergeCommand {
    /// Options that define the suite come from the shard files, not the command line.
    static let suiteOptions: Set<String> = ["suite", "theorems", "seeds", "widths", "taus", "mu", "owners", "limit-widths", "m", "steps", "sigma",
                                            "seed", "n", "tau", "mg-owner", "mus", "experiment-taus",
                                            "shard", "shard-output", "jobs"]
    public static var specs: [OptionSpec] {
        RunCommand.specs.filter { !suiteOptions.contains($0.name) && !RunCommand.instanceOptions.contains($0.name) }
    }

    public static func run(_ args: [String], out: (String) -> Void, err: @escaping (String) -> Void) throws -> Int32 {
        let o = try OptionParser.parse(args, specs: specs)
        if o.has("help") {
            out("usage: check-bounds merge SHARD.json … [options]\n\nAssembles the shards of `check-bounds run --shard K/N` into the reports of one run.\n\n" + OptionParser.help(specs) + "\n")
            return 0
        }
        guard !o.positionals.isEmpty else { throw UsageError("merge: name the shard files (check-bounds run --shard K/N writes them)") }
        var files: [ShardFile] = []
        for path in o.positionals {
            let q = CSVText.quoted(path, limit: 240)
            guard OutputPaths.kind(path) != nil else { throw UsageError("merge: '\(q)' does not exist") }
            // Only a regular file is read (a FIFO would block, a folder or device is no shard).
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                  (try? FileManager.default.attributesOfItem(atPath: (path as NSString).resolvingSymlinksInPath)[.type] as? FileAttributeType) == .typeRegular else {
                throw UsageError("merge: '\(q)' is not a regular file (name the shard files that check-bounds run --shard K/N wrote)")
            }
            guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("merge: cannot read '\(q)'") }
            guard let text = String(data: data, encoding: .utf8) else { throw UsageError("merge: '\(q)' is not UTF-8 text (not a shard file)") }
            files.append(try Shards.decode(text, name: path))
        }
        let suite = files[0].suite
        let first = CSVText.quoted(o.positionals[0], limit: 240)
        var partOf: [Int: String] = [:]   // shard K → its file
        for (f, path) in zip(files, o.positionals) {
            let q = CSVText.quoted(path, limit: 240)
            guard f.suite == suite else { throw UsageError("merge: '\(q)' is a shard of a different suite than '\(first)'") }
            guard f.of == files[0].of else { throw UsageError("merge: '\(q)' is part \(f.shard)/\(f.of), the first file is of \(files[0].of) parts") }
            if let other = partOf[f.shard] { throw UsageError("merge: '\(q)' and '\(CSVText.quoted(other, limit: 240))' are both part \(f.shard)/\(f.of)") }
            partOf[f.shard] = path
        }
        // Every unit exactly once: each file holds exactly its part's units (unit i is part i mod N + 1).
        let all = SuiteRunner.units(suite)
        for (f, path) in zip(files, o.positionals) {
            let q = CSVText.quoted(path, limit: 240)
            let expected = Shards.indices(of: f.shard, count: f.of, units: all.count)
            var seen = Set<Int>()
            for (i, u) in f.units.enumerated() {
                guard expected.contains(u.index), all[u.index] == u.unit else {
                    throw UsageError("merge: '\(q)': units[\(i)] (unit \(u.index)) is not a unit of part \(f.shard)/\(f.of) of this suite (\(all.count) units)")
                }
                guard seen.insert(u.index).inserted else { throw UsageError("merge: '\(q)': units[\(i)] repeats unit \(u.index)") }
            }
            if let gap = expected.first(where: { !seen.contains($0) }) {
                throw UsageError("merge: '\(q)': unit \(gap) (\(all[gap])) of part \(f.shard)/\(f.of) is missing")
            }
        }
        if let absent = (1...files[0].of).first(where: { partOf[$0] == nil && !Shards.indices(of: $0, count: files[0].of, units: all.count).isEmpty }) {
            throw UsageError("merge: part \(absent)/\(files[0].of) is missing (\(partOf.count) of \(files[0].of) parts given)")
        }
        return try RunCommand.run(suite: suite, options: o, merged: files.flatMap { $0.units }, out: out, err: err)
    }
}
