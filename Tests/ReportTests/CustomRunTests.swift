import CheckBoundsCLI
import Foundation
import Testing
import TestSupport
import Theorems

/// A named suite with options changed is its own suite, `custom`: its report says so, its
/// reproduce line carries the options and, run, gives the same report; the studies it did not
/// name do not run; `check` takes lists of the grid options and makes a grid.
@Suite("Custom runs and the one option vocabulary")
struct CustomRunTests {
    static func report(_ dir: String) throws -> String {
        let text = try String(contentsOfFile: dir + "/custom.md", encoding: .utf8)
        return text.components(separatedBy: "## Timing")[0]
    }

    @Test("a custom run's reproduce line reproduces its report and JSON byte for byte; no study ran")
    func reproduces() throws {
        let a = try TestPaths.scratch("custom-a"), b = try TestPaths.scratch("custom-b")
        let args = ["run", "--suite", "quick", "--tau", "0.01", "--activation", "tanh", "--limit-widths", "40", "--no-explore", "--quiet", "--no-baseline"]
        let code = CheckBounds.main(args + ["--output", a])
        let md = try Self.report(a)
        #expect(md.hasPrefix("# check-bounds report: suite `custom`"))
        let line = try #require(md.components(separatedBy: "Reproduce: `swift run -c release check-bounds ").dropFirst().first?.components(separatedBy: "`").first)
        // Grid options under run's one spelling, so a sweep's reproduce line overriding one never names it twice.
        #expect(line.contains("--taus 0.01") && line.contains("--activation tanh") && line.contains("--limit-widths 40"))
        for cmd in md.components(separatedBy: "`").filter({ $0.hasPrefix("swift run") }) {
            #expect(!(cmd.contains("--tau ") && cmd.contains("--taus ")), "a reproduce line names the τ grid twice: \(cmd)")
        }
        #expect(CheckBounds.main(line.split(separator: " ").map(String.init) + ["--output", b, "--quiet", "--no-baseline"]) == code)
        #expect(try Self.report(b) == md)
        #expect(try String(contentsOfFile: a + "/custom.json", encoding: .utf8) == String(contentsOfFile: b + "/custom.json", encoding: .utf8))
        // Changed sizes and grids: the companion studies and the 001 experiment ran only if named.
        #expect(!md.contains("ggn-gram-invertible") && !md.contains("teacher-student experiment (001)"))
        #expect(!FileManager.default.fileExists(atPath: a + "/findings.md"))
    }

    @Test("one vocabulary: check takes lists (a grid), run takes check's names, trace refuses a list with the reason")
    func vocabulary() throws {
        var lines: [String] = []
        let code = try CheckCommand.run(["--m", "12", "--m-test", "0", "--n", "20", "--seed", "0,1", "--tau", "0.001,0.1", "--theorems", "tau-rule"]) { lines.append($0) }
        #expect(code == 0 || code == 1)
        let text = lines.joined()
        // 2 seeds × 2 τ, four readings each.
        #expect(text.components(separatedBy: "tau-rule [").count - 1 == 16)
        #expect(CheckBounds.main(["trace", "--tau", "0.001,0.01"]) == 2)
        #expect(CheckBounds.main(["run", "--tau", "0.001", "--taus", "0.01"]) == 2)
        #expect(CheckBounds.main(["check", "--theorems", "ggn-quadratic"]) == 2)
    }

    /// Issue 30 #5: `--no-explore` and `--no-experiment` only skip work; the suite keeps its name
    /// and its baseline, and its reproduce line says what was skipped.
    @Test("flags that only skip work keep the named suite and its gate", arguments: [["--no-explore"], ["--no-experiment"], ["--no-explore", "--no-experiment"]])
    func skippingKeepsSuite(flags: [String]) throws {
        var s = try #require(SuiteSpec.named("quick"))
        try RunCommand.customize(&s, OptionParser.parse(flags, specs: RunCommand.specs))
        #expect(s.name == "quick" && s.customArguments == nil)
        #expect(RunCommand.implicitBaseline(s) == "Reports/baselines/quick.json")
        #expect(RunCommand.implicitBaseline(s, outDir: "/tmp/elsewhere") == "Reports/baselines/quick.json")
        // Issue 30 #17: a custom run's baseline lives beside its reports, where the gate suggests writing it.
        var c = s
        try RunCommand.customize(&c, OptionParser.parse(["--m", "12"], specs: RunCommand.specs))
        #expect(RunCommand.implicitBaseline(c, outDir: "/tmp/elsewhere").hasPrefix("/tmp/elsewhere/baselines/custom-"))
        #expect(s.runArguments == ["--suite", "quick"] + flags)
        #expect((s.exploreBudget == nil) == flags.contains("--no-explore"))
        #expect(s.paperExperiment == !flags.contains("--no-experiment"))
    }
}
