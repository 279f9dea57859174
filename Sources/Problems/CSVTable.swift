import Foundation

/// A CSV file of numbers as read: an optional header, the data rows and the file line of each.
///
/// Rules (README "Your own problem"): fields are separated by commas and trimmed of spaces;
/// lines end in LF, CRLF or a lone CR; blank lines are skipped. The first non-blank line is a
/// header when none of its cells looks like a number (`Double` parses it, `nan` and `inf`
/// included); a first line with any number-like cell is data, so `1,2,nan,4,5` is an error at
/// its third column, not a header. Every data cell must be a finite number and every row as
/// wide as the first. Errors are one line: the file, the line, the column, what is allowed.
public struct CSVTable: Sendable, Equatable {
    public let name: String
    /// The header's cells, nil when the file has none.
    public let header: [String]?
    public let rows: [[Double]]
    /// The 1-based file line of each data row.
    public let lines: [Int]

    public var width: Int { rows.first?.count ?? header?.count ?? 0 }

    public static func read(path: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProblemError("\(CSVText.quoted(path, limit: 240)): cannot read the file (missing or not readable)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ProblemError("\(CSVText.quoted(path, limit: 240)): not UTF-8 text")
        }
        return try parse(text, name: path)
    }

    public static func parse(_ text: String, name rawName: String) throws -> CSVTable {
        let name = CSVText.quoted(rawName, limit: 240)
        var header: [String]? = nil
        var rows: [[Double]] = []
        var lines: [Int] = []
        var sawFirst = false
        for (index, raw) in splitLines(text).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if !sawFirst {
                sawFirst = true
                if cells.allSatisfy({ Double($0) == nil }) { header = cells; continue }
            }
            var values: [Double] = []
            values.reserveCapacity(cells.count)
            for (c, cell) in cells.enumerated() {
                guard let v = Double(cell), v.isFinite else {
                    throw ProblemError("\(name): line \(index + 1), column \(c + 1): '\(CSVText.quoted(cell))' is not a finite number (every data field must be numeric)")
                }
                values.append(v)
            }
            let expected = rows.first?.count ?? header?.count ?? values.count
            guard values.count == expected else {
                throw ProblemError("\(name): line \(index + 1) has \(values.count) columns, expected \(expected) (all rows need the same number of columns)")
            }
            rows.append(values)
            lines.append(index + 1)
        }
        guard !rows.isEmpty else { throw ProblemError("\(name): no numeric data rows") }
        return CSVTable(name: rawName, header: header, rows: rows, lines: lines)
    }

    /// Lines split at LF, CRLF and a lone CR (old Mac files), on Unicode scalars so a CR-LF
    /// pair (one Swift `Character`) and a lone CR both end a line.
    public static func splitLines(_ text: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        var afterCR = false
        for u in text.unicodeScalars {
            if u == "\n" {
                if afterCR { afterCR = false; continue }   // the LF of a CRLF
                out.append(String(current)); current = .init()
            } else if u == "\r" {
                out.append(String(current)); current = .init()
                afterCR = true
                continue
            } else {
                current.append(u)
            }
            afterCR = false
        }
        out.append(String(current))
        return out
    }

    /// The 0-based index of a column named by its header name or its 1-based index.
    public func column(_ ref: String, option: String) throws -> Int {
        let ref = ref.trimmingCharacters(in: .whitespaces)
        if let h = header, let i = h.firstIndex(of: ref) {
            guard h.lastIndex(of: ref) == i else {
                throw ProblemError("\(option): '\(CSVText.quoted(ref))' names two columns of \(CSVText.quoted(name, limit: 240)) (use a 1-based index)")
            }
            return i
        }
        if let k = Int(ref), k >= 1, k <= width { return k - 1 }
        let names = header.map { "; header: " + CSVText.quoted($0.joined(separator: ","), limit: 200) } ?? " (the file has no header)"
        throw ProblemError("\(option): '\(CSVText.quoted(ref))' is not a column of \(CSVText.quoted(name, limit: 240)) (allowed: a header name or an index 1…\(width)\(names))")
    }
}

/// Text from a file or a user, made safe for a one-line message.
public enum CSVText {
    /// Control characters (NUL, CR, LF, tab, …, DEL) as `\xHH`; at most `limit` characters
    /// (a longer text ends in "...").
    public static func quoted(_ s: String, limit: Int = 60) -> String {
        var out = String.UnicodeScalarView()
        for ch in s.unicodeScalars {
            if ch.value < 0x20 || ch.value == 0x7F || (ch.value >= 0x80 && ch.value < 0xA0) {
                out.append(contentsOf: String(format: "\\x%02X", ch.value).unicodeScalars)
            } else {
                out.append(ch)
            }
            if out.count > limit + 8 { break }   // enough to know it is too long
        }
        guard out.count > limit else { return String(out) }
        return String(String.UnicodeScalarView(out.prefix(limit - 3))) + "..."
    }
}
