import Foundation

/// A space or grid that cannot be read, with the reason in one line.
public struct SpaceError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The text forms of spaces and grid axes (README "Exploring"; Proofs/Exploration.md §1):
/// `name=lo..hi[:log]`, `name=a|b|c` and `name=value`, joined by commas; a JSON object
/// `{"tau": "1e-6..1:log", …}` in a file holds the same entries.
public enum SpaceSyntax {
    public static func parse(_ text: String) throws -> Space {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !(entries.count == 1 && entries[0].trimmingCharacters(in: .whitespaces).isEmpty) else {
            throw SpaceError("the space is empty (expected e.g. 'tau=1e-6..1:log,n=8..512:log')")
        }
        var dims: [SpaceDimension] = []
        for e in entries {
            let d = try dimension(e)
            guard !dims.contains(where: { $0.name == d.name }) else { throw SpaceError("'\(d.name)' appears twice in the space") }
            dims.append(d)
        }
        return Space(dims)
    }

    /// A JSON file whose object maps option names to entries in the text form.
    public static func load(path: String) throws -> Space {
        guard let data = FileManager.default.contents(atPath: path) else { throw SpaceError("cannot read the space file '\(quoted(path))'") }
        guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SpaceError("the space file '\(quoted(path))' is not a JSON object of option names to ranges")
        }
        var dims: [SpaceDimension] = []
        for key in obj.keys.sorted() {
            guard let v = obj[key] as? String else { throw SpaceError("space file: the value of '\(quoted(key))' is not a string such as \"1e-6..1:log\"") }
            dims.append(try dimension("\(key)=\(v)"))
        }
        guard !dims.isEmpty else { throw SpaceError("the space file '\(quoted(path))' has no entries") }
        return Space(dims)
    }

    /// One `name=…` entry.
    public static func dimension(_ entry: String) throws -> SpaceDimension {
        let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw SpaceError("'\(quoted(entry))' is not name=range (e.g. tau=1e-6..1:log, n=8..512, activation=silu|tanh)")
        }
        guard let knob = Knob.named(parts[0]) else {
            throw SpaceError("'\(quoted(parts[0]))' is not an option a space can vary\(suggestion(parts[0], Knob.names)) (allowed: \(Knob.names.joined(separator: ", ")))")
        }
        let body = parts[1]
        if case let .choice(allowed) = knob.type {
            let names = body.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            for n in names where !allowed.contains(n) {
                throw SpaceError("\(knob.name): '\(quoted(n))' is not allowed (\(knob.allowedDescription))")
            }
            guard Set(names).count == names.count else { throw SpaceError("\(knob.name): a choice is listed twice") }
            return SpaceDimension(knob.name, .choice(names))
        }
        var range = body, log = false
        if range.hasSuffix(":log") { log = true; range.removeLast(4) }
        let ends = range.components(separatedBy: "..")
        guard ends.count == 1 || ends.count == 2 else { throw SpaceError("\(knob.name): '\(quoted(body))' is not lo..hi[:log] or a single value") }
        let lo = try number(ends[0], knob), hi = try number(ends.count == 2 ? ends[1] : ends[0], knob)
        guard lo <= hi else { throw SpaceError("\(knob.name): the range \(quoted(body)) is empty (lower end above upper)") }
        if log && !(lo > 0) { throw SpaceError("\(knob.name): a log range needs a positive lower end, got \(lo)") }
        if case .integer = knob.type { return SpaceDimension(knob.name, .integer(lower: Int(lo), upper: Int(hi), log: log)) }
        return SpaceDimension(knob.name, .real(lower: lo, upper: hi, log: log))
    }

    static func number(_ s: String, _ knob: Knob) throws -> Double {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard let x = Double(t), x.isFinite else { throw SpaceError("\(knob.name): '\(quoted(t))' is not a number") }
        guard knob.allows(.number(x)) else { throw SpaceError("\(knob.name): \(quoted(t)) is out of range (\(knob.allowedDescription))") }
        return x
    }

    /// A grid axis `name=lo..hi:count[:log]` (for `map`), as a dimension and its cell count.
    public static func axis(_ text: String) throws -> (dimension: SpaceDimension, count: Int) {
        var body = text, log = false
        if body.hasSuffix(":log") { log = true; body.removeLast(4) }
        guard let colon = body.lastIndex(of: ":"), let count = Int(body[body.index(after: colon)...]) else {
            throw SpaceError("axis '\(quoted(text))' is not name=lo..hi:count[:log] (e.g. tau=1e-6..1:9:log)")
        }
        guard (1...64).contains(count) else { throw SpaceError("axis '\(quoted(text))': the count must lie in [1, 64], got \(count)") }
        let d = try dimension(String(body[..<colon]) + (log ? ":log" : ""))
        if case .choice = d.kind { throw SpaceError("axis '\(quoted(text))': a map axis needs a numeric option") }
        return (d, count)
    }

    /// The closest allowed name, as " (did you mean 'x'?)", when one is close.
    public static func suggestion(_ s: String, _ names: [String], prefix: String = "") -> String {
        let best = names.map { ($0, editDistance(s.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let (name, d) = best, d <= max(2, s.count / 3) else { return "" }
        return " (did you mean '\(prefix)\(name)'?)"
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions each cost 1 (so "tua" is one edit from "tau").
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }

    /// A user's text shown in a message: at most 60 characters, control characters escaped.
    public static func quoted(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            if ch.value < 0x20 || ch.value == 0x7F { out += String(format: "\\x%02X", ch.value) } else { out.unicodeScalars.append(ch) }
        }
        return out.count > 60 ? String(out.prefix(57)) + "..." : out
    }
}
