import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 20, "Reliability": the `check-bounds` executable driven as a subprocess on seeded,
/// generated bad input — option values, CSV files, other input files, output paths, numeric
/// extremes on tiny problems, and SIGINT in the middle of a run. For every case: an exit code in
/// {0, 1, 2, 3} (no crash, no hang), a refusal is exactly one stderr line and leaves the folder as
/// it was, only regular files are written (no FIFO, device or symlink replaced, nothing written
/// through a symlink), and no verdict line says nan or inf. Reproducible: one fixed seed.
@Suite("Fuzzing the command line (seeded, bounded)", .serialized)
struct FuzzTests {
    static let seed: UInt64 = 20
    static let timeout = 20.0

    /// The cases, by category, from one stream.
    static let cases: [String: [FuzzCase]] = {
        var r = Choices(seed: seed)
        return [
            "options": Generators.options(&r, count: 48),
            "csv": Generators.csv(&r, count: 32),
            "input files": Generators.inputs(&r),
            "outputs": Generators.outputs(&r),
            "numeric": Generators.numeric(&r, count: 30),
            "interruption": Generators.interruption(&r, count: 6),
        ]
    }()

    static let verdictToken = try! NSRegularExpression(pattern: "(^|[^A-Za-z0-9_])[-+]?(nan|inf|infinity)([^A-Za-z0-9_]|$)", options: [.caseInsensitive])

    /// What went wrong with one case (empty: it passed); `leftovers` are temporary files an
    /// interrupted run left behind.
    static func judge(_ c: FuzzCase) -> (failures: [String], leftovers: [String], how: String) {
        let sandbox: URL
        do { sandbox = URL(fileURLWithPath: try TestPaths.scratch("fuzz")) } catch { return (["cannot make a sandbox: \(error)"], [], "") }
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.appendingPathComponent("ro").path)
            try? FileManager.default.removeItem(at: sandbox)
        }
        do { try c.setup(sandbox) } catch { return (["setup failed: \(error)"], [], "") }
        let args = c.args.map { $0.hasPrefix("@/") ? sandbox.path + "/" + $0.dropFirst(2) : $0 }
        let command = Executable.commandLine(args, sandbox: sandbox.path)
        let before = Snapshot.take(sandbox)
        let r: RunResult
        do { r = try Executable.run(args, cwd: sandbox, timeout: timeout, interruptAfter: c.interruptAfter) } catch {
            return (["\(command): cannot start: \(error)"], [], "")
        }
        let after = Snapshot.take(sandbox)
        var f: [String] = []
        let stderr = String(decoding: r.stderr, as: UTF8.self), stdout = String(decoding: r.stdout, as: UTF8.self)
        let said = stderr.split(separator: "\n").last.map { " — stderr: " + String($0.prefix(300)) } ?? ""
        if r.timedOut { f.append("hang: still running after \(Int(timeout)) s, killed") }
        if let s = r.signal, !(r.interrupted && s == SIGINT) { f.append("killed by signal \(s) (a crash: 132 SIGILL, 134 SIGABRT, 139 SIGSEGV as shell codes)") }
        // 130 / 143: the documented exit of an interrupted run (SIGINT / SIGTERM, README).
        let interruptedExit = r.interrupted && (r.code == 130 || r.code == 143)
        if r.signal == nil && !(0...3).contains(r.code) && !interruptedExit { f.append("exit code \(r.code) is not one of 0, 1, 2, 3") }
        if r.signal == nil && !r.timedOut {
            switch c.expect {
            case .refused where r.code != 2: f.append("expected a refusal (exit 2), got exit \(r.code)")
            case .runs where r.code != 0 && r.code != 1: f.append("expected the run to complete (exit 0 or 1), got exit \(r.code)")
            default: break
            }
        }
        if r.signal == nil && (r.code == 2 || r.code == 3) && !r.interrupted {
            let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false)
            let message = r.code == 2 ? stderr : String(lines.dropLast().last ?? "") + "\n"
            if r.code == 2 && (lines.count != 2 || !lines[1].isEmpty || lines[0].isEmpty) {
                f.append("a usage error must be exactly one stderr line, got \(lines.count - 1) line(s): \(String(stderr.prefix(300)).debugDescription)")
            }
            if !message.hasPrefix("check-bounds: ") { f.append("the error line does not start with 'check-bounds: ': \(String(message.prefix(200)).debugDescription)") }
            if message.unicodeScalars.dropLast().contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                f.append("the error line holds a raw control character: \(String(message.prefix(300)).debugDescription)")
            }
            if message.count > 600 { f.append("the error line is \(message.count) characters long (a bad value is quoted to ~60): \(String(message.prefix(200)).debugDescription)…") }
        }
        if r.signal == nil && r.code == 2 && r.seconds > 10 { f.append("the refusal came after \(Int(r.seconds)) s (before any work, please)") }
        // The file system: a refusal leaves everything as it was; otherwise only regular files and
        // folders appear, and no bait (FIFO, device, symlink, its target) is touched.
        if r.signal == nil && r.code == 2 && before != after {
            let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
            f.append("a refusal changed the folder: \(changed.prefix(5).map { "\($0): \(before[$0]?.description ?? "absent") → \(after[$0]?.description ?? "absent")" })")
        }
        for (path, e) in before.sorted(by: { $0.key < $1.key }) where !c.mayChange.contains(path) {
            guard let now = after[path] else { f.append("'\(path)' (\(e.kind.rawValue)) was removed"); continue }
            if e.kind == .dir ? now.kind != .dir : now != e { f.append("'\(path)' changed: \(e) → \(now)") }
        }
        for (path, e) in after where before[path] == nil || c.mayChange.contains(path) {
            if e.kind != .file && e.kind != .dir { f.append("'\(path)' was created as a \(e.kind.rawValue), not a regular file") }
        }
        var devnull = stat()
        if stat("/dev/null", &devnull) != 0 || devnull.st_mode & S_IFMT != S_IFCHR { f.append("/dev/null is no longer a character device") }
        // No non-finite token in a verdict line (check's text) or a JSON line (trace).
        for line in stdout.split(separator: "\n") {
            let s = String(line)
            let isVerdict = s.contains("]: ") && ["holds", "vacuous", "counterexample", "inconclusive", "numerical failure"].contains { s.contains($0) }
            guard isVerdict || s.hasPrefix("{") else { continue }
            if verdictToken.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil {
                let m = verdictToken.firstMatch(in: s, range: NSRange(s.startIndex..., in: s))!
                let at = Range(m.range, in: s)!
                f.append("a non-finite token in a \(isVerdict ? "verdict" : "JSON") line: …\(s[s.index(at.lowerBound, offsetBy: -min(80, s.distance(from: s.startIndex, to: at.lowerBound)))..<at.upperBound])…")
            }
        }
        var leftovers: [String] = []
        if c.interruptAfter != nil {
            if r.interrupted && r.signal == nil && r.code == 0 { f.append("interrupted, but exited 0") }
            leftovers = after.keys.filter { before[$0] == nil }.filter { p in
                let name = (p as NSString).lastPathComponent
                // A set's manifest (`.<set>.manifest`) is written last by a finished set; anything else hidden is left over.
                return name.contains(".tmp") || (name.hasPrefix(".") && !name.hasSuffix(".manifest"))
            }.sorted()
        }
        let how = (r.interrupted ? "interrupted, " : r.finishedBeforeSignal ? "finished before the signal, " : "")
            + (r.signal.map { "signal \($0)" } ?? "exit \(r.code)") + String(format: " after %.2f s", r.seconds)
        return (f.map { "\(c.category) [\(c.label)]: \($0)\(said)\n  command: \(command)" }, leftovers, how)
    }

    /// Runs a category, records each failure with its command, prints "cases, passed".
    static func run(_ category: String) {
        guard Executable.present else {
            Issue.record("the executable \(Executable.url.path) is missing: build it with `.ci/with-lapack swift build -c release` (the test command builds it)")
            return
        }
        let list = cases[category]!
        let start = Date()
        var passed = 0
        var leftovers: [String] = []
        for c in list {
            let (failures, left, how) = judge(c)
            if c.interruptAfter != nil { print("fuzz \(category): \(c.label), \(c.args.prefix(3).joined(separator: " ")): \(how)") }
            for m in failures { Issue.record(Comment(rawValue: m)) }
            if !left.isEmpty { leftovers.append("\(c.label): \(left.prefix(5)) — command: \(Executable.commandLine(c.args, sandbox: ""))") }
            if failures.isEmpty && left.isEmpty { passed += 1 }
        }
        // Output sets are staged and SIGINT/SIGTERM remove the staging: nothing may be left behind.
        for l in leftovers { Issue.record(Comment(rawValue: "an interrupted run left temporary files behind: \(l)")) }
        print("fuzz \(category): \(list.count) cases, \(passed) passed (seed \(seed), \(String(format: "%.1f", Date().timeIntervalSince(start))) s)")
    }

    @Test("option values: huge, negative, '--x' as a value, repeated, list entries, control characters, long values, unknown names")
    func options() { Self.run("options") }

    @Test("CSV files: 1e±200 rows, NaN in the first row, CR-only, NUL, ragged, header-only, too few rows, non-UTF-8, 1 MB cells, FIFOs")
    func csv() { Self.run("csv") }

    @Test("other input files: shards, baselines, spaces and audits that are garbage, FIFOs, folders")
    func inputFiles() { Self.run("input files") }

    @Test("output paths: FIFO, device, symlinks, a file where a folder goes, a read-only folder, a path under a file")
    func outputs() { Self.run("outputs") }

    @Test("numeric stress on tiny problems: huge steps, τ, μ, κ, tiny λ_min")
    func numeric() { Self.run("numeric") }

    @Test("interruption: SIGINT in the middle of a run ends it, non-zero, without temporary files")
    func interruption() { Self.run("interruption") }
}
