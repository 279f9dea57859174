import Foundation

/// A typed string id: the tag keeps theorem ids and reading ids apart at compile time.
public struct Identifier<Tag>: Hashable, Comparable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (a: Identifier, b: Identifier) -> Bool { a.rawValue < b.rawValue }
}

public enum TheoremTag {}
public enum ReadingTag {}

/// A theorem's stable id, as `--theorems` takes it and baselines key it.
public typealias TheoremID = Identifier<TheoremTag>
/// One reading of a theorem's statement (which of several meanings of a symbol we evaluate).
public typealias ReadingID = Identifier<ReadingTag>

extension Identifier where Tag == ReadingTag {
    /// The placeholder reading of a failure that happened before any reading could be evaluated.
    public static var all: ReadingID { "all" }
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
