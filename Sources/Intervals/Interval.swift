import PortableMath

/// A closed interval [lo, hi] of reals with outward rounding: every operation rounds to nearest
/// and then moves each end one floating-point number outward (`nextDown`/`nextUp`). In
/// round-to-nearest the exact result lies between the two neighbours of the rounded one, so the
/// returned interval contains the exact image of the operands (Proofs/GSCCertification.md §5).
/// `exp` and `log` go through `PortableMath` (a few ulps, checked against Float80) and are widened
/// by the relative margin `transcendentalSlack` = 2⁻⁴⁰ on top.
public struct Interval: Sendable, Equatable, CustomStringConvertible {
    public var lo: Double
    public var hi: Double

    public static let transcendentalSlack = 0x1p-40

    public init(_ lo: Double, _ hi: Double) { self.lo = lo; self.hi = hi }
    public init(_ x: Double) { lo = x; hi = x }

    public var width: Double { hi - lo }
    public var mid: Double { lo + (hi - lo) / 2 }
    public var description: String { "[\(lo), \(hi)]" }
    public func contains(_ x: Double) -> Bool { lo <= x && x <= hi }

    @inline(__always) static func out(_ a: Double, _ b: Double) -> Interval {
        Interval(a.nextDown, b.nextUp)
    }

    public static func + (x: Interval, y: Interval) -> Interval { out(x.lo + y.lo, x.hi + y.hi) }
    public static func - (x: Interval, y: Interval) -> Interval { out(x.lo - y.hi, x.hi - y.lo) }
    public static prefix func - (x: Interval) -> Interval { Interval(-x.hi, -x.lo) }   // exact
    public static func * (x: Interval, y: Interval) -> Interval {
        let a = x.lo * y.lo, b = x.lo * y.hi, c = x.hi * y.lo, d = x.hi * y.hi
        return out(min(min(a, b), min(c, d)), max(max(a, b), max(c, d)))
    }
    /// Division; a divisor containing 0 gives (−∞, ∞).
    public static func / (x: Interval, y: Interval) -> Interval {
        if y.lo <= 0 && y.hi >= 0 { return Interval(-.infinity, .infinity) }
        let a = x.lo / y.lo, b = x.lo / y.hi, c = x.hi / y.lo, d = x.hi / y.hi
        return out(min(min(a, b), min(c, d)), max(max(a, b), max(c, d)))
    }
    public static func + (x: Interval, c: Double) -> Interval { x + Interval(c) }
    public static func * (c: Double, x: Interval) -> Interval { Interval(c) * x }

    /// x² (tight when x straddles 0).
    public var squared: Interval {
        if lo >= 0 { return Interval.out(lo * lo, hi * hi) }
        if hi <= 0 { return Interval.out(hi * hi, lo * lo) }
        return Interval(0, (max(-lo, hi) * max(-lo, hi)).nextUp)
    }
    public var magnitude: Interval {
        if lo >= 0 { return self }
        if hi <= 0 { return -self }
        return Interval(0, max(-lo, hi))
    }
    public var squareRoot: Interval {
        Interval(max(0, lo).squareRoot().nextDown.clampedNonNegative, hi.squareRoot().nextUp)
    }
    public var exp: Interval {
        let a = PortableMath.exp(lo), b = PortableMath.exp(hi)
        return Interval(max(0, (a * (1 - Interval.transcendentalSlack)).nextDown),
                        b.isInfinite ? b : (b * (1 + Interval.transcendentalSlack)).nextUp)
    }
    /// log on the positive part; an interval reaching 0 has lo = −∞.
    public var log: Interval {
        let a = lo <= 0 ? -Double.infinity : PortableMath.log(lo)
        let b = PortableMath.log(hi)
        let s = Interval.transcendentalSlack
        return Interval((a - s * abs(a) - 1e-300).nextDown, (b + s * abs(b) + 1e-300).nextUp)
    }
    /// x^y for x ≥ 0 as exp(y·log x); 0^y = 0 for y > 0.
    public func pow(_ y: Double) -> Interval {
        if y == 0 { return Interval(1) }
        if hi <= 0 { return Interval(0) }
        if lo <= 0 {
            // Monotone on [0, hi]: increasing for y > 0, unbounded for y < 0.
            if y > 0 { return Interval(0, Interval(hi).pow(y).hi) }
            return Interval(Interval(hi).pow(y).lo, .infinity)
        }
        return (Interval(y) * self.log).exp
    }
}

extension Double {
    var clampedNonNegative: Double { self < 0 ? 0 : self }
}
