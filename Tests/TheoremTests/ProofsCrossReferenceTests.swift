import Foundation
import Testing
import TestSupport
import Theorems

/// Proofs/ and the registry must agree: every registered theorem's Proofs/ entry exists, names
/// the theorem's id and a test suite that exists; every suite a Proofs/ entry cites exists.
@Suite("Proofs cross-references")
struct ProofsCrossReferenceTests {
    /// Names of the Swift Testing suites of every test target, their types and their files.
    static func suiteNames() throws -> Set<String> {
        let tests = TestPaths.file("Tests")
        var names: Set<String> = []
        let fm = FileManager.default
        for f in try fm.subpathsOfDirectory(atPath: tests.path) where f.hasSuffix(".swift") {
            let text = try String(contentsOf: tests.appendingPathComponent(f), encoding: .utf8)
            // A test file or a test type may be cited by its name too.
            names.insert(URL(fileURLWithPath: f).deletingPathExtension().lastPathComponent)
            for line in text.split(separator: "\n") {
                if line.hasPrefix("struct "), let name = line.dropFirst(7).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).first {
                    names.insert(String(name))
                }
            }
            for line in text.split(separator: "\n") where line.contains("@Suite(\"") {
                if let a = line.range(of: "@Suite(\""), let b = line[a.upperBound...].firstIndex(of: "\"") {
                    names.insert(String(line[a.upperBound..<b]))
                }
            }
        }
        return names
    }

    @Test("every registered theorem's Proofs/ entry exists, names its id and an existing suite", arguments: TheoremRegistry.ids)
    func proofsNameSuites(_ id: TheoremID) throws {
        let info = try #require(TheoremRegistry.theorem(id)?.info)
        let text = try #require(try? String(contentsOf: TestPaths.file(info.proofs), encoding: .utf8), "missing \(info.proofs)")
        #expect(text.contains("`\(id.rawValue)`"), "\(info.proofs) does not name the theorem id `\(id)`")
        let suites = try Self.suiteNames()
        #expect(suites.contains { text.contains("\"\($0)\"") || text.contains("`\($0)`") },
                "\(info.proofs) names none of the test suites")
    }

    @Test("Proofs/README.md lists every registered theorem id")
    func indexListsEveryTheorem() throws {
        let text = try String(contentsOf: TestPaths.file("Proofs/README.md"), encoding: .utf8)
        for id in TheoremRegistry.ids { #expect(text.contains("`\(id.rawValue)`"), "Proofs/README.md does not list `\(id)`") }
    }

    @Test("every suite a Proofs/ entry cites as \"…Tests\" exists")
    func citedSuitesExist() throws {
        let suites = try Self.suiteNames()
        let dir = TestPaths.file("Proofs")
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasSuffix(".md") {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            for quote in ["\"", "`"] {
                let parts = text.components(separatedBy: quote)
                for (i, p) in parts.enumerated() where i % 2 == 1 && p.hasSuffix("Tests") && !p.contains(" ") && !p.contains("/") && !p.contains(".") {
                    #expect(suites.contains(p), "Proofs/\(f) cites suite \(p), which does not exist")
                }
            }
        }
    }
}
