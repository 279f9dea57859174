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
        do {
            // Foundation's atomic write: a temporary file in the same folder, renamed over the target.
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw WriteError(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// CSV rendering of numeric tables with round-trip precision.
public enum NumericCSV {
    public static func render(rows: [[Double]]) -> String {
        rows.map { $0.map { $0.description }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}
