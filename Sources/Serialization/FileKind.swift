import Foundation

/// What is at a path, not following a final symlink (`lstat`): the one test behind "only regular
/// files are written" (the command line's up-front checks and the output sets' commit).
public enum FileKind: String, Sendable {
    case file = "a regular file", folder = "a folder", symlink = "a symbolic link", fifo = "a FIFO", device = "a device",
         socket = "a socket", other = "a special file"

    /// nil when nothing is there.
    public static func of(_ path: String) -> FileKind? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFLNK: return .symlink
        case S_IFIFO: return .fifo
        case S_IFCHR, S_IFBLK: return .device
        case S_IFSOCK: return .socket
        default: return .other
        }
    }
}
