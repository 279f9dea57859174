import Foundation

/// A set of files that replaces the previous set as a whole (a suite's reports, an exported
/// problem). Every file is first written into a private staging folder beside the destination;
/// `commit` then renames each into place — no file is written in the destination itself, so an
/// interrupted run leaves the previous set whole and no temporary file behind — and writes the
/// set's manifest last. A target that exists and is not a regular file (a FIFO, a device, a
/// symlink) is refused, never written through. `discard`, and SIGINT/SIGTERM (`Cleanup`), remove
/// the staging folder.
public final class OutputSet {
    public let directory: String
    let name: String
    let staging: String
    var files: [String] = []
    /// Whether this set made the destination folder: then an interrupted or failed set removes it.
    var createdDirectory = false
    var committed = false

    public struct Refused: Error, CustomStringConvertible { public let description: String }

    /// `name` tags the staging folder and the manifest (`.<name>.manifest`).
    public init(directory: String, name: String) throws {
        self.directory = directory
        self.name = name
        let fm = FileManager.default
        createdDirectory = !fm.fileExists(atPath: directory)
        do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw Refused(description: "cannot create the folder '\(directory)': \(error.localizedDescription)")
        }
        staging = directory + "/.staging-\(name)-\(ProcessInfo.processInfo.processIdentifier)"
        try? fm.removeItem(atPath: staging)
        do { try fm.createDirectory(atPath: staging, withIntermediateDirectories: true) } catch {
            throw Refused(description: "cannot write in '\(directory)': \(error.localizedDescription)")
        }
        Cleanup.register(createdDirectory ? directory : staging)
    }

    /// Stages one file, `relative` to the destination folder (e.g. "figures/a.svg").
    public func add(_ text: String, as relative: String) throws {
        Cleanup.lock.lock(); defer { Cleanup.lock.unlock() }
        let url = URL(fileURLWithPath: staging + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        do { try Data(text.utf8).write(to: url) } catch {
            throw Refused(description: "cannot write '\(relative)' in '\(directory)': \(error.localizedDescription)")
        }
        if !files.contains(relative) { files.append(relative) }
    }

    /// Checks every target first (a non-regular file there refuses the whole set), then renames.
    public func commit() throws {
        // Under the cleanup lock: a signal arriving now waits until the set is whole.
        Cleanup.lock.lock(); defer { Cleanup.lock.unlock() }
        defer { discard() }
        for f in files {
            // Every folder on the way must be a real folder (a symlinked one would be written through).
            var prefix = directory
            for part in f.split(separator: "/").dropLast() {
                prefix += "/" + part
                try Self.checkFolder(prefix)
            }
            try Self.checkTarget(directory + "/" + f)
        }
        let fm = FileManager.default
        for f in files {
            let target = directory + "/" + f
            try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard rename(staging + "/" + f, target) == 0 else {
                throw Refused(description: "cannot move '\(f)' into '\(directory)': \(String(cString: strerror(errno)))")
            }
        }
        // Files of the previous set that this one does not have (a figure of a run no longer in
        // the suite) go, so the folder holds one set, not a mix.
        let manifestPath = directory + "/.\(name).manifest"
        if let old = try? String(contentsOfFile: manifestPath, encoding: .utf8) {
            for f in old.split(separator: "\n").map(String.init) where !files.contains(f) && !f.contains("..") {
                if FileKind.of(directory + "/" + f) == .file { unlink(directory + "/" + f) }
            }
        }
        let manifest = files.sorted().joined(separator: "\n") + "\n"
        try AtomicFile.write(manifest, to: manifestPath)
        committed = true
    }

    public func discard() {
        Cleanup.lock.lock(); defer { Cleanup.lock.unlock() }
        let fm = FileManager.default
        try? fm.removeItem(atPath: staging)
        if createdDirectory && !committed { try? fm.removeItem(atPath: directory) }
        Cleanup.unregister(createdDirectory ? directory : staging)
    }

    /// A folder the set writes into: nothing there yet, or a real directory (not a symlink to one).
    static func checkFolder(_ path: String) throws {
        if let k = FileKind.of(path), k != .folder {
            throw Refused(description: "'\(path)' is \(k.rawValue), not a folder (reports go into real folders only; remove it or choose another --output)")
        }
    }

    /// A path the set may replace: nothing there, or a regular file (lstat: a symlink is not one).
    static func checkTarget(_ path: String) throws {
        if let k = FileKind.of(path), k != .file {
            throw Refused(description: "'\(path)' is \(k.rawValue), not a regular file (only regular files are written; remove it or choose another --output)")
        }
    }
}

/// Paths removed when the process is interrupted (SIGINT, SIGTERM): staging folders and
/// half-written exports. `install` once at start; the handler removes them and exits 130 / 143.
public enum Cleanup {
    nonisolated(unsafe) static var paths: [String] = []
    /// Recursive: a set's commit discards its staging under the same lock.
    static let lock = NSRecursiveLock()
    nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []

    public static func register(_ path: String) { lock.lock(); paths.append(path); lock.unlock() }
    public static func unregister(_ path: String) { lock.lock(); paths.removeAll { $0 == path }; lock.unlock() }

    public static func install() {
        lock.lock(); defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler {
                // Held until exit: no set adds or renames a file after the staging is gone.
                lock.lock()
                for p in paths { try? FileManager.default.removeItem(atPath: p) }
                FileHandle.standardError.write(Data("check-bounds: interrupted; temporary files removed, earlier reports left as they were\n".utf8))
                // _exit, not exit: exit runs the atexit handlers, and OpenBLAS's frees its work
                // buffers while other threads are still inside a BLAS call (a SIGSEGV seen on
                // SIGINT during a suite run); nothing else needs them, stdout is flushed first.
                fflush(nil)  // every output stream
                _exit(128 + sig)
            }
            s.resume()
            sources.append(s)
        }
    }
}
