import Foundation

/// Writes files so that a reader never sees half of one: the bytes go to a temporary file in
/// the same directory, which is then renamed over the target (rename is atomic on POSIX).
/// An interrupted run therefore leaves the previous file whole.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw WriteError(description: "cannot create directory \(dir): \(error.localizedDescription)")
        }
        let tmp = dir + "/.tmp-\(getpid())-" + url.lastPathComponent
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) else {
            throw WriteError(description: "cannot write \(tmp) (is the directory writable?)")
        }
        if rename(tmp, path) != 0 {
            let err = String(cString: strerror(errno))
            unlink(tmp)
            throw WriteError(description: "cannot move \(tmp) into place as \(path): \(err)")
        }
    }
}

/// CSV rendering of numeric tables with round-trip precision.
public enum NumericCSV {
    public static func render(rows: [[Double]]) -> String {
        rows.map { $0.map { $0.description }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}
