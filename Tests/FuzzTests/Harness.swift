import Foundation
import SeededRandom
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The fuzzer's plumbing: a seeded stream of choices, the `check-bounds` executable driven as a
/// subprocess with a timeout, and snapshots of the folder a case works in (issue 20).

/// Choices drawn from the project's own generator (xoshiro256** via SplitMix64) with integer
/// arithmetic only, so one seed gives the same cases on every machine and toolchain.
struct Choices {
    var g: Xoshiro256StarStar
    init(seed: UInt64) { g = Xoshiro256StarStar(seed: seed) }
    /// 0..<n (n ≥ 1); the modulo bias is irrelevant for picking cases.
    mutating func int(_ n: Int) -> Int { Int(g.next() % UInt64(n)) }
    mutating func int(in r: ClosedRange<Int>) -> Int { r.lowerBound + int(r.upperBound - r.lowerBound + 1) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    /// `count` digits, the first nonzero.
    mutating func digits(_ count: Int) -> String {
        String((0..<count).map { i in Character(String(i == 0 ? 1 + int(9) : int(10))) })
    }
}

/// What a case is allowed to end with.
enum Expect: Sendable {
    /// Bad usage: exit 2, one stderr line, nothing written.
    case refused
    /// Any documented exit code (0, 1, 2, 3); a 2 must still be a clean refusal.
    case anyCode
    /// The command runs: exit 0 or 1.
    case runs
}

/// One generated case. Arguments may name files in the case's sandbox as "@/name"; `setup`
/// creates them there before the run.
struct FuzzCase: Sendable {
    let category: String
    let label: String
    let args: [String]
    var expect: Expect
    /// Paths (relative to the sandbox) the command may legitimately change (e.g. an output file it overwrites).
    var mayChange: Set<String> = []
    var setup: @Sendable (URL) throws -> Void = { _ in }
    /// For the interruption category: SIGINT after this many seconds.
    var interruptAfter: Double? = nil
}

/// One file-system entry as `lstat` sees it (symlinks not followed).
struct Entry: Equatable, CustomStringConvertible {
    enum Kind: String { case file, dir, link, fifo, device, socket, other }
    let kind: Kind
    let size: Int
    let detail: String   // a link's destination, a file's content digest, a device's numbers

    var description: String { "\(kind.rawValue)(\(detail))" }
}

enum Snapshot {
    /// Every entry under `root` (not following symlinks), by relative path.
    static func take(_ root: URL) -> [String: Entry] {
        var out: [String: Entry] = [:]
        func walk(_ rel: String) {
            let path = rel.isEmpty ? root.path : root.path + "/" + rel
            var st = stat()
            guard lstat(path, &st) == 0 else { return }
            let type = st.st_mode & S_IFMT
            let kind: Entry.Kind
            var detail = ""
            switch type {
            case S_IFREG:
                kind = .file
                detail = FileManager.default.contents(atPath: path).map { digest($0) } ?? "unreadable"
            case S_IFDIR: kind = .dir
            case S_IFLNK:
                kind = .link
                detail = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            case S_IFIFO: kind = .fifo
            case S_IFCHR, S_IFBLK: kind = .device; detail = "\(st.st_rdev)"
            case S_IFSOCK: kind = .socket
            default: kind = .other
            }
            if !rel.isEmpty { out[rel] = Entry(kind: kind, size: Int(st.st_size), detail: detail) }
            if kind == .dir, let names = try? FileManager.default.contentsOfDirectory(atPath: path) {
                for n in names { walk(rel.isEmpty ? n : rel + "/" + n) }
            }
        }
        walk("")
        return out
    }

    /// FNV-1a over the bytes, with the length: enough to tell a changed file.
    static func digest(_ d: Data) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        for b in d { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return String(h, radix: 16) + "/\(d.count)"
    }
}

/// What one run of the executable did.
struct RunResult {
    var code: Int32 = -1
    var signal: Int32? = nil
    var timedOut = false
    var interrupted = false      // the SIGINT was sent while it ran
    var finishedBeforeSignal = false
    var stdout = Data()
    var stderr = Data()
    var seconds = 0.0
}

enum Executable {
    /// The product `check-bounds` as the README's test command builds it.
    static var url: URL { TestPaths.root.appendingPathComponent(".build/release/check-bounds") }

    static var present: Bool { FileManager.default.isExecutableFile(atPath: url.path) }

    /// Runs the executable with `args` in `cwd`, killing it after `timeout` seconds; with
    /// `interruptAfter`, sends SIGINT after that delay (and waits up to `timeout` more).
    static func run(_ args: [String], cwd: URL, timeout: Double, interruptAfter: Double? = nil) throws -> RunResult {
        let io = FileManager.default.temporaryDirectory.appendingPathComponent("check-bounds-fuzz-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: io, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: io) }
        let outURL = io.appendingPathComponent("stdout"), errURL = io.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outH = try FileHandle(forWritingTo: outURL), errH = try FileHandle(forWritingTo: errURL)
        let p = Process()
        p.executableURL = url
        p.arguments = args
        p.currentDirectoryURL = cwd
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = outH
        p.standardError = errH
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_NUM_THREADS"] = "1"
        p.environment = env
        let start = Date()
        if interruptAfter != nil {
            // A child inherits an ignored or blocked SIGINT across exec, and the test runner's threads
            // block it: the child to interrupt gets the default disposition and an unblocked SIGINT
            // (the runner's are restored right after the spawn).
            let previous = signal(SIGINT, SIG_DFL)
            var unblock = sigset_t(), oldMask = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGINT)
            pthread_sigmask(SIG_UNBLOCK, &unblock, &oldMask)
            defer { signal(SIGINT, previous); pthread_sigmask(SIG_SETMASK, &oldMask, nil) }
            try p.run()
        } else {
            try p.run()
        }
        var r = RunResult()
        if let delay = interruptAfter {
            while p.isRunning && Date().timeIntervalSince(start) < delay { usleep(2_000) }
            if p.isRunning { kill(p.processIdentifier, SIGINT); r.interrupted = true } else { r.finishedBeforeSignal = true }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(2_000) }
        if p.isRunning {
            r.timedOut = true
            kill(p.processIdentifier, SIGKILL)
        }
        p.waitUntilExit()
        r.seconds = Date().timeIntervalSince(start)
        try? outH.close(); try? errH.close()
        if p.terminationReason == .uncaughtSignal { r.signal = p.terminationStatus } else { r.code = p.terminationStatus }
        r.stdout = (try? Data(contentsOf: outURL)) ?? Data()
        r.stderr = (try? Data(contentsOf: errURL)) ?? Data()
        return r
    }

    /// The command as a shell line (long arguments abbreviated, control characters escaped), for failure messages.
    static func commandLine(_ args: [String], sandbox: String) -> String {
        (["check-bounds"] + args).map { a -> String in
            var s = a.replacingOccurrences(of: sandbox, with: "$SANDBOX")
            if s.utf8.count > 120 { s = String(s.prefix(40)) + "…<\(a.utf8.count) bytes>" }
            var esc = ""
            for u in s.unicodeScalars {
                if u.value < 0x20 || u.value == 0x7F { esc += String(format: "\\x%02X", u.value) } else { esc.unicodeScalars.append(u) }
            }
            let plain = esc.allSatisfy { $0.isLetter || $0.isNumber || "-_./=,:+$@".contains($0) } && !esc.isEmpty
            return plain ? esc : "'" + esc.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}
