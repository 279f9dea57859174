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

    /// Every file under `dir` (except shards/), with the Markdown cut at its timing section.
    func contents(_ dir: String) throws -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        for rel in try fm.subpathsOfDirectory(atPath: dir).sorted() where !rel.hasPrefix("shards") {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir), !isDir.boolValue else { continue }
            var text = String(decoding: fm.contents(atPath: dir + "/" + rel)!, as: UTF8.self)
            if rel.hasSuffix(".md"), let r = text.range(of: "## Timing") { text = String(text[..<r.lowerBound]) }
            out[rel] = text
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
}
