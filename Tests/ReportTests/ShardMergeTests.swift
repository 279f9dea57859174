import CheckBoundsCLI
import Foundation
import Testing
import Theorems

/// A sharded run merged back, and a concurrent run, give the bytes of one sequential run.
@Suite("Shards, merge and concurrent runs reproduce the single-run report")
struct ShardMergeTests {
    static let args = ["--suite", "quick", "--limit-widths", "40,80", "--no-experiment", "--no-baseline", "--quiet"]

    func tempDir(_ name: String) throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("shard-merge-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// Every file under `dir` (except shards/), the wall times (`*-timing.md`, the wall-clock
    /// figure) by name only: they vary between runs.
    func contents(_ dir: String) throws -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        for rel in try fm.subpathsOfDirectory(atPath: dir).sorted() where !rel.hasPrefix("shards") {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir), !isDir.boolValue else { continue }
            let text = String(decoding: fm.contents(atPath: dir + "/" + rel)!, as: UTF8.self)
            out[rel] = rel.hasSuffix("-timing.md") || rel.hasSuffix("-walltime.svg") ? "" : text
        }
        return out
    }

    @Test("run --shard 1/3, 2/3, 3/3 then merge: the same report files; --jobs 2: the same")
    func shardsMergeToTheSameBytes() throws {
        let single = try tempDir("single"), sharded = try tempDir("sharded"), parallel = try tempDir("parallel")
        // The quick suite has accepted findings; without a baseline the gate exits 1, the same
        // for every route.
        let code = CheckBounds.main(["run"] + Self.args + ["--output", single, "--jobs", "1"])
        #expect(code == 0 || code == 1)
        var files: [String] = []
        for k in [3, 1, 2] {  // any order
            let f = sharded + "/shards/part-\(k).json"
            #expect(CheckBounds.main(["run"] + Self.args + ["--output", sharded, "--shard", "\(k)/3", "--shard-output", f]) == 0)
            files.append(f)
        }
        #expect(CheckBounds.main(["merge"] + files + ["--no-experiment", "--no-baseline", "--quiet", "--output", sharded]) == code)
        #expect(CheckBounds.main(["run"] + Self.args + ["--output", parallel, "--jobs", "2"]) == code)
        let a = try contents(single), b = try contents(sharded), c = try contents(parallel)
        #expect(!a.isEmpty && a.keys.contains("custom.md") && a.keys.contains("custom.json"))
        let diffB = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
        let diffC = Set(a.keys).union(c.keys).filter { a[$0] != c[$0] }.sorted()
        #expect(diffB.isEmpty, "merged shards differ from the single run in \(diffB)")
        #expect(diffC.isEmpty, "the concurrent run differs from the single run in \(diffC)")
    }

    @Test("merge refuses a missing part, a duplicated part and a shard of another suite")
    func mergeRefusesIncompleteSets() throws {
        let d = try tempDir("bad")
        for k in [1, 2] {
            #expect(CheckBounds.main(["run"] + Self.args + ["--output", d, "--shard", "\(k)/2", "--shard-output", d + "/p\(k).json"]) == 0)
        }
        #expect(CheckBounds.main(["run", "--suite", "quick", "--limit-widths", "40", "--no-experiment", "--no-baseline", "--quiet",
                                  "--shard", "1/2", "--shard-output", d + "/other.json"]) == 0)
        let m = ["--no-experiment", "--no-baseline", "--quiet", "--output", d]
        #expect(CheckBounds.main(["merge", d + "/p1.json"] + m) == 2)
        #expect(CheckBounds.main(["merge", d + "/p1.json", d + "/p1.json", d + "/p2.json"] + m) == 2)
        #expect(CheckBounds.main(["merge", d + "/p1.json", d + "/other.json"] + m) == 2)
        #expect(CheckBounds.main(["run", "--suite", "quick", "--shard", "3/2"]) == 2)
        #expect(CheckBounds.main(["merge", d + "/p1.json", d + "/p2.json"] + m) != 2)
    }

    /// A shard file whose suite is edited (by hand or by corruption) is refused before use, naming
    /// the file and the field, exit 2: the same bounds `run` applies to its options.
    static let edits: [(String, @Sendable (inout [String: Any]) -> Void, String)] = [
        ("τ = −5", { s in var t = s["taus"] as! [Any]; t[0] = -5; s["taus"] = t }, "suite.taus[0] = -5.0 is not allowed (τ must be a positive number)"),
        ("n = 2^62 in the grid", { s in var w = s["widths"] as! [Any]; w[0] = 1 << 62; s["widths"] = w }, "suite.widths[0] = 4611686018427387904 is out of range (allowed: 1…16777216)"),
        ("n = 2^62 in the base", { s in var b = s["base"] as! [String: Any]; var p = b["problem"] as! [String: Any]; p["width"] = 1 << 62; b["problem"] = p; s["base"] = b },
         "suite.base.problem.width (n) = 4611686018427387904 is out of range (allowed: 1…16777216)"),
        ("m = 10^7", { s in var b = s["base"] as! [String: Any]; var p = b["problem"] as! [String: Any]; p["trainCount"] = 10_000_000; b["problem"] = p; s["base"] = b },
         "suite.base.problem.trainCount (m) = 10000000 is out of range (allowed: 1…1000000)"),
        ("steps = 10^7", { s in var b = s["base"] as! [String: Any]; b["steps"] = 10_000_000; s["base"] = b }, "suite.base.steps = 10000000 is out of range (allowed: 0…1000000)"),
        ("μ = 0", { s in var b = s["base"] as! [String: Any]; b["mu"] = 0; s["base"] = b }, "suite.base.mu = 0.0 is not allowed (μ must be a positive number)"),
        ("width 0 in the limit sweep", { s in s["limitWidths"] = [40, 0] }, "suite.limitWidths[1] = 0 is out of range (allowed: 1…16777216)"),
        ("a name that is a path", { s in s["name"] = "../../etc/x" }, "suite.name is '../../etc/x' (allowed: default, quick, full, paper, paper-full, custom)"),
        ("a repeated seed", { s in s["seeds"] = [0, 0] }, "suite.seeds lists a value twice"),
        ("J beyond memory", { s in var b = s["base"] as! [String: Any]; var p = b["problem"] as! [String: Any]; p["trainCount"] = 1_000_000; p["width"] = 1 << 24; b["problem"] = p; s["base"] = b },
         "suite.base.problem is too large: the run needs about"),
    ]

    @Test("merge refuses a shard whose suite fails run's validation, naming the file and the field", arguments: edits.indices)
    func mergeValidatesTheShardSuite(_ k: Int) throws {
        let (_, edit, message) = Self.edits[k]
        let d = try tempDir("edited")
        let text = try Shards.encode(ShardFile(suite: .quick, shard: 1, of: 1, units: []))
        var json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var suite = json["suite"] as! [String: Any]
        edit(&suite)
        json["suite"] = suite
        let path = d + "/edited.json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        do {
            _ = try MergeCommand.run([path, "--no-experiment", "--no-baseline", "--quiet", "--output", d + "/out"], out: { _ in }, err: { _ in })
            Issue.record("the edited shard (\(Self.edits[k].0)) was accepted")
        } catch let e as UsageError {
            #expect(e.message.hasPrefix("merge: '\(path)': " + message), "got: \(e.message)")   // paths are quoted to 240 characters
            #expect(!e.message.contains("\n"))
        }
        #expect(CheckBounds.main(["merge", path, "--no-experiment", "--no-baseline", "--quiet", "--output", d + "/out"]) == 2)
        #expect(!FileManager.default.fileExists(atPath: d + "/out"), "nothing is written on a refusal")
    }
}
