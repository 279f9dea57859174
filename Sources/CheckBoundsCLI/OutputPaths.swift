import Foundation

/// Output paths are checked before any work starts, so a bad one costs one line and exit 2,
/// not a finished run that cannot be written.
enum OutputPaths {
    /// A folder to write into: an existing directory, or a path whose nearest existing ancestor
    /// is a writable directory (the folder is then created when the reports are written).
    static func checkDirectory(_ path: String, option: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw UsageError("--\(option): '\(path)' exists and is not a folder (give a folder, or a path that does not exist yet)") }
            guard FileManager.default.isWritableFile(atPath: path) else { throw UsageError("--\(option): the folder '\(path)' is not writable") }
            return
        }
        try checkAncestor(of: path, option: option)
    }

    /// A file to write: a regular file or a path that does not exist yet, in a writable folder.
    static func checkFile(_ path: String, option: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            let type = (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) ?? nil
            guard !isDir.boolValue, type == .typeRegular else { throw UsageError("--\(option): '\(path)' exists and is not a regular file") }
        }
        try checkAncestor(of: path, option: option)
    }

    private static func checkAncestor(of path: String, option: String) throws {
        var dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.path) && dir.path != "/" { dir.deleteLastPathComponent() }
        var isDir: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir)
        guard isDir.boolValue else { throw UsageError("--\(option): '\(dir.path)' (on the way to '\(path)') is not a folder") }
        guard FileManager.default.isWritableFile(atPath: dir.path) else { throw UsageError("--\(option): '\(dir.path)' is not writable") }
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
