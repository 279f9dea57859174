import CheckBoundsCLI
import Foundation
import Testing
import TestSupport

/// Issue 30 #1: `explore` never writes into the repository's committed findings unless
/// `--database` names them; with `--output` its findings go under OUTPUT/findings.
@Suite("explore's database stays out of the repository")
struct ExploreDatabaseTests {
    static let args = ["explore", "--theorem", "loss-decay", "--budget", "2", "--quiet",
                       "--space", "seed=0..3,m=4,m-test=0,n=8,n0=2,tau=0.0001,alpha-bar=0.1,mg-owner=gbar,activation=silu"]

    static func committed() throws -> [String] {
        let root = TestPaths.file("Reports/explore").path
        return (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).sorted()
    }

    @Test("with --output the findings go to OUTPUT/findings and Reports/explore is untouched")
    func outputDatabase() throws {
        let before = try Self.committed()
        let dir = try TestPaths.scratch("explore-db")
        let code = CheckBounds.main(Self.args + ["--output", dir])
        #expect(code == 0 || code == 1)
        #expect(try Self.committed() == before)
        let stored = FileManager.default.enumerator(atPath: dir + "/findings")?.allObjects as? [String] ?? []
        #expect(stored.contains { $0.hasPrefix("loss-decay/") && $0.hasSuffix(".json") }, "\(stored)")
    }

    @Test("with neither --output nor --database nothing is stored")
    func noDatabase() throws {
        let before = try Self.committed()
        let code = CheckBounds.main(Self.args)
        #expect(code == 0 || code == 1)
        #expect(try Self.committed() == before)
    }
}
