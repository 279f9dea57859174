import Foundation
import PortableMath

/// One coordinate of a space of instances: a run option (named as on the command line, e.g.
/// `tau`, `n`, `alpha-bar`) with a range and how to draw from it. Every dimension maps the unit
/// interval onto its values, so sampling, local moves and grids all work in [0, 1].
public struct SpaceDimension: Sendable, Codable, Equatable {
    public enum Kind: Sendable, Codable, Equatable {
        /// A real in [lower, upper]; `log` draws log-uniformly (scales such as τ and μ).
        case real(lower: Double, upper: Double, log: Bool)
        /// An integer in [lower, upper]; `log` draws log-uniformly (sizes such as n).
        case integer(lower: Int, upper: Int, log: Bool)
        /// One of a list of names (activation, M_g owner, regularizer).
        case choice([String])
    }

    public var name: String
    public var kind: Kind

    public init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The value at u ∈ [0, 1] (u is clamped).
    public func value(at u: Double) -> Value {
        let u = min(max(u, 0), 1)
        switch kind {
        case let .real(lo, hi, log):
            return .number(log ? Self.logInterpolate(lo, hi, u) : lo + (hi - lo) * u)
        case let .integer(lo, hi, log):
            let x = log ? Self.logInterpolate(Double(lo), Double(hi), u) : Double(lo) + Double(hi - lo) * u
            return .number(min(max(x.rounded(), Double(lo)), Double(hi)))
        case let .choice(names):
            return .text(names[min(names.count - 1, Int(u * Double(names.count)))])
        }
    }

    /// Whether v lies in this dimension's range (or is one of its choices).
    public func contains(_ v: Value) -> Bool {
        switch (kind, v) {
        case let (.real(lo, hi, _), .number(x)): return x >= lo && x <= hi
        case let (.integer(lo, hi, _), .number(x)): return x >= Double(lo) && x <= Double(hi)
        case let (.choice(names), .text(s)): return names.contains(s)
        default: return false
        }
    }

    /// The unit coordinate of a value (the inverse of `value(at:)` up to rounding).
    public func unit(of v: Value) -> Double {
        switch (kind, v) {
        case let (.real(lo, hi, log), .number(x)):
            return Self.unitOf(x, lo, hi, log)
        case let (.integer(lo, hi, log), .number(x)):
            return Self.unitOf(x, Double(lo), Double(hi), log)
        case let (.choice(names), .text(s)):
            let k = names.firstIndex(of: s) ?? 0
            return (Double(k) + 0.5) / Double(names.count)
        default:
            return 0.5
        }
    }

    static func logInterpolate(_ lo: Double, _ hi: Double, _ u: Double) -> Double {
        if u <= 0 { return lo }
        if u >= 1 { return hi }
        return PortableMath.exp(PortableMath.log(lo) + (PortableMath.log(hi) - PortableMath.log(lo)) * u)
    }

    static func unitOf(_ x: Double, _ lo: Double, _ hi: Double, _ log: Bool) -> Double {
        guard hi > lo else { return 0.5 }
        let u = log ? (PortableMath.log(x) - PortableMath.log(lo)) / (PortableMath.log(hi) - PortableMath.log(lo)) : (x - lo) / (hi - lo)
        return min(max(u, 0), 1)
    }
}

/// The value of one dimension at a point.
public enum Value: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public var description: String {
        switch self {
        case let .number(x):
            if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
            return "\(x)"
        case let .text(s): return s
        }
    }
}

/// A point of a space: one value per dimension, in the space's order.
public struct Point: Sendable, Codable, Equatable, Hashable {
    public var values: [String: Value]
    public init(_ values: [String: Value]) { self.values = values }
    public subscript(name: String) -> Value? { values[name] }
}

/// A box of instances: the dimensions an explorer samples and a map lays on its axes. Written
/// `name=lo..hi[:log]`, `name=a|b|c` or `name=value`, joined by commas, e.g.
/// `tau=1e-6..1:log,n=8..512:log,m=4..64,activation=silu|tanh` (Proofs/Exploration.md §1).
public struct Space: Sendable, Codable, Equatable {
    public var dimensions: [SpaceDimension]
    public init(_ dimensions: [SpaceDimension]) { self.dimensions = dimensions }

    public var names: [String] { dimensions.map(\.name) }

    /// The smallest value an integer dimension takes (nil: no such dimension).
    public func lowest(_ name: String) -> Int? {
        guard let d = dimensions.first(where: { $0.name == name }), case let .integer(lo, _, _) = d.kind else { return nil }
        return lo
    }

    /// The point at unit coordinates u (one per dimension).
    public func point(at u: [Double]) -> Point {
        Point(Dictionary(uniqueKeysWithValues: zip(dimensions, u).map { ($0.name, $0.value(at: $1)) }))
    }

    public func unitCoordinates(of p: Point) -> [Double] {
        dimensions.map { d in p[d.name].map { d.unit(of: $0) } ?? 0.5 }
    }

    /// This space with the dimensions of `other` replacing (or adding to) its own.
    public func overridden(by other: Space) -> Space {
        var out = dimensions.filter { d in !other.dimensions.contains { $0.name == d.name } }
        out += other.dimensions
        return Space(out)
    }
}
