import Foundation
import LinearAlgebra
import Exploration
import Serialization
import Theorems

/// Entry point of the `check-bounds` executable, as a library so tests can drive it.
public enum CheckBounds {
    public static let commands = ["run", "check", "audit", "explore", "map", "trace", "gsc", "bench", "merge", "help"]

    /// The tool's version; `--version` also prints each theorem's check version, the hash that
    /// stored findings carry (a changed statement or reading changes it).
    public static let version = "0.9.0"

    /// One line per command for the top-level help (every command, issue 30 #16).
    public static let summaries: [(String, String)] = [
        ("run", "a suite of theorem checks, reports under Reports/ (the default command)"),
        ("check", "the theorems that apply to one instance (or a grid), verdicts on stdout"),
        ("audit", "your own trajectory, step by step against the method and theorem by theorem"),
        ("explore", "search a theorem's space of instances for counterexamples, shrink them"),
        ("map", "a verdict map of a theorem over two options"),
        ("trace", "the JSON Lines trace of one run (and its problem exported)"),
        ("gsc", "certify each regularizer's least GSC constant against the published claim"),
        ("bench", "the step benchmark against an independent NumPy implementation"),
        ("merge", "reports from the parts of a sharded run"),
        ("help", "help COMMAND: that command's options"),
    ]

    public static var overview: String {
        "usage: check-bounds [COMMAND] [options]   (COMMAND defaults to run)\n\ncommands:\n"
            + summaries.map { "  " + $0.0.padding(toLength: 9, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n")
            + "\n\ncheck-bounds COMMAND --help (or -h, or help COMMAND) lists its options; --version prints the version.\n"
    }

    public static var versionText: String {
        "check-bounds \(version)\n" + TheoremRegistry.infos.map { "  \($0.id): check version \(FindingDatabase.checkVersion($0))" }.joined(separator: "\n") + "\n"
    }

    public static func main(_ args: [String]) -> Int32 {
        // -h is --help everywhere; `help COMMAND` is `COMMAND --help`.
        var args = args.map { $0 == "-h" ? "--help" : $0 }
        if args.first == "help" { args = args.count > 1 ? [args[1], "--help"] : ["--help-commands"] }
        if args == ["--help-commands"] || args == ["--help"] {
            FileHandle.standardOutput.write(Data((overview + "\n" + RunCommand.usage + OptionParser.help(RunCommand.specs) + "\n").utf8))
            return 0
        }
        if args.first == "--version" {
            FileHandle.standardOutput.write(Data(versionText.utf8))
            return 0
        }
        let out: (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
        let err: (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
        BLASThreads.setReproducible()   // `bench` alone raises it, for its own timings
        Cleanup.install()               // SIGINT/SIGTERM remove staging folders and half-written exports
        do {
            if let first = args.first, !first.hasPrefix("-") {
                switch first {
                case "trace": return try TraceCommand.run(Array(args.dropFirst()), out: out)
                case "check": return try CheckCommand.run(Array(args.dropFirst()), out: out)
                case "audit": return try AuditCommand.run(Array(args.dropFirst()), out: out)
                case "gsc": return try GSCCommand.run(Array(args.dropFirst()), out: out)
                case "merge": return try MergeCommand.run(Array(args.dropFirst()), out: out, err: err)
                case "bench": return try BenchCommand.run(Array(args.dropFirst()), out: out)
                case "run": return try RunCommand.run(Array(args.dropFirst()), out: out, err: err)
                case "explore": return try ExploreCommand.run(Array(args.dropFirst()), out: out, err: err)
                case "map": return try MapCommand.run(Array(args.dropFirst()), out: out, err: err)
                default: throw UsageError("unknown command '\(SpaceSyntax.quoted(first))'\(SpaceSyntax.suggestion(first, commands)) (allowed: \(commands.joined(separator: ", ")))")
                }
            }
            return try RunCommand.run(args, out: out, err: err)
        } catch let e as UsageError {
            FileHandle.standardError.write(Data("check-bounds: \(oneLine(e.message))\n".utf8))
            return 2
        } catch {
            // A runtime or I/O failure: one line naming the file, exit 3 (README, exit codes).
            FileHandle.standardError.write(Data("check-bounds: \(oneLine(describe(error)))\n".utf8))
            return 3
        }
    }

    /// The last guard of the one-line rule: control characters (a newline included) escaped as
    /// `\xHH`, and a message cut at 600 characters (values inside are quoted to 60 already).
    static func oneLine(_ message: String) -> String {
        var out = String.UnicodeScalarView()
        for u in message.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F { out.append(contentsOf: String(format: "\\x%02X", u.value).unicodeScalars) } else { out.append(u) }
            if out.count > 620 { break }
        }
        let s = String(out)
        return s.count > 600 ? String(s.prefix(597)) + "..." : s
    }

    /// One line for a failure: a file error names its path and reason, never the raw error dump.
    static func describe(_ error: Error) -> String {
        let ns = error as NSError
        var text: String
        if ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain {
            let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
            text = (path.map { "'\(SpaceSyntax.quoted($0))': " } ?? "") + ns.localizedDescription
        } else {
            text = String(describing: error)
        }
        return String(text.map { $0.isNewline ? " " : $0 })
    }
}
