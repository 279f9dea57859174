import Foundation

/// A theorem's stable id, as `--theorems` takes it and baselines key it.
public struct TheoremID: Hashable, Comparable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (a: TheoremID, b: TheoremID) -> Bool { a.rawValue < b.rawValue }
}

/// One reading of a theorem's statement (which of several meanings of a symbol we evaluate).
public struct ReadingID: Hashable, Comparable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (a: ReadingID, b: ReadingID) -> Bool { a.rawValue < b.rawValue }

    /// The placeholder reading of a failure that happened before any reading could be evaluated.
    public static let all: ReadingID = "all"
}

/// Outcome counts over sub-instances (steps, ε values), keyed by outcome.
public typealias OutcomeCounts = [Outcome: Int]

extension Outcome: CodingKeyRepresentable {
    public var codingKey: CodingKey { AnyKey(rawValue) }
    public init?<T: CodingKey>(codingKey: T) { self.init(rawValue: codingKey.stringValue) }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Dictionary where Key == Outcome, Value == Int {
    /// Sub-instances counted, whatever their outcome.
    public var total: Int { values.reduce(0, +) }
}
