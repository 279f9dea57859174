import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The generated cases, by category. Every case is tiny (m ≤ 10, n ≤ 4, a few steps), so none
/// does real work; a case the tool should refuse carries an option that makes it cheap even if
/// the refusal were missing.
enum Generators {
    /// Tiny bases per command: if a bad option slipped through, the run would still be short.
    static let tiny = ["--m", "4", "--m-test", "0", "--n", "4", "--n0", "2", "--steps", "2"]
    static func base(_ command: String) -> [String] {
        switch command {
        case "check", "trace": return [command] + tiny
        case "run": return ["run", "--suite", "quick", "--no-explore", "--no-experiment", "--no-baseline", "--quiet", "--output", "@/r", "--m", "4", "--steps", "2", "--limit-widths", "4"]
        case "explore": return ["explore", "--theorem", "loss-decay", "--budget", "2", "--no-database", "--quiet"] + tiny
        case "map": return ["map", "--theorem", "loss-decay", "--x", "tau=1e-3..1e-1:2:log", "--y", "n=2..4:2", "--quiet", "--output", "@/maps", "--m", "4", "--m-test", "0", "--n0", "2", "--steps", "2"]
        case "gsc": return ["gsc", "--regularizers", "quadratic", "--sandwich-pairs", "10", "--output", "@/g"]
        default: return [command]
        }
    }

    static let intOptions = ["m", "m-test", "n0", "n", "n-teacher", "steps", "seed"]
    static let realOptions = ["tau", "mu", "kappa", "kappa-w", "alpha-bar", "fixed-step", "tolerance", "lambda-min"]
    static let controls: [String] = ["\u{01}", "\u{07}", "\u{08}", "\u{1B}[31m", "\u{7F}", "\n", "\r", "\u{0B}"]

    /// Replaces the value of `--name` in `args` (or appends the pair).
    static func with(_ args: [String], _ name: String, _ value: String) -> [String] {
        var a = args
        if let i = a.firstIndex(of: "--" + name), i + 1 < a.count, !a[i + 1].hasPrefix("--") { a[i + 1] = value; return a }
        return a + ["--" + name, value]
    }

    /// Bad option values, unknown options and commands: every case must be refused (exit 2, one line, nothing written).
    static func options(_ r: inout Choices, count: Int) -> [FuzzCase] {
        var out: [FuzzCase] = []
        let commands = ["check", "trace", "run", "explore", "map"]
        let kinds = ["huge-integer", "negative", "option-as-value", "repeated", "list-entries", "control-characters", "long-value", "unknown"]
        for k in 0..<count {
            let kind = kinds[k % kinds.count]
            let cmd = r.pick(commands)
            var args = base(cmd)
            switch kind {
            case "huge-integer":
                let name = r.pick(["m", "m-test", "n0", "n", "n-teacher", "steps"] + (cmd == "run" ? ["jobs"] : []) + (cmd == "explore" ? ["budget"] : []))
                let v = r.pick([r.digits(r.int(in: 20...60)), "9223372036854775808", "18446744073709551616", "4611686018427387904",
                                "+99999999999999999999", "1000001", "16777217", "1e6", "0x7fffffffffffffff", "9" + String(repeating: "0", count: 300)])
                args = with(args, name, v)
                if name == "seed" { args = with(args, name, "18446744073709551616") }
            case "negative":
                if r.chance(50) {
                    let name = r.pick(["m", "n", "n0", "steps", "n-teacher"])
                    args = with(args, name, "-\(1 + r.int(100000))")
                } else {
                    let name = r.pick(["tau", "mu", "kappa", "kappa-w", "alpha-bar", "fixed-step", "tolerance", "lambda-min"])
                    args = with(args, name, r.pick(["-1e-3", "-5", "-1e308", "-0.5", "-4.9e-324"]))
                }
                if cmd == "run" && args.contains("--seed") { args = with(args, "seed", "-1") }
            case "option-as-value":
                let name = r.pick(intOptions + realOptions + ["activation", "method", "problem", "csv"])
                args += ["--" + name, r.pick(["--m", "--tau", "--x", "--", "--help", "---"])]
            case "repeated":
                switch r.int(3) {
                case 0: args += ["--m", "4"]
                case 1: args += ["--n0", "2"]
                default: args += cmd == "run" ? ["--quiet"] : ["--steps", "2"]
                }
            case "list-entries":
                let choices: [(String, String)] = [("seed", "1,,2"), ("seed", "1,1"), ("seed", ","), ("seed", "3,"), ("tau", "1e-3,1e-3"),
                                                   ("tau", "1e-3,0.001"), ("tau", "1e-3,,1e-2"), ("tau", ",1e-3"), ("n", "4,4"), ("n", "4,,3"),
                                                   ("mg-owner", "g,g"), ("mg-owner", "gbar,"), ("mg-owner", ",,")]
                var (name, v) = r.pick(choices)
                if cmd == "check" || cmd == "run", r.chance(30) { (name, v) = r.pick([("theorems", "convergence,convergence"), ("theorems", "convergence,,loss-decay"), ("theorems", ",")]) }
                args = with(args, name, v)
            case "control-characters":
                let c = r.pick(controls)
                switch r.int(5) {
                case 0: args = with(args, "activation", "si" + c + "lu")
                case 1: args = with(args, "method", "ggn" + c)
                case 2: args = with(args, r.pick(realOptions), "1e-3" + c)
                case 3: args = with(args, r.pick(["m", "n", "steps"]), "4" + c)
                default: args.append(r.chance(50) ? "--m" + c : "x" + c + "y")   // an unknown option / a stray argument
                }
            case "long-value":
                // Linux caps one argument at 128 KiB (MAX_ARG_STRLEN); 100 KB is the longest an argv value can be.
                let size = 100_000
                let v = r.pick([String(repeating: "a", count: size), String(repeating: "9", count: size), String(repeating: "1e-3,", count: size / 5),
                                String(repeating: "\u{1B}", count: size), "x" + String(repeating: "é", count: size / 2)])
                if r.chance(25) { args.append("--" + String(v.prefix(size))) } else { args = with(args, r.pick(["activation", "method", "tau", "m", "problem"] + (cmd == "run" ? ["suite", "theorems"] : [])), v) }
            default:
                let bogus = r.pick(["--bogus", "--tua", "---m", "-m", "--", "--=", "--m=", "--=4", "-", "--Ω", "--m=4=5", "--help=1", "-5",
                                    "--" + String((0..<8).map { _ in Character(UnicodeScalar(UInt8(97 + r.int(26)))) })])
                if r.chance(30) {
                    args = [r.pick(["chek", "RUN", "trace2", "", " ", "\u{1B}", "merg", "--suite=quick=1", "benchh"])] + Array(args.dropFirst())
                } else {
                    args.insert(bogus, at: 1 + r.int(args.count))
                }
            }
            out.append(FuzzCase(category: "options", label: "\(kind) (\(cmd))", args: args, expect: .refused))
        }
        // Commands that take no instance options, refused the same way.
        out.append(FuzzCase(category: "options", label: "merge without files", args: ["merge", "--quiet"], expect: .refused))
        out.append(FuzzCase(category: "options", label: "bench with an unknown option", args: ["bench", "--bogus"], expect: .refused))
        out.append(FuzzCase(category: "options", label: "bench --huge with three numbers", args: ["bench", "--huge", "1,2,3"], expect: .refused))
        out.append(FuzzCase(category: "options", label: "bench --huge above 2^24", args: ["bench", "--huge", "16777217,5"], expect: .refused))
        out.append(FuzzCase(category: "options", label: "gsc bad list", args: ["gsc", "--regularizers", "quadratic,,quadratic"], expect: .refused))
        out.append(FuzzCase(category: "options", label: "run bad shard", args: base("run") + ["--shard", r.pick(["0/2", "3/2", "1/0", "1/" + r.digits(30), "a/b", "1/2/3", "\u{1B}/2"])], expect: .refused))
        out.append(FuzzCase(category: "options", label: "run bad jobs", args: base("run") + ["--jobs", r.pick(["0", "-1", "257", r.digits(25)])], expect: .refused))
        out.append(FuzzCase(category: "options", label: "run bad format", args: base("run") + ["--format", r.pick(["md,,json", "html", "md\u{1B}", ""])], expect: .refused))
        return out
    }

    // MARK: CSV files

    static func csvCase(_ label: String, _ content: Data, m: Int = 3, mTest: Int = 0, extra: [String] = [], expect: Expect) -> FuzzCase {
        FuzzCase(category: "csv", label: label,
                 args: ["check", "--problem", "csv", "--csv", "@/data.csv", "--m", "\(m)", "--m-test", "\(mTest)", "--n", "3", "--steps", "2"] + extra,
                 expect: expect, setup: { dir in try content.write(to: dir.appendingPathComponent("data.csv")) })
    }

    static func rows(_ r: inout Choices, count: Int, cols: Int, scale: String) -> [String] {
        (0..<count).map { _ in (0..<cols).map { _ in "\(r.chance(50) ? "-" : "")\(1 + r.int(9)).\(r.int(1000))" + scale }.joined(separator: ",") }
    }

    static func csv(_ r: inout Choices, count: Int) -> [FuzzCase] {
        var out: [FuzzCase] = []
        let kinds = ["1e200", "1e-200", "nan-first-row", "cr-only", "nul", "ragged", "header-only", "too-few-rows", "non-utf8", "megabyte-cell",
                     "non-finite", "zero-row", "bad-target", "constant-standardize", "empty", "bom-header"]
        for k in 0..<count {
            let kind = kinds[k % kinds.count]
            let cols = r.int(in: 2...4), n = r.int(in: 5...8)
            let header = r.chance(50) ? (0..<cols).map { "c\($0)" }.joined(separator: ",") + "\n" : ""
            switch kind {
            case "1e200", "1e-200":
                let body = rows(&r, count: n, cols: cols, scale: kind == "1e200" ? "e200" : "e-200").joined(separator: "\n") + "\n"
                let norm = r.pick(["unit-sphere", "standardize", "none"])
                // Unit-sphere and standardize scale such rows to ordinary numbers; "none" keeps them (any exit, no NaN in a verdict).
                out.append(csvCase("\(kind) rows, --normalize \(norm)", Data((header + body).utf8), m: 3, mTest: r.int(2),
                                   extra: ["--normalize", norm] + (r.chance(50) ? ["--target", "\(cols)"] : []), expect: norm == "none" ? .anyCode : .runs))
            case "nan-first-row":
                var first = (0..<cols).map { "\($0 + 1)" }
                first[r.int(cols)] = r.pick(["nan", "NaN", "-nan", "nan(0x1)"])
                let body = first.joined(separator: ",") + "\n" + rows(&r, count: n, cols: cols, scale: "").joined(separator: "\n") + "\n"
                out.append(csvCase("NaN in the first row", Data(body.utf8), expect: .refused))
            case "cr-only":
                let body = header.replacingOccurrences(of: "\n", with: "\r") + rows(&r, count: n, cols: cols, scale: "").joined(separator: "\r") + (r.chance(50) ? "\r" : "")
                out.append(csvCase("CR-only line endings", Data(body.utf8), expect: .runs))
            case "nul":
                var lines = rows(&r, count: n, cols: cols, scale: "")
                let j = r.int(lines.count)
                lines[j] = r.pick(["\u{0}", "1\u{0}2", "\u{0}\u{0}"]) + "," + lines[j]
                out.append(csvCase("NUL byte in a cell", Data((header + lines.joined(separator: "\n")).utf8), expect: .refused))
            case "ragged":
                var lines = rows(&r, count: n, cols: cols, scale: "")
                let j = 1 + r.int(lines.count - 1)
                lines[j] = r.chance(50) ? lines[j] + ",1" : String(lines[j].split(separator: ",").dropLast().joined(separator: ","))
                out.append(csvCase("ragged row", Data((header + lines.joined(separator: "\n")).utf8), expect: .refused))
            case "header-only":
                out.append(csvCase("header only", Data(((0..<cols).map { "h\($0)" }.joined(separator: ",") + r.pick(["\n", "", "\n\n", "\r\n"])).utf8), expect: .refused))
            case "too-few-rows":
                let body = header + rows(&r, count: 3, cols: cols, scale: "").joined(separator: "\n") + "\n"
                out.append(csvCase("too few rows", Data(body.utf8), m: 3, mTest: 1 + r.int(3), expect: .refused))
            case "non-utf8":
                var d = Data((header + rows(&r, count: n, cols: cols, scale: "").joined(separator: "\n")).utf8)
                d.insert(contentsOf: r.pick([[0xFF], [0xC3, 0x28], [0xFE, 0xFF, 0x00], [0x80]]), at: r.int(d.count))
                out.append(csvCase("non-UTF-8 bytes", d, expect: .refused))
            case "megabyte-cell":
                let big = r.pick([String(repeating: "7", count: 1 << 20), String(repeating: "x", count: 1 << 20), "1" + String(repeating: "0", count: 1 << 20)])
                let body = r.chance(50)
                    ? big + "," + rows(&r, count: 1, cols: cols - 1, scale: "")[0] + "\n" + rows(&r, count: n, cols: cols, scale: "").joined(separator: "\n")
                    : header + rows(&r, count: n, cols: cols, scale: "").joined(separator: "\n") + "\n" + big + String(repeating: ",1", count: cols - 1)
                out.append(csvCase("1 MB cell", Data(body.utf8), expect: .refused))
            case "non-finite":
                var lines = rows(&r, count: n, cols: cols, scale: "")
                lines[1 + r.int(n - 1)] = ([r.pick(["inf", "-inf", "1e400", "-1e999", "infinity"])] + Array(repeating: "1", count: cols - 1)).joined(separator: ",")
                out.append(csvCase("non-finite cell", Data((header + lines.joined(separator: "\n")).utf8), expect: .refused))
            case "zero-row":
                var lines = rows(&r, count: n, cols: cols, scale: "")
                lines[r.int(n)] = Array(repeating: r.pick(["0", "-0", "0e0", "0.0"]), count: cols).joined(separator: ",")
                out.append(csvCase("all-zero row (unit sphere)", Data((header + lines.joined(separator: "\n")).utf8), m: n, expect: .refused))
            case "bad-target":
                let body = header + rows(&r, count: n, cols: cols, scale: "").joined(separator: "\n")
                out.append(csvCase("a target that is not a column", Data(body.utf8),
                                   extra: ["--target", r.pick(["0", "\(cols + 1)", "-1", "zz", "c\u{1B}0", String(repeating: "t", count: 5000)])], expect: .refused))
            case "constant-standardize":
                let lines = (0..<n).map { i in "3.5," + (1..<cols).map { j in "\(i * 7 + j)" }.joined(separator: ",") }
                out.append(csvCase("constant column, standardize", Data(lines.joined(separator: "\n").utf8), m: n, extra: ["--normalize", "standardize"], expect: .refused))
            case "empty":
                out.append(csvCase("empty or blank file", Data(r.pick(["", "\n\n", "\r\n\r\n", "   \n \r"]).utf8), expect: .refused))
            default:
                let body = "\u{FEFF}" + (0..<cols).map { "c\($0)" }.joined(separator: ",") + "\r\n" + rows(&r, count: n, cols: cols, scale: "").joined(separator: "\r\n")
                out.append(csvCase("BOM and CRLF header", Data(body.utf8), expect: .runs))
            }
        }
        // Files that are not regular files: a FIFO must not block the reader, a folder or /dev/null is refused.
        let args = ["check", "--problem", "csv", "--m", "3", "--m-test", "0", "--n", "3", "--steps", "2", "--csv"]
        out.append(FuzzCase(category: "csv", label: "a FIFO as the CSV", args: args + ["@/fifo.csv"], expect: .refused, setup: { dir in try makeFIFO(dir.appendingPathComponent("fifo.csv")) }))
        out.append(FuzzCase(category: "csv", label: "a folder as the CSV", args: args + ["@/folder"], expect: .refused, setup: { dir in try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder"), withIntermediateDirectories: true) }))
        out.append(FuzzCase(category: "csv", label: "/dev/null as the CSV", args: args + ["/dev/null"], expect: .refused))
        out.append(FuzzCase(category: "csv", label: "a missing CSV", args: args + ["@/missing\u{1B}.csv"], expect: .refused))
        return out
    }

    // MARK: Input files other than CSV (shards, baselines, spaces, audits)

    static func inputs(_ r: inout Choices) -> [FuzzCase] {
        var out: [FuzzCase] = []
        let garbage: [(String, Data)] = [
            ("empty", Data()), ("not JSON", Data("hello\u{1B}world".utf8)), ("JSON of another kind", Data("{\"format\":\"check-bounds results 1\"}".utf8)),
            ("non-UTF-8", Data([0xFF, 0xFE, 0x7B, 0x7D])), ("1 MB of digits", Data(String(repeating: "9", count: 1 << 20).utf8)),
            ("deeply nested", Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)),
        ]
        for (name, data) in garbage {
            out.append(FuzzCase(category: "input files", label: "merge: \(name)", args: ["merge", "@/shard.json", "--quiet", "--no-experiment", "--no-baseline", "--output", "@/m"],
                                expect: .refused, setup: { dir in try data.write(to: dir.appendingPathComponent("shard.json")) }))
        }
        let (gname, gdata) = r.pick(garbage)
        out.append(FuzzCase(category: "input files", label: "run --baseline: \(gname)", args: base("run") + ["--baseline", "@/b.json"],
                            expect: .refused, setup: { dir in try gdata.write(to: dir.appendingPathComponent("b.json")) }))
        let (sname, sdata) = r.pick(garbage)
        out.append(FuzzCase(category: "input files", label: "explore --space FILE: \(sname)", args: base("explore") + ["--space", "@/space.json"],
                            expect: .refused, setup: { dir in try sdata.write(to: dir.appendingPathComponent("space.json")) }))
        // FIFOs must not block, folders and devices are not files.
        for (label, args) in [("merge", ["merge", "@/fifo", "--quiet", "--no-experiment", "--no-baseline", "--output", "@/m"]),
                              ("run --baseline", base("run") + ["--baseline", "@/fifo"]),
                              ("explore --space", base("explore") + ["--space", "@/fifo.json"]),
                              ("audit --trajectory", ["audit", "--problem", "@/p", "--trajectory", "@/fifo"]),
                              ("audit --problem", ["audit", "--problem", "@/fifo", "--trajectory", "@/t.jsonl"])] {
            out.append(FuzzCase(category: "input files", label: "\(label): a FIFO", args: args, expect: .refused, setup: { dir in
                try makeFIFO(dir.appendingPathComponent(args.contains("@/fifo.json") ? "fifo.json" : "fifo"))
                try FileManager.default.createDirectory(at: dir.appendingPathComponent("p"), withIntermediateDirectories: true)
                try makeFIFO(dir.appendingPathComponent("p/config.json"))
                try Data("{\"theta\":[1]}\n".utf8).write(to: dir.appendingPathComponent("t.jsonl"))
            }))
        }
        out.append(FuzzCase(category: "input files", label: "merge: a folder and /dev/null", args: ["merge", r.pick(["@/", "/dev/null"]), "--quiet", "--no-experiment", "--no-baseline", "--output", "@/m"], expect: .refused))
        return out
    }

    // MARK: Output paths

    static func outputs(_ r: inout Choices) -> [FuzzCase] {
        var out: [FuzzCase] = []
        let trace = ["trace"] + tiny
        // Bait in the sandbox: a FIFO, a device, symlinks to a file and to nowhere, a regular file, a read-only folder.
        let bait: @Sendable (URL) throws -> Void = { dir in
            try makeFIFO(dir.appendingPathComponent("fifo"))
            try makeDevice(dir.appendingPathComponent("null"))
            try Data("keep\n".utf8).write(to: dir.appendingPathComponent("target.txt"))
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: "target.txt")
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("dangling").path, withDestinationPath: "nowhere.txt")
            try Data("plain\n".utf8).write(to: dir.appendingPathComponent("file"))
            let ro = dir.appendingPathComponent("ro")
            try FileManager.default.createDirectory(at: ro, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: ro.path)
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("linked-dir-target"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("dir"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("dir/X.csv").path, withDestinationPath: "../target.txt")
        }
        let devnull = deviceForWriting
        // A file to write: trace --output, run --write-baseline, run --shard-output.
        let fileTargets: [(String, String, Expect, Set<String>)] = [
            ("a FIFO", "@/fifo", .refused, []), ("a device (\(devnull.label))", devnull.path, .refused, []),
            ("a symlink to a file", "@/link", .refused, []), ("a dangling symlink", "@/dangling", .refused, []),
            ("a folder", "@/ro", .refused, []), ("a path under a regular file", "@/file/out.jsonl", .refused, []),
            ("a path under a FIFO", "@/fifo/out.jsonl", .refused, []), ("a path through a symlink to a file", "@/link/x", .refused, []),
            ("an existing regular file (overwritten)", "@/file", .runs, ["file"]),
            ("a file in a read-only folder", "@/ro/out.jsonl", .anyCode, ["ro/out.jsonl"]),
            ("a path with control characters", "@/out\u{1B}[2J\n.jsonl", .runs, ["out\u{1B}[2J\n.jsonl"]),
            ("a 5000-character name", "@/" + String(repeating: "n", count: 5000), .refused, []),
        ]
        for (label, path, expect, may) in fileTargets {
            out.append(FuzzCase(category: "outputs", label: "trace --output: \(label)", args: trace + ["--output", path], expect: expect, mayChange: may, setup: bait))
        }
        for (label, path, _, _) in fileTargets.filter({ $0.2 == .refused }).shuffledPick(&r, 4) {
            out.append(FuzzCase(category: "outputs", label: "run --write-baseline: \(label)", args: base("run") + ["--write-baseline", path], expect: .refused, setup: bait))
        }
        for (label, path, _, _) in fileTargets.filter({ $0.2 == .refused }).shuffledPick(&r, 3) {
            out.append(FuzzCase(category: "outputs", label: "run --shard-output: \(label)", args: base("run") + ["--shard", "1/4", "--shard-output", path], expect: .refused, setup: bait))
        }
        // A folder to write into: --output of run and gsc, trace --export-problem.
        let dirTargets: [(String, String, Expect)] = [
            ("a regular file", "@/file", .refused), ("a FIFO", "@/fifo", .refused), ("a device (\(devnull.label))", devnull.path, .refused),
            ("a symlink to a file", "@/link", .refused), ("a path under a regular file", "@/file/sub", .refused),
            ("a read-only folder", "@/ro", .anyCode), ("a folder holding a symlink where a file goes", "@/dir", .refused),
        ]
        for (label, path, expect) in dirTargets {
            out.append(FuzzCase(category: "outputs", label: "trace --export-problem: \(label)", args: trace + ["--export-problem", path], expect: expect,
                                mayChange: expect == .anyCode ? ["ro/X.csv", "ro/y.csv", "ro/X_test.csv", "ro/y_test.csv", "ro/theta0.csv", "ro/config.json"] : [], setup: bait))
        }
        for (label, path, expect) in dirTargets.shuffledPick(&r, 4) where expect == .refused {
            out.append(FuzzCase(category: "outputs", label: "gsc --output: \(label)", args: base("gsc").dropLast(2) + ["--output", path], expect: .refused, setup: bait))
        }
        for (label, path, expect) in dirTargets.shuffledPick(&r, 3) where expect == .refused {
            out.append(FuzzCase(category: "outputs", label: "run --output: \(label)", args: with(base("run"), "output", path), expect: .refused, setup: bait))
        }
        return out
    }

    // MARK: Numeric stress on tiny problems

    static func numeric(_ r: inout Choices, count: Int) -> [FuzzCase] {
        var out: [FuzzCase] = []
        let fixed: [[String]] = [
            ["--fixed-step", "100"], ["--tau", "1e308"], ["--mu", "1e-300"], ["--problem", "conditioned-ntk", "--lambda-min", "1e-300"],
            ["--problem", "conditioned-ntk", "--lambda-min", "1e300"], ["--tau", "4.9e-324"], ["--mu", "1e300"], ["--kappa", "1e300"],
            ["--kappa-w", "1e200"], ["--kappa", "1e-300"], ["--alpha-bar", "1e-300"], ["--fixed-step", "1e308"], ["--tau", "1e308", "--regularizer", "quadratic"],
            ["--activation", "relu", "--kappa-w", "1e150"], ["--method", "gd", "--fixed-step", "1e10"], ["--method", "gram-gn", "--tau", "0"],
            ["--method", "ggn-param", "--mu", "1e-300"], ["--tolerance", "1e308"], ["--n-teacher", "1", "--kappa-w", "1e-300"],
        ]
        let extremes: [(String, [String])] = [
            ("tau", ["1e308", "1e-308", "4.9e-324", "1.7976931348623157e308"]), ("mu", ["1e-300", "1e300", "4.9e-324"]),
            ("kappa", ["1e300", "1e-300"]), ("kappa-w", ["1e200", "1e-200"]), ("fixed-step", ["100", "1e308", "1e-300"]),
            ("alpha-bar", ["1e-300", "1"]), ("activation", ["relu", "tanh", "softplus"]), ("method", ["gd", "gram-gn", "ggn-param", "ggn-reference", "ggn-reference-synthetic"]),
        ]
        for k in 0..<count {
            var extra: [String]
            if k < fixed.count { extra = fixed[k] } else {
                extra = []
                var used = Set<String>()
                for _ in 0..<(2 + r.int(2)) {
                    let (name, values) = r.pick(extremes)
                    guard used.insert(name).inserted else { continue }
                    if name == "fixed-step" && used.contains("alpha-bar") || name == "alpha-bar" && used.contains("fixed-step") { continue }
                    extra += ["--" + name, r.pick(values)]
                }
                if used.contains("method"), extra.contains("gram-gn") == false, r.chance(30) { extra += ["--problem", "conditioned-ntk", "--lambda-min", r.pick(["1e-300", "1e-3", "1e300"])] }
            }
            let cmd = k < fixed.count ? "check" : r.pick(["check", "check", "trace"])
            let args = [cmd, "--m", "4", "--n", "4", "--steps", "2", "--m-test", r.pick(["0", "2"]), "--n0", r.pick(["1", "2", "5"])] + extra
            out.append(FuzzCase(category: "numeric", label: extra.joined(separator: " "), args: args, expect: .anyCode))
        }
        return out
    }

    // MARK: Interruption

    static func interruption(_ r: inout Choices, count: Int) -> [FuzzCase] {
        (0..<count).map { k in
            let delay = Double(r.int(in: 50...1100)) / 1000
            let args = k % 3 == 2 ? ["gsc", "--output", "@/out"] : ["run", "--suite", "quick", "--no-explore", "--output", "@/out"]
            return FuzzCase(category: "interruption", label: "SIGINT after \(delay) s", args: args, expect: .anyCode, interruptAfter: delay)
        }
    }

    // MARK: Bait

    static func makeFIFO(_ url: URL) throws {
        guard mkfifo(url.path, 0o644) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// A character device: a private copy of /dev/null (1, 3) when this user may make one (so a
    /// bug could never replace the system's), else nothing (the real /dev/null is used).
    static func makeDevice(_ url: URL) throws {
        if deviceForWriting.path.hasPrefix("@/") { _ = mknod(url.path, S_IFCHR | 0o666, nullDevice) }
    }

    /// Linux's dev_t of (1, 3): major in bits 8…19, minor in 0…7 (glibc's makedev for small numbers).
    static let nullDevice: dev_t = (1 << 8) | 3

    static let deviceForWriting: (path: String, label: String) = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("check-bounds-fuzz-devprobe-\(UUID().uuidString)").path
        defer { unlink(probe) }
        return mknod(probe, S_IFCHR | 0o666, nullDevice) == 0 ? ("@/null", "a character device") : ("/dev/null", "/dev/null")
    }()
}

extension Array {
    /// `k` elements picked by the seeded choices, without repeats.
    func shuffledPick(_ r: inout Choices, _ k: Int) -> [Element] {
        var pool = self, out: [Element] = []
        while !pool.isEmpty && out.count < k { out.append(pool.remove(at: r.int(pool.count))) }
        return out
    }
}
