import Foundation
import Problems
import Serialization
import Theorems
import Trajectories

/// One stored finding: a (shrunk) counterexample of a theorem under a reading, with what
/// reproduces it. Stored as one JSON file named by a stable hash of the instance, so the
/// same finding is always the same file and nothing changes when nothing changed.
public struct Finding: Sendable, Codable, Equatable {
    public var theorem: TheoremID
    public var reading: ReadingID
    public var config: RunConfig
    /// `check-bounds check` options that rebuild the instance.
    public var arguments: [String]
    public var outcome: Outcome
    /// The failing conclusion (lhs, rhs, error bound) and the worst hypothesis.
    public var witness: Check?
    public var worstHypothesis: Check?
    /// A hash of the theorem's statement, readings, hypotheses and conclusions when the finding
    /// was stored: a changed check says so on replay.
    public var checkVersion: String

    /// The file name: a hash of theorem, reading and instance.
    public var fileName: String { StableHash.hex(theorem.rawValue + "|" + reading.rawValue + "|" + ((try? StableJSON.encode(config)) ?? "")) + ".json" }
}

/// What replaying a stored finding showed.
public struct Replay: Sendable {
    public var finding: Finding
    public var path: String
    /// The outcome now (nil when the reading is no longer evaluated).
    public var outcome: Outcome?
    public var reproduced: Bool { outcome == finding.outcome }
    public var checkChanged: Bool
}

/// The findings under a folder (default `Reports/explore/`): `<theorem>/<hash>.json`.
public struct FindingDatabase: Sendable {
    public let root: String
    /// Replayed but never written (the repository's committed findings, when no database is named).
    public var readOnly = false

    public init(root: String, readOnly: Bool = false) {
        self.root = root
        self.readOnly = readOnly
    }

    public func folder(_ theorem: TheoremID) -> String { (root as NSString).appendingPathComponent(theorem.rawValue) }

    /// Every stored finding of a theorem (all theorems when nil), in file-name order.
    public func load(_ theorem: TheoremID? = nil) throws -> [(path: String, finding: Finding)] {
        let theorems = theorem.map { [$0] } ?? ((try? FileManager.default.contentsOfDirectory(atPath: root))?.sorted().map { TheoremID($0) } ?? [])
        var out: [(String, Finding)] = []
        for t in theorems {
            let dir = folder(t)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for n in names.sorted() where n.hasSuffix(".json") {
                let path = (dir as NSString).appendingPathComponent(n)
                guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                      let f = try? StableJSON.decode(Finding.self, from: text) else {
                    throw SpaceError("the finding '\(SpaceSyntax.quoted(path))' cannot be read as a stored finding")
                }
                // A stored instance is validated as the command line would be, before anything runs.
                do {
                    try f.config.problem.validateSizes()
                    try f.config.validate()
                } catch {
                    throw SpaceError("the finding '\(SpaceSyntax.quoted(path))' holds an instance the command line would refuse: \(error)")
                }
                out.append((path, f))
            }
        }
        return out
    }

    /// Writes a finding unless the same bytes are there; returns whether a file was written.
    @discardableResult
    public func store(_ f: Finding) throws -> Bool {
        if readOnly { return false }
        let dir = folder(f.theorem)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = (dir as NSString).appendingPathComponent(f.fileName)
        let text = Self.render(f)
        if let old = try? String(contentsOfFile: path, encoding: .utf8), old == text { return false }
        try AtomicFile.write(text, to: path)
        return true
    }

    /// Pretty, sorted JSON with a final newline.
    static func render(_ f: Finding) -> String {
        let e = StableJSON.encoder
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? e.encode(f)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// Re-checks stored findings with the current checker.
    public static func replay(_ stored: [(path: String, finding: Finding)], jobs: Int = 1) throws -> [Replay] {
        try stored.map { path, f in
            guard let t = TheoremRegistry.theorem(f.theorem) else {
                return Replay(finding: f, path: path, outcome: nil, checkChanged: true)
            }
            let ev = try TrialEvaluator(theorem: t)
            let now = ev.evaluate(f.config).first { $0.reading == f.reading || $0.reading == .all }?.outcome
            return Replay(finding: f, path: path, outcome: now, checkChanged: checkVersion(t.info) != f.checkVersion)
        }
    }

    public static func checkVersion(_ info: TheoremInfo) -> String {
        StableHash.hex((try? StableJSON.encode(info)) ?? info.id.rawValue)
    }
}

/// FNV-1a, 64 bits, as 16 hex digits: a stable name, not a security hash.
public enum StableHash {
    public static func hex(_ s: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let digits = String(h, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
