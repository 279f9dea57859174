import Exploration
import Foundation
import TestSupport
import Testing
import Theorems

/// The stored findings under Reports/explore/ replay: each must reproduce its outcome with the
/// checker as it is now. One that does not is a fixed bug or a regression, and says which file.
@Suite struct FindingDatabaseTests {
    static let db = FindingDatabase(root: TestPaths.file("Reports/explore").path)
    static var stored: [String] { ((try? db.load()) ?? []).map(\.path) }

    @Test func thereAreStoredFindings() throws {
        #expect(try Self.db.load().count >= 3)
    }

    @Test(arguments: stored)
    func storedFindingReproduces(path: String) throws {
        let entry = try Self.db.load().first { $0.path == path }!
        let replay = try FindingDatabase.replay([entry])[0]
        #expect(replay.reproduced, "\(path): stored \(entry.finding.outcome.rawValue), now \(replay.outcome?.rawValue ?? "not evaluated")")
        #expect(entry.finding.fileName == (path as NSString).lastPathComponent, "file name is not the finding's hash")
    }

    /// Storing is idempotent: the same finding writes the same file once, then nothing.
    @Test func storingTwiceWritesOnce() throws {
        let dir = try TestPaths.scratch("db")
        let f = try Self.db.load()[0].finding
        let local = FindingDatabase(root: dir)
        #expect(try local.store(f))
        #expect(try !local.store(f))
        #expect(try local.load().map(\.finding) == [f])
    }

    /// Issue 30 #15: a stored instance goes through the command line's validation; a finding
    /// holding m = 2·10⁹, n = 10⁸ is refused in one line before anything is allocated.
    @Test func oversizedFindingIsRefused() throws {
        var f = try Self.db.load()[0].finding
        f.config.problem.trainCount = 2_000_000_000
        f.config.problem.width = 100_000_000
        let dir = try TestPaths.scratch("db-bad")
        let local = FindingDatabase(root: dir)
        #expect(try local.store(f))
        do {
            _ = try local.load()
            Issue.record("an oversized finding was loaded")
        } catch let e as SpaceError {
            #expect(e.message.contains("holds an instance the command line would refuse: m = 2000000000 is above the allowed maximum 1000000"), "\(e.message)")
        }
    }
}
