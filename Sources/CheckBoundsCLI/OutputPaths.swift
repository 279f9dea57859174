import Exploration
import Foundation
import Serialization

/// Output paths are checked before any work starts, so a bad one costs one line and exit 2,
/// not a finished run that cannot be written.
enum OutputPaths {
    /// What is at `path`, not following a final symlink; nil when nothing is.
    static func kind(_ path: String) -> FileKind? { FileKind.of(path) }

    static func q(_ path: String) -> String { "'" + SpaceSyntax.quoted(path) + "'" }

    /// A folder to write into: an existing directory (a symlink to one is followed), or a path
    /// whose nearest existing ancestor is a writable directory (the folder is then created when
    /// the reports are written). `files` are the names written directly inside it: each must be a
    /// regular file or absent (a FIFO, device or symlink there is never replaced or written through).
    static func checkDirectory(_ path: String, option: String, files: [String] = []) throws {
        try checkLength(path, option: option)
        // `..` resolved lexically first: D/../x names x even while D does not exist (issue 30 #14).
        let path = lexical(path)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw UsageError("--\(option): \(q(path)) exists and is not a folder (give a folder, or a path that does not exist yet)") }
            guard FileManager.default.isWritableFile(atPath: path) else { throw UsageError("--\(option): the folder \(q(path)) is not writable") }
            try probe(path, option: option)
            for name in files {
                if let k = kind(path + "/" + name), k != .file {
                    throw UsageError("--\(option): \(q(path + "/" + name)) is \(k.rawValue), not a regular file (check-bounds writes only regular files; move it away)")
                }
            }
            return
        }
        if let k = kind(path) { throw UsageError("--\(option): \(q(path)) is \(k.rawValue) that leads nowhere (give a folder, or a path that does not exist yet)") }
        try checkAncestor(of: path, option: option)
    }

    /// A file to write: a regular file or a path that does not exist yet, in a writable folder. A
    /// symlink (even a dangling one), FIFO or device is refused: the write would replace it or go through it.
    static func checkFile(_ path: String, option: String) throws {
        try checkLength(path, option: option)
        let path = lexical(path)
        if let k = kind(path) {
            guard k == .file else { throw UsageError("--\(option): \(q(path)) exists and is not a regular file (it is \(k.rawValue))") }
        }
        try checkAncestor(of: path, option: option)
    }

    /// Names the system would refuse (a component over 255 bytes, a path over 4095) are refused up front.
    private static func checkLength(_ path: String, option: String) throws {
        guard !path.isEmpty else { throw UsageError("--\(option) needs a non-empty path") }
        if let long = path.split(separator: "/").first(where: { $0.utf8.count > 255 }) {
            throw UsageError("--\(option): the name '\(SpaceSyntax.quoted(String(long)))' is \(long.utf8.count) bytes long (at most 255 per name)")
        }
        guard path.utf8.count <= 4095 else { throw UsageError("--\(option): the path \(q(path)) is \(path.utf8.count) bytes long (at most 4095)") }
        guard !path.unicodeScalars.contains("\u{0}") else { throw UsageError("--\(option): the path \(q(path)) holds a NUL byte") }
    }

    private static func checkAncestor(of path: String, option: String) throws {
        var dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        while kind(dir.path) == nil && dir.path != "/" { dir.deleteLastPathComponent() }
        var isDir: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir)
        guard isDir.boolValue else { throw UsageError("--\(option): \(q(dir.path)) (on the way to \(q(path))) is not a folder") }
        guard FileManager.default.isWritableFile(atPath: dir.path) else { throw UsageError("--\(option): \(q(dir.path)) is not writable") }
        try probe(dir.path, option: option)
    }

    /// The path with `.` and `..` removed lexically (as the kernel would after creating the
    /// folders it names), so a FIFO or symlink behind `D/..` is seen before D exists.
    static func lexical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardized.path
    }

    /// Proves the folder takes a new entry (a probe folder made and removed), so a file system
    /// that refuses writes (/proc, /sys, a read-only mount) is named before any work (issue 30 #17).
    static func probe(_ dir: String, option: String) throws {
        let p = (dir as NSString).appendingPathComponent(".check-bounds-probe-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        guard mkdir(p, 0o700) == 0 else {
            let why = String(cString: strerror(errno))
            throw UsageError("--\(option): nothing can be created in \(q(dir)) (\(why)); allowed: a folder on a writable file system")
        }
        rmdir(p)
    }

    /// The link from reports in `dir` to the repository's root, so Proofs/ links work wherever
    /// `--output` points: relative when `dir` lies inside the current directory (the repository
    /// checkout the command runs in), else the current directory's absolute path.
    static func rootLink(for dir: String) -> String {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.pathComponents
        let out = URL(fileURLWithPath: dir).standardizedFileURL.pathComponents
        guard out.count >= cwd.count, Array(out.prefix(cwd.count)) == cwd else {
            return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        }
        let depth = out.count - cwd.count
        return depth == 0 ? "." : Array(repeating: "..", count: depth).joined(separator: "/")
    }
}
