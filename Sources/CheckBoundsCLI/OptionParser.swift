import Exploration
import Foundation

/// A small command-line parser (the project takes no package dependencies). Every option is
/// declared with its default and help, so `--help` lists them all and an unknown or
/// malformed option is refused with one line naming it.
public struct UsageError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public struct OptionSpec: Sendable {
    public let name: String
    public let valueName: String?   // nil: a flag
    public let defaultDescription: String
    public let help: String

    public init(_ name: String, _ valueName: String?, default d: String, _ help: String) {
        self.name = name
        self.valueName = valueName
        self.defaultDescription = d
        self.help = help
    }
}

public struct ParsedOptions {
    public var values: [String: String] = [:]
    public var flags: Set<String> = []
    public var positionals: [String] = []

    public func string(_ name: String) -> String? { values[name] }
    public func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }

    public func int(_ name: String, min lower: Int? = nil, max upper: Int? = nil) throws -> Int? {
        guard let s = values[name] else { return nil }
        return try Self.integer(s, option: name, min: lower, max: upper)
    }

    /// One integer: a digit string too long for Int says it is out of range, not "not an integer".
    static func integer(_ s: String, option name: String, min lower: Int?, max upper: Int?) throws -> Int {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard let v = Int(t) else {
            let digits = t.drop { $0 == "-" || $0 == "+" }
            if !digits.isEmpty && digits.allSatisfy(\.isNumber) {
                throw UsageError("--\(name): \(SpaceSyntax.quoted(t)) is out of range (at most \(upper ?? Int.max))")
            }
            throw UsageError("--\(name): '\(SpaceSyntax.quoted(t))' is not an integer")
        }
        if let lower, v < lower { throw UsageError("--\(name): \(v) is below the allowed minimum \(lower)") }
        if let upper, v > upper { throw UsageError("--\(name): \(v) is above the allowed maximum \(upper)") }
        return v
    }

    public func double(_ name: String) throws -> Double? {
        guard let s = values[name] else { return nil }
        guard let v = Double(s), v.isFinite else { throw UsageError("--\(name): '\(SpaceSyntax.quoted(s))' is not a finite number") }
        return v
    }

    /// A comma-separated list of numbers, e.g. `--tau 1e-3,1e-2`.
    public func doubles(_ name: String) throws -> [Double]? {
        guard let s = values[name] else { return nil }
        let parts = s.split(separator: ",", omittingEmptySubsequences: false)
        let out = try parts.map { p in
            guard let v = Double(p.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw UsageError("--\(name): '\(SpaceSyntax.quoted(String(p)))' is not a finite number (expected a comma-separated list of numbers)")
            }
            return v
        }
        try Self.noRepeats(out, option: name)
        return out
    }

    public func ints(_ name: String, min lower: Int? = nil, max upper: Int? = nil) throws -> [Int]? {
        guard let s = values[name] else { return nil }
        let out = try s.split(separator: ",", omittingEmptySubsequences: false).map { p in
            guard !p.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw UsageError("--\(name): an empty entry in '\(SpaceSyntax.quoted(s))' (expected a comma-separated list of integers)")
            }
            return try Self.integer(String(p), option: name, min: lower, max: upper)
        }
        try Self.noRepeats(out, option: name)
        return out
    }

    /// A list that names a value twice would count an instance twice.
    static func noRepeats<T: Hashable & CustomStringConvertible>(_ xs: [T], option name: String) throws {
        var seen = Set<T>()
        for x in xs where !seen.insert(x).inserted { throw UsageError("--\(name): \(x) is listed twice") }
    }

    public func choice(_ name: String, _ allowed: [String]) throws -> String? {
        guard let s = values[name] else { return nil }
        guard allowed.contains(s) else {
            throw UsageError("--\(name): '\(SpaceSyntax.quoted(s))' is not allowed\(SpaceSyntax.suggestion(s, allowed)) (allowed: \(allowed.joined(separator: ", ")))")
        }
        return s
    }
}

public enum OptionParser {
    public static func parse(_ args: [String], specs: [OptionSpec]) throws -> ParsedOptions {
        var out = ParsedOptions()
        var i = 0
        let byName = Dictionary(specs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        while i < args.count {
            let a = args[i]
            if a.hasPrefix("--") {
                var name = String(a.dropFirst(2))
                var inlineValue: String? = nil
                if let eq = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                guard let spec = byName[name] else {
                    throw UsageError("unknown option '--\(SpaceSyntax.quoted(name))'\(SpaceSyntax.suggestion(name, specs.map(\.name), prefix: "--")) (see --help for the options)")
                }
                if spec.valueName == nil {
                    if inlineValue != nil { throw UsageError("--\(name) takes no value") }
                    guard out.flags.insert(name).inserted else { throw UsageError("--\(name) is given twice (give it once)") }
                } else {
                    let v: String
                    if let inlineValue { v = inlineValue } else {
                        guard i + 1 < args.count else { throw UsageError("--\(name) needs a value (\(spec.valueName!))") }
                        // "--tau --m 20": the next word is an option, not τ's value.
                        guard !args[i + 1].hasPrefix("--") else {
                            throw UsageError("--\(name) needs a value (\(spec.valueName!)); '\(SpaceSyntax.quoted(args[i + 1]))' is an option")
                        }
                        i += 1
                        v = args[i]
                    }
                    if v.isEmpty { throw UsageError("--\(name) needs a non-empty value (\(spec.valueName!))") }
                    guard out.values[name] == nil else { throw UsageError("--\(name) is given twice (give it once)") }
                    out.values[name] = v
                }
            } else if a.hasPrefix("-") && a.count > 1 && Double(a) == nil {
                throw UsageError("unknown option '\(SpaceSyntax.quoted(a))' (options are spelled --name; see --help)")
            } else {
                out.positionals.append(a)
            }
            i += 1
        }
        return out
    }

    public static func help(_ specs: [OptionSpec]) -> String {
        let rows = specs.map { s -> (String, String) in
            ("--" + s.name + (s.valueName.map { " " + $0 } ?? ""), s.help + (s.defaultDescription.isEmpty ? "" : " [default: \(s.defaultDescription)]"))
        }
        let w = rows.map { $0.0.count }.max() ?? 0
        return rows.map { "  " + $0.0.padding(toLength: w + 2, withPad: " ", startingAt: 0) + $0.1 }.joined(separator: "\n")
    }
}
