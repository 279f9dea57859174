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
    /// Cells that are not finite numbers, read with `allowText` (they are NaN in `rows`): a
    /// column that holds one may be read only if no run uses it.
    public var nonNumeric: [(row: Int, column: Int, text: String)] = []

    public static func == (a: CSVTable, b: CSVTable) -> Bool {
        a.name == b.name && a.header == b.header && a.rows.count == b.rows.count
            && zip(a.rows, b.rows).allSatisfy { zip($0, $1).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } } && a.lines == b.lines
    }

    init(name: String, header: [String]?, rows: [[Double]], lines: [Int], nonNumeric: [(row: Int, column: Int, text: String)] = []) {
        self.name = name
        self.header = header
        self.rows = rows
        self.lines = lines
        self.nonNumeric = nonNumeric
    }

    public var width: Int { rows.first?.count ?? header?.count ?? 0 }

    public static func read(path: String, allowText: Bool = false) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProblemError("\(CSVText.quoted(path, limit: 240)): cannot read the file (missing or not readable)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ProblemError("\(CSVText.quoted(path, limit: 240)): not UTF-8 text")
        }
        return try parse(text, name: path, allowText: allowText)
    }

    /// Fields may be quoted as RFC 4180 says ("3.0", "a,b", "say ""hi"""), and a quoted field may
    /// span lines (a line break inside quotes is part of the field; the row is numbered by its first line).
    /// With `allowText` a non-numeric cell is kept as NaN and recorded, for the caller to refuse
    /// only if a used column holds one.
    public static func parse(_ text: String, name rawName: String, allowText: Bool = false) throws -> CSVTable {
        let name = CSVText.quoted(rawName, limit: 240)
        var header: [String]? = nil
        var rows: [[Double]] = []
        var lines: [Int] = []
        var sawFirst = false
        var nonNumeric: [(row: Int, column: Int, text: String)] = []
        let all = splitLines(text)
        var next = 0
        while next < all.count {
            let index = next
            var line = all[next].trimmingCharacters(in: .whitespaces)
            next += 1
            if line.isEmpty { continue }
            // An unclosed quote continues on the next line (RFC 4180: a quoted field may hold a line break).
            var split = splitCells(line)
            while split == nil && next < all.count {
                line += "\n" + all[next]
                next += 1
                split = splitCells(line)
            }
            guard let cells = split else {
                throw ProblemError("\(name): line \(index + 1): a quoted field is not closed by the end of the file (quote a field as \"...\", with \"\" for a quote inside)")
            }
            if !sawFirst {
                sawFirst = true
                if cells.allSatisfy({ Double($0) == nil }) { header = cells; continue }
            }
            var values: [Double] = []
            values.reserveCapacity(cells.count)
            for (c, cell) in cells.enumerated() {
                guard let v = Double(cell), v.isFinite else {
                    if allowText { nonNumeric.append((rows.count, c, cell)); values.append(.nan); continue }
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
        return CSVTable(name: rawName, header: header, rows: rows, lines: lines, nonNumeric: nonNumeric)
    }

    /// One line's fields, trimmed, quotes removed (RFC 4180 within a line); nil for an unclosed quote.
    public static func splitCells(_ line: String) -> [String]? {
        var cells: [String] = [], current = "", quoted = false, inQuotes = false
        var it = Array(line).makeIterator(), pending: Character? = nil
        while let ch = pending ?? it.next() {
            pending = nil
            if inQuotes {
                if ch == "\"" {
                    if let next = it.next() { if next == "\"" { current.append("\"") } else { inQuotes = false; pending = next } } else { inQuotes = false }
                } else { current.append(ch) }
            } else if ch == "," {
                cells.append(quoted ? current : current.trimmingCharacters(in: .whitespaces)); current = ""; quoted = false
            } else if ch == "\"" && current.trimmingCharacters(in: .whitespaces).isEmpty {
                current = ""; quoted = true; inQuotes = true
            } else if !(quoted && ch == " ") {
                current.append(ch)
            }
        }
        if inQuotes { return nil }
        cells.append(quoted ? current : current.trimmingCharacters(in: .whitespaces))
        return cells
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
        let hint = header.flatMap { Self.nearest(ref, $0) }.map { " (did you mean '\(CSVText.quoted($0))'?)" } ?? ""
        throw ProblemError("\(option): '\(CSVText.quoted(ref))' is not a column of \(CSVText.quoted(name, limit: 240))\(hint) (allowed: a header name or an index 1…\(width)\(names))")
    }
}

extension CSVTable {
    /// The header name nearest `ref` (case-insensitive edit distance at most a third of its
    /// length, at least 1 from three characters on, at most 3), for "did you mean".
    static func nearest(_ ref: String, _ names: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var prev = Array(0...b.count)
            for (i, x) in a.enumerated() {
                var row = [i + 1]
                for (j, y) in b.enumerated() { row.append(min(prev[j + 1] + 1, row[j] + 1, prev[j] + (x == y ? 0 : 1))) }
                prev = row
            }
            return prev[b.count]
        }
        let r = Array(ref.lowercased())
        let scored = names.map { ($0, distance(r, Array($0.lowercased()))) }.filter { $0.1 <= min(3, max(r.count / 3, r.count >= 3 ? 1 : 0)) }
        return scored.min { $0.1 < $1.1 }?.0
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
