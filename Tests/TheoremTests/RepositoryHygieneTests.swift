import Foundation
import Testing
import TestSupport

/// The package's structure, checked from its files: Package.swift declares every module a
/// target imports (SwiftPM builds an undeclared import only by accident of build order), BLAS
/// and LAPACK are reached only through LinearAlgebra, the theorems know nothing of drawing or
/// reports, and the README's test command is the one CI runs and can reuse the main job's build.
@Suite("Repository hygiene")
struct RepositoryHygieneTests {
    struct Target { var name: String; var dependencies: Set<String>; var path: String }

    /// Every target of Package.swift with its declared dependencies and its source folder.
    static func targets() throws -> [Target] {
        let text = try String(contentsOf: TestPaths.file("Package.swift"), encoding: .utf8)
        let decl = try NSRegularExpression(pattern: #"\.(target|executableTarget|testTarget|systemLibrary)\(\s*name:\s*"([^"]+)"(?:,\s*dependencies:\s*\[([^\]]*)\])?([^)]*)"#)
        var out: [Target] = []
        for m in decl.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            func group(_ i: Int) -> String { Range(m.range(at: i), in: text).map { String(text[$0]) } ?? "" }
            let kind = group(1), name = group(2)
            let deps = Set(group(3).split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"\n")) }.filter { !$0.isEmpty })
            let rest = group(4)
            let path: String
            if let r = rest.range(of: #"path:\s*"([^"]+)""#, options: .regularExpression) {
                path = String(rest[r]).components(separatedBy: "\"")[1]
            } else {
                path = (kind == "testTarget" ? "Tests/" : "Sources/") + name
            }
            out.append(Target(name: name, dependencies: deps, path: path))
        }
        return out
    }

    /// The modules the Swift files under `path` import.
    static func imports(under path: String) throws -> [(file: String, module: String)] {
        let dir = TestPaths.file(path)
        var out: [(String, String)] = []
        for f in try FileManager.default.subpathsOfDirectory(atPath: dir.path) where f.hasSuffix(".swift") {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let i = words.firstIndex(of: "import"), i + 1 < words.count,
                      words[..<i].allSatisfy({ $0.hasPrefix("@") || $0 == "public" || $0 == "internal" }) else { continue }
                out.append((path + "/" + f, String(words[i + 1])))
            }
        }
        return out
    }

    @Test("Package.swift declares every package module each target imports")
    func importsAreDeclared() throws {
        let all = try Self.targets()
        let names = Set(all.map(\.name))
        #expect(names.contains("Theorems") && names.contains("TestSupport") && names.contains("CLapack"), "Package.swift was not parsed: \(names.sorted())")
        for t in all where t.name != "CLapack" {
            for (file, module) in try Self.imports(under: t.path) where names.contains(module) && module != t.name {
                #expect(t.dependencies.contains(module), "\(file) imports \(module), which target \(t.name) does not declare in Package.swift")
            }
        }
    }

    @Test("BLAS and LAPACK only through LinearAlgebra; the theorems import neither drawing nor reports")
    func layering() throws {
        let all = try Self.targets()
        for t in all where t.name != "LinearAlgebra" {
            #expect(!t.dependencies.contains("CLapack"), "\(t.name) depends on CLapack directly: call BLAS/LAPACK through LinearAlgebra")
        }
        let theorems = try #require(all.first { $0.name == "Theorems" })
        for forbidden in ["Figures", "Reporting", "CheckBoundsCLI"] {
            #expect(!theorems.dependencies.contains(forbidden), "Theorems depends on \(forbidden)")
        }
        for t in all where t.path.hasPrefix("Tests/") {
            for (file, _) in try Self.imports(under: t.path) {
                let text = try String(contentsOf: TestPaths.file(file), encoding: .utf8)
                let testable = text.split(separator: "\n").contains { $0.hasPrefix("@testable ") }
                #expect(!testable, "\(file) imports a module @testable: the test command is built with --disable-testable-imports")
            }
        }
    }

    @Test("the README's test command is the one .ci/run runs, and it reuses the main job's build")
    func testCommandIsCIs() throws {
        let readme = try String(contentsOf: TestPaths.file("README.md"), encoding: .utf8)
        let ci = try String(contentsOf: TestPaths.file(".ci/run"), encoding: .utf8)
        let command = try #require(readme.split(separator: "\n").first { $0.hasPrefix(".ci/with-lapack swift test") }
            .map { String($0.split(separator: "#")[0]).trimmingCharacters(in: .whitespaces) })
        #expect(command.contains("-c release") && command.contains("--disable-testable-imports"), "\(command)")
        #expect(ci.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == command }, ".ci/run does not run the README's test command \(command)")
    }
}
