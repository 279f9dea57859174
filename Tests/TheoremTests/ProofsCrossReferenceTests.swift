import Foundation
import Testing
import Theorems

/// Proofs/ and the suites must cite each other: every theorem's Proofs/ entry names a suite in
/// its "Checks" section that exists here, and every theorem suite belongs to a Proofs/ entry.
@Suite("Proofs cross-references")
struct ProofsCrossReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func suiteNames() throws -> Set<String> {
        let dir = root.appendingPathComponent("Tests/TheoremTests")
        var names: Set<String> = []
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasSuffix(".swift") {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("@Suite(\"") {
                if let a = line.range(of: "@Suite(\""), let b = line[a.upperBound...].firstIndex(of: "\"") {
                    names.insert(String(line[a.upperBound..<b]))
                }
            }
        }
        return names
    }

    @Test("every theorem's Proofs/ entry exists and names an existing suite", arguments: SuiteRunner.infos.map(\.proofs))
    func proofsNameSuites(_ proofs: String) throws {
        let path = Self.root.appendingPathComponent(proofs).path
        let text = try #require(try? String(contentsOfFile: path, encoding: .utf8), "missing \(proofs)")
        let suites = try Self.suiteNames()
        let cited = suites.filter { text.contains($0) }
        #expect(!cited.isEmpty, "\(proofs) names none of the suites \(suites.sorted())")
    }

    @Test("every theorem suite is cited by some Proofs/ entry")
    func suitesCiteProofs() throws {
        let proofs = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Proofs").path)
            .filter { $0.hasSuffix(".md") }
            .map { try String(contentsOfFile: Self.root.appendingPathComponent("Proofs/" + $0).path, encoding: .utf8) }
            .joined(separator: "\n")
        for s in try Self.suiteNames() where s.hasSuffix("TheoremTests") || s.hasSuffix("RuleTests") || s.hasSuffix("AssumptionsTests") || s.hasSuffix("LimitTests") {
            #expect(proofs.contains(s), "suite \(s) is not cited in Proofs/")
        }
    }
}
