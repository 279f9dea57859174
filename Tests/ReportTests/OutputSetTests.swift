import Foundation
import Serialization
import Testing
import TestSupport

/// Output sets: the whole set replaces the old one or nothing does; only regular files are
/// written; a refused or discarded set leaves nothing behind.
@Suite("Output sets: whole or nothing, regular files only")
struct OutputSetTests {
    static func listing(_ dir: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    @Test("a committed set replaces its files, writes the manifest last and leaves no staging folder")
    func commits() throws {
        let d = try TestPaths.scratch("set")
        try "old".write(toFile: d + "/a.md", atomically: true, encoding: .utf8)
        try "other".write(toFile: d + "/untouched.md", atomically: true, encoding: .utf8)
        let set = try OutputSet(directory: d, name: "s")
        try set.add("new a", as: "a.md")
        try set.add("<svg/>", as: "figures/f.svg")
        #expect(try String(contentsOfFile: d + "/a.md", encoding: .utf8) == "old")  // nothing moves before commit
        try set.commit()
        #expect(try String(contentsOfFile: d + "/a.md", encoding: .utf8) == "new a")
        #expect(Self.listing(d) == [".s.manifest", "a.md", "figures", "figures/f.svg", "untouched.md"])
        #expect(try String(contentsOfFile: d + "/.s.manifest", encoding: .utf8) == "a.md\nfigures/f.svg\n")
    }

    @Test("a FIFO or a symlink where a file goes refuses the whole set: nothing written, the node untouched")
    func refusesNonRegularTargets() throws {
        for kind in ["fifo", "symlink"] {
            let d = try TestPaths.scratch("set-\(kind)")
            try "keep".write(toFile: d + "/target.txt", atomically: true, encoding: .utf8)
            if kind == "fifo" { #expect(mkfifo(d + "/b.md", 0o644) == 0) }
            else { try FileManager.default.createSymbolicLink(atPath: d + "/b.md", withDestinationPath: d + "/target.txt") }
            let before = Self.listing(d)
            let set = try OutputSet(directory: d, name: "s")
            try set.add("a", as: "a.md")
            try set.add("b", as: "b.md")
            #expect(throws: OutputSet.Refused.self) { try set.commit() }
            #expect(Self.listing(d) == before, "\(kind): \(Self.listing(d))")
            #expect(try String(contentsOfFile: d + "/target.txt", encoding: .utf8) == "keep")
        }
    }

    @Test("a set that made its folder and is discarded removes the folder")
    func discardRemovesCreatedFolder() throws {
        let d = TestPaths.absent("set-new")
        let set = try OutputSet(directory: d, name: "s")
        try set.add("x", as: "x.csv")
        set.discard()
        #expect(!FileManager.default.fileExists(atPath: d))
    }

    @Test("a new set removes the files of the previous set it does not have, and nothing else")
    func replacesAsAWhole() throws {
        let d = try TestPaths.scratch("set-replace")
        try "mine".write(toFile: d + "/user-notes.md", atomically: true, encoding: .utf8)
        let first = try OutputSet(directory: d, name: "s")
        try first.add("1", as: "a.md"); try first.add("<svg/>", as: "figures/old.svg")
        try first.commit()
        let second = try OutputSet(directory: d, name: "s")
        try second.add("2", as: "a.md")
        try second.commit()
        #expect(Self.listing(d) == [".s.manifest", "a.md", "figures", "user-notes.md"])
    }

    @Test("a symlinked folder inside the destination refuses the set: nothing is written through it")
    func refusesSymlinkedFolder() throws {
        let d = try TestPaths.scratch("set-linkdir"), elsewhere = try TestPaths.scratch("set-elsewhere")
        try FileManager.default.createSymbolicLink(atPath: d + "/figures", withDestinationPath: elsewhere)
        let set = try OutputSet(directory: d, name: "s")
        try set.add("<svg/>", as: "figures/f.svg")
        #expect(throws: OutputSet.Refused.self) { try set.commit() }
        #expect(Self.listing(elsewhere).isEmpty)
    }
}
