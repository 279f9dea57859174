import Foundation
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
            throw UsageError("--shard: '\(s)' is not K/N with 1 ≤ K ≤ N")
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
        do {
            return try StableJSON.decode(ShardFile.self, from: text)
        } catch {
            throw UsageError("merge: '\(name)' is not a check-bounds shard file (\(error))")
        }
    }
}

/// `check-bounds merge SHARD.json … [report options]`: assembles the parts of a sharded run
/// into the reports, baseline and gate a single `run` of the same suite would produce.
public enum MergeCommand {
    /// Options that define the suite come from the shard files, not the command line.
    static let suiteOptions: Set<String> = ["suite", "theorems", "seeds", "widths", "taus", "mu", "owners", "limit-widths", "m", "steps", "sigma",
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
            guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("merge: cannot read '\(path)'") }
            files.append(try Shards.decode(String(decoding: data, as: UTF8.self), name: path))
        }
        let suite = files[0].suite
        for (f, path) in zip(files, o.positionals) {
            guard f.suite == suite else { throw UsageError("merge: '\(path)' is a shard of a different suite than '\(o.positionals[0])'") }
            guard f.of == files[0].of else { throw UsageError("merge: '\(path)' is part \(f.shard)/\(f.of), the first file is of \(files[0].of) parts") }
        }
        return try RunCommand.run(suite: suite, options: o, merged: files.flatMap { $0.units }, out: out, err: err)
    }
}
