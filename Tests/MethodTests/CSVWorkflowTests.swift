import CheckBoundsCLI
import Foundation
import Problems
import Testing
import Theorems

/// The diabetes-style workflow end to end on a small generated fixture: a header row
/// `age,sex,bmi,bp,target`, `--target target`, a seeded split, and the exported problem's
/// y.csv equal to the target column of the recorded rows, in order.
@Suite("CSV with targets: options, usage errors, export")
struct CSVWorkflowTests {
    static func fixture() throws -> (dir: String, csv: String, targets: [Double]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cb-csvflow-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var text = "age,sex,bmi,bp,target\n"
        var targets: [Double] = []
        for i in 1...40 {
            let t = Double(100 + 7 * i % 23)
            targets.append(t)
            text += "\(0.01 * Double(i % 9) - 0.03),\(i % 2 == 0 ? 0.05 : -0.04),\(0.002 * Double(i)),\(Double(i % 5) * 0.01 + 0.001),\(t)\n"
        }
        try text.write(toFile: dir + "/diabetes.csv", atomically: true, encoding: .utf8)
        return (dir, dir + "/diabetes.csv", targets)
    }

    static func column(_ path: String) throws -> [Double] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { Double($0)! }
    }

    /// A fresh folder under the temporary directory (the caller removes it).
    static func scratch(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("trace --export-problem writes y.csv = the target column of the rows used, in the recorded order")
    func exportedTargets() throws {
        let (dir, csv, targets) = try Self.fixture()
        let out = dir + "/problem"
        #expect(CheckBounds.main(["trace", "--problem", "csv", "--csv", csv, "--target", "target", "--m", "20", "--m-test", "10",
                                  "--n", "6", "--steps", "1", "--export-problem", out, "--output", dir + "/trace.jsonl"]) == 0)
        let rows = try String(contentsOfFile: out + "/rows.csv", encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        #expect(rows.count == 30)
        let train = rows.filter { $0[0] == "train" }.map { Int($0[1])! }, test = rows.filter { $0[0] == "test" }.map { Int($0[1])! }
        #expect(train.count == 20 && test.count == 10 && Set(train + test).count == 30)
        #expect(rows.allSatisfy { Int($0[2])! == Int($0[1])! + 1 })   // the header is line 1
        #expect(try Self.column(out + "/y.csv") == train.map { targets[$0 - 1] })
        #expect(try Self.column(out + "/y_test.csv") == test.map { targets[$0 - 1] })
        let x = try String(contentsOfFile: out + "/X.csv", encoding: .utf8).split(separator: "\n")
        #expect(x.count == 20 && x.allSatisfy { $0.split(separator: ",").count == 4 })
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/config.json"))) as! [String: Any]
        #expect(config["targets"] as? String == "targets from column 'target' of the CSV" && config["n0"] as? Int == 4)
        #expect(config["normalize"] as? String == "unit-sphere" && config["target_column"] as? String == "target")
        // Without --target: the seeded teacher, and config.json says so.
        #expect(CheckBounds.main(["trace", "--m", "4", "--m-test", "0", "--n", "3", "--steps", "0", "--export-problem", dir + "/ts", "--output", dir + "/ts.jsonl"]) == 0)
        let ts = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/ts/config.json"))) as! [String: Any]
        #expect(ts["targets"] as? String == "targets from the seeded teacher")
    }

    @Test("bad CSV usage is one line before any work")
    func refusals() throws {
        let (_, csv, _) = try Self.fixture()
        let cases: [([String], String)] = [
            (["--n0", "3", "--target", "target"], "--n0 3: the CSV has 4 input columns (allowed: leave --n0 out, give --n0 4, or choose columns with --features)"),
            (["--m", "35", "--m-test", "10"], "--csv: \(csv): has 40 data rows, fewer than m + m-test = 35 + 10 (allowed: m + m-test ≤ 40)"),
            (["--target", "glucose"], "--target: 'glucose' is not a column of \(csv) (allowed: a header name or an index 1…5; header: age,sex,bmi,bp,target)"),
            (["--features", "age,age"], "--features: age is listed twice"),
            (["--features", "bmi", "--target", "target"], "--csv: \(csv): one input column (3 ('bmi')): unit-sphere scaling maps every row to ±1 and leaves only its sign (allowed: --normalize standardize or --normalize none, or more input columns)"),
            (["--features", "age,target", "--target", "target"], "--features: the target column 5 cannot also be an input"),
            (["--normalize", "minmax"], "--normalize: 'minmax' is not allowed (allowed: unit-sphere, standardize, none)"),
        ]
        for (extra, message) in cases {
            #expect(throws: UsageError(message)) {
                let sizes = extra.contains("--m") ? [] : ["--m", "10", "--m-test", "5"]
                let o = try OptionParser.parse(["--problem", "csv", "--csv", csv] + sizes + extra, specs: TraceCommand.specs)
                _ = try RunOptions.config(from: o)
            }
        }
        #expect(throws: UsageError("--target is only used with --problem csv")) {
            _ = try RunOptions.config(from: try OptionParser.parse(["--target", "y"], specs: TraceCommand.specs))
        }
        // The options are the shared run options: every command that takes them accepts them.
        for specs in [CheckCommand.specs, TraceCommand.specs, ExploreCommand.specs, MapCommand.specs] {
            #expect(["target", "features", "normalize"].allSatisfy { n in specs.contains { $0.name == n } })
        }
        #expect(CheckBounds.main(["check", "--problem", "csv", "--csv", csv, "--target", "target", "--m", "41", "--m-test", "0"]) == 2)
    }

    /// Issue 30 #2: the shrinker leaves what the CSV fixes (n0), so the minimal counterexample's
    /// reproduce line is accepted by `check`.
    @Test("a CSV counterexample shrinks to a reproduce line that check accepts")
    func shrunkCSVReproduces() throws {
        let (_, csv, _) = try Self.fixture()
        var text = ""
        let args = ["--theorem", "loss-decay", "--problem", "csv", "--csv", csv, "--target", "target", "--m", "12", "--m-test", "0", "--budget", "3",
                    "--space", "seed=0..3,n=8,tau=0.0001,alpha-bar=0.1,mg-owner=gbar,activation=silu", "--no-database", "--quiet", "--format", "json"]
        _ = try ExploreCommand.run(args, out: { text += $0 }, err: { _ in })
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let lines = (json["readings"] as! [[String: Any]]).compactMap { ($0["minimalCounterexample"] as? [String: Any])?["reproduce"] as? String }
        try #require(!lines.isEmpty, "no counterexample found to shrink")
        for line in lines {
            #expect(!line.contains("--n0 ") || line.contains("--n0 4"), "\(line)")
            #expect(CheckBounds.main(Array(line.split(separator: " ").map(String.init).dropFirst())) != 2, "\(line)")
        }
    }

    /// Issue 30 #12: a stored teacher-student finding does not make a counterexample on one's
    /// own CSV "known": explore reports it as new and exits 1.
    @Test("a counterexample on a CSV is new even where the teacher-student reading has a stored finding")
    func csvCounterexampleIsNew() throws {
        let (_, csv, _) = try Self.fixture()
        var text = ""
        let code = try ExploreCommand.run(["--theorem", "loss-decay", "--problem", "csv", "--csv", csv, "--target", "target", "--m", "12", "--m-test", "0",
                                           "--budget", "3", "--space", "seed=0..3,n=8,tau=0.0001,alpha-bar=0.1,mg-owner=gbar,activation=silu", "--quiet",
                                           "--reading", "D_R=0 (theta=B_Phi^2 gamma_R)"],
                                          out: { text += $0 }, err: { _ in })
        #expect(text.contains("(NEW)") && code == 1, "\(text)")
    }

    /// `--missing drop|refuse`: parsed, refused outside a CSV problem or with another value, and
    /// carried by the reproduce line so that parsing it rebuilds the same problem.
    @Test("--missing: parse, refuse, and the reproduce round trip")
    func missingOption() throws {
        let dir = try Self.scratch("missing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("g.csv").path
        try "a,b,y\n1,2,3\n4,,6\n7,8,9\n1,1,1\n2,3,5\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let args = ["--problem", "csv", "--csv", csv, "--target", "y", "--m", "3", "--m-test", "0", "--n", "8", "--missing", "drop"]
        let c = try RunOptions.config(from: OptionParser.parse(args, specs: CheckCommand.specs))
        #expect(c.problem.dropMissing == true)
        let again = try RunOptions.config(from: OptionParser.parse(reproduceArguments(c), specs: CheckCommand.specs))
        #expect(again.problem == c.problem, "parse(reproduce(config)) differs")
        #expect(throws: UsageError("--missing: 'sometimes' is not allowed (allowed: refuse, drop)")) {
            _ = try RunOptions.config(from: OptionParser.parse(Array(args.dropLast()) + ["sometimes"], specs: CheckCommand.specs))
        }
        #expect(throws: UsageError("--missing is only used with --problem csv")) {
            _ = try RunOptions.config(from: OptionParser.parse(["--missing", "drop"], specs: CheckCommand.specs))
        }
        #expect(CheckBounds.main(["check"] + Array(args.dropLast(2)) + ["--theorems", "tau-rule"]) == 2, "refused by default")
    }

    /// Issue 30: `explore` and `map` on a CSV smaller than the teacher-student defaults need no
    /// `--m`: explore's space sets m and m-test per trial, and map's m axis starts at its lowest.
    @Test("explore and map on a small CSV without --m")
    func smallCSVNeedsNoSizes() throws {
        let dir = try Self.scratch("small")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("s.csv").path
        var text = "a,b,c,y\n"
        for i in 0..<40 { text += "\(Double(i % 7) / 7),\(Double(i % 5) / 5 + 0.1),\(Double(i % 3) / 3 + 0.2),\(Double(i % 4))\n" }
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let common = ["--problem", "csv", "--csv", csv, "--target", "y", "--quiet"]
        let explore = CheckBounds.main(["explore", "--theorem", "tau-rule", "--budget", "2", "--no-database"] + common)
        #expect(explore == 0 || explore == 1, "explore exited \(explore)")
        let map = CheckBounds.main(["map", "--theorem", "tau-rule", "--x", "tau=1e-3..1e-1:2:log", "--y", "m=4..8:2", "--n", "16",
                                    "--output", dir.appendingPathComponent("maps").path] + common)
        #expect(map == 0 || map == 1, "map exited \(map)")
    }

    /// Issue 30 #4: a singular Gram on real data names its cause: duplicate training rows (here
    /// each row twice, so 10 distinct of 20), through the failure reason of the sweep and of runs.
    @Test("a singular Gram from duplicate rows says how many distinct rows there are")
    func duplicateRowsExplained() throws {
        let dir = try Self.scratch("dup")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("d.csv").path
        var text = "a,b,c,y\n"
        for i in 0..<10 { let row = "\(Double(i) / 10 + 0.1),\(Double(i % 3) + 0.5),\(Double(i % 4) / 4 + 0.3),\(i)\n"; text += row + row }
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let c = try RunOptions.config(from: OptionParser.parse(["--problem", "csv", "--csv", csv, "--target", "y", "--m", "20", "--m-test", "0", "--n", "40"],
                                                               specs: CheckCommand.specs))
        let problem = try Problem.make(c.problem)
        #expect(problem.distinctTrainingRows == 10)
        var reason = ""
        do { _ = try ZeroDampingLimit.gaps(c) } catch { reason = problem.explain(error) }
        #expect(reason.contains("the 20 training inputs hold only 10 distinct rows"), "\(reason)")
        #expect(problem.explain(UsageError("x")) == "x", "other errors pass through")
    }
}
