import CheckBoundsCLI
import Foundation
import Testing
import Theorems

@Suite("check-bounds options: bad input is refused with one line")
struct CLITests {
    static let bad: [([String], String)] = [
        (["--bogus"], "unknown option '--bogus' (see --help for the options)"),
        (["--m", "abc"], "--m: 'abc' is not an integer"),
        (["--m", "0"], "--m: 0 is below the allowed minimum 1"),
        (["--tau", "nan"], "--tau: 'nan' is not a finite number (expected a comma-separated list of numbers)"),
        (["--tau", "-1"], "--tau: every τ must be non-negative, got -1.0"),
        (["--activation", "sigmoid"], "--activation: 'sigmoid' is not allowed (allowed: silu, tanh, softplus, relu)"),
        (["--method", "adam"], "--method: 'adam' is not allowed (allowed: ggn, ggn-param, gram-gn, gd, ggn-reference, ggn-reference-param, ggn-reference-synthetic)"),
        (["--alpha-bar", "1.5"], "--alpha-bar: must lie in (0, 1], got 1.5"),
        (["--tau", "0"], "--tau 0 is not allowed with --method ggn (H = τ∇²ḡ must be invertible; use --method gram-gn)"),
        (["--problem", "csv"], "--problem csv needs --csv PATH"),
        (["--steps"], "--steps needs a value (N)"),
        (["-x"], "unknown option '-x' (options are spelled --name; see --help)"),
        (["--sigma", "exact"], "--sigma: 'exact' is not allowed (allowed: refine, accurate, interval)"),
        (["--tau", "--m", "20"], "--tau needs a value (X); '--m' is an option"),
        (["--m", "20", "--m", "30"], "--m is given twice (give it once)"),
        (["--m", "99999999999999999999"], "--m: 99999999999999999999 is out of range (at most 1000000)"),
        (["--n", "4611686018427387904"], "--n: 4611686018427387904 is above the allowed maximum 16777216"),
        (["--m", "2000000"], "--m: 2000000 is above the allowed maximum 1000000"),
        (["--alph-bar", "0.3"], "unknown option '--alph-bar' (did you mean '--alpha-bar'?) (see --help for the options)"),
    ]

    @Test("malformed options give the expected one-line error", arguments: bad)
    func refused(args: [String], message: String) {
        #expect(throws: UsageError(message)) {
            let o = try OptionParser.parse(args, specs: TraceCommand.specs)
            _ = try RunOptions.config(from: o)
        }
    }

    /// Issue 30 #16: the top-level help lists every command; -h, help COMMAND and --version work.
    @Test("the top-level help names every command; -h, help COMMAND and --version exit 0")
    func helpAndVersion() {
        for c in CheckBounds.commands { #expect(CheckBounds.overview.contains("  \(c) "), "\(c) missing from the help") }
        #expect(CheckBounds.versionText.hasPrefix("check-bounds \(CheckBounds.version)\n") && CheckBounds.versionText.contains("convergence: check version "))
        for args in [["--help"], ["-h"], ["help"], ["help", "explore"], ["check", "-h"], ["--version"]] {
            #expect(CheckBounds.main(args) == 0, "\(args)")
        }
        #expect(CheckBounds.main(["help", "frobnicate"]) == 2)
    }

    /// Issue 30 #9: one vocabulary: run's plural grid names work in check; the commands that run
    /// one configuration refuse them with the reason, never a "did you mean" to another option.
    @Test("--seeds, --widths, --taus, --owners: a grid in check, refused with the reason elsewhere")
    func pluralGridNames() throws {
        let c = try CheckCommand.run(["--seeds", "0,1", "--m", "6", "--m-test", "0", "--n", "8", "--theorems", "tau-rule"], out: { _ in })
        #expect(c == 0 || c == 1)
        #expect(throws: UsageError("--seeds: explore samples its instances from a space: give the range or one value there (--space seed=LO..HI or seed=V) (run and check take lists, which make a grid)")) {
            _ = try ExploreCommand.run(["--theorem", "loss-decay", "--seeds", "0,1"], out: { _ in }, err: { _ in })
        }
        #expect(throws: UsageError("--taus: trace runs one configuration, so it takes --tau with one value (run and check take lists, which make a grid)")) {
            _ = try TraceCommand.run(["--taus", "0.1"], out: { _ in })
        }
    }

    /// Issue 30 #11: "holds; hypotheses failed" read as a contradiction of the README's words.
    @Test("the hypotheses' words agree with the outcome")
    func hypothesisWords() {
        #expect(CheckCommand.hypothesisWords(.failed, .vacuous) == "failed")
        for o in [Outcome.holds, .counterexample, .inconclusive] {
            #expect(CheckCommand.hypothesisWords(.failed, o).hasPrefix("failed at some steps or ε (vacuous there"))
        }
    }

    /// Issue 30 #14, #17: a FIFO behind `D/..` is seen before D exists (it used to block), and a
    /// folder where nothing can be created (/proc) is refused in one line before any work.
    @Test("a FIFO behind .. and an output under /proc are refused with exit 2 before any work")
    func unwritableOutputs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cb-fifo-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(mkfifo(dir + "/fifo1", 0o600) == 0)
        #expect(CheckBounds.main(["trace", "--m", "4", "--n", "3", "--steps", "1", "--export-problem", dir + "/D", "--output", dir + "/D/../fifo1"]) == 2)
        #expect(!FileManager.default.fileExists(atPath: dir + "/D"))
        if FileManager.default.fileExists(atPath: "/proc/self") {
            #expect(CheckBounds.main(["trace", "--m", "4", "--n", "3", "--steps", "1", "--output", "/proc/x.jsonl"]) == 2)
            #expect(CheckBounds.main(["run", "--suite", "quick", "--output", "/proc/cb-reports"]) == 2)
        }
    }

    @Test("the executable's entry point exits 2 on bad usage")
    func exitCode() {
        #expect(CheckBounds.main(["trace", "--n", "-3"]) == 2)
        #expect(CheckBounds.main(["frobnicate"]) == 2)
    }

    @Test("a missing or malformed CSV and an output that is not a folder exit 2 before any work and write nothing")
    func badFilesAndOutputs() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("cb-badio-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let csv = tmp.appendingPathComponent("bad.csv").path, file = tmp.appendingPathComponent("plain.txt").path
        try "a,b\n1,x\n".write(toFile: csv, atomically: true, encoding: .utf8)
        try "keep".write(toFile: file, atomically: true, encoding: .utf8)
        let start = Date()
        #expect(CheckBounds.main(["check", "--problem", "csv", "--csv", tmp.appendingPathComponent("missing.csv").path]) == 2)
        #expect(CheckBounds.main(["check", "--problem", "csv", "--csv", csv]) == 2)
        #expect(CheckBounds.main(["run", "--suite", "quick", "--output", file]) == 2)
        #expect(CheckBounds.main(["gsc", "--output", file]) == 2)
        #expect(CheckBounds.main(["trace", "--m", "4", "--n", "3", "--steps", "1", "--output", tmp.path]) == 2)
        #expect(CheckBounds.main(["run", "--suite", "quick", "--write-baseline", tmp.path, "--output", tmp.appendingPathComponent("r").path]) == 2)
        #expect(Date().timeIntervalSince(start) < 5, "refusals must come before any work")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted() == ["bad.csv", "plain.txt"])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep")
    }

    @Test("trace writes every documented key, the G̃ keys of both readings, and the exported problem")
    func traceKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cb-trace-\(getpid())").path
        let out = dir + "/trace.jsonl"
        #expect(CheckBounds.main(["trace", "--m", "12", "--n", "10", "--m-test", "5", "--steps", "2", "--export-problem", dir, "--output", out]) == 0)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        for key in ["step", "loss", "sigma_min_J", "sigma_max_J", "eta", "alpha", "M_g", "theta_norm",
                    "gt_fro_jhat", "gt22_jhat", "gt_cross_jhat_e", "gt_fro_jzero", "gt22_jzero", "gt_cross_jzero_e", "d_nu"] {
            #expect(lines[0].contains("\"\(key)\":"), "missing \(key)")
        }
        for f in ["X.csv", "y.csv", "X_test.csv", "y_test.csv", "theta0.csv", "config.json"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + f), "missing \(f)")
        }
        let theta0 = try String(contentsOfFile: dir + "/theta0.csv", encoding: .utf8).split(separator: "\n")
        #expect(theta0.count == 10 * 5 + 10)
    }

    @Test("every option has help text and a default column")
    func helpListsEverything() {
        let help = OptionParser.help(TraceCommand.specs)
        for s in TraceCommand.specs { #expect(help.contains("--\(s.name)")) }
    }

    @Test("gsc writes its report and JSON; a regularizer outside the family is refused with exit 2")
    func gscCommand() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cb-gsc-\(getpid())").path
        #expect(CheckBounds.main(["gsc", "--regularizers", "pseudo-huber,negative-log", "--sandwich-pairs", "200", "--output", dir]) == 0)
        let md = try String(contentsOfFile: dir + "/gsc.md", encoding: .utf8)
        // The published pseudo-Huber constant 2 is below the certified sup 2.5372…, so it must be
        // reported as failing with a witness; the −log control holds.
        #expect(md.contains("| pseudo-huber | univariate |") && md.contains("claim fails") && md.contains("**witness:**"))
        #expect(md.contains("| negative-log | univariate |"))
        let json = try String(contentsOfFile: dir + "/gsc.json", encoding: .utf8)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(parsed?.contains { $0["regularizer"] as? String == "negative-log" && $0["holds"] as? Bool == true } == true)
        #expect(CheckBounds.main(["gsc", "--regularizers", "huber"]) == 2)
        #expect(CheckBounds.main(["gsc", "--format", "pdf"]) == 2)
    }
}
