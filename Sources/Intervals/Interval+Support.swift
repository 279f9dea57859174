/// Helpers shared by the elementary functions and by clients (`Verified`): outward rounding of a
/// computed pair, hulls, magnitudes and clamps. None changes the existing operations' bits.
extension Interval {
    /// [a↓, b↑]: each end moved one floating-point number outward (the rounding of `+ − × ÷`).
    @inlinable public static func outward(_ a: Double, _ b: Double) -> Interval {
        Interval(a.nextDown, b.nextUp)
    }

    /// The smallest interval holding both (for a function's image over pieces of its argument).
    @inlinable public func hull(_ o: Interval) -> Interval {
        Interval(Swift.min(lo, o.lo), Swift.max(hi, o.hi))
    }

    /// max |x| over the interval, an upper bound on every member's magnitude; +∞ for a NaN end
    /// (Swift.max would drop a NaN and so understate a norm built from these).
    @inlinable public var magnitudeUpperBound: Double { lo.isNaN || hi.isNaN ? .infinity : Swift.max(-lo, hi) }

    /// The radius hi − mid rounded up, so [mid − r, mid + r] ⊇ self.
    @inlinable public var radiusUpperBound: Double {
        let m = mid
        return Swift.max((hi - m).nextUp, (m - lo).nextUp)
    }

    /// True when the two intervals share a point.
    @inlinable public func intersects(_ o: Interval) -> Bool { lo <= o.hi && o.lo <= hi }

    /// The interval with its ends pulled into [a, b]: used where the exact value is known to lie
    /// in [a, b] (σ ∈ [0, 1], e^x ≥ 0), so clamping keeps it and removes rounding spill-over.
    @inlinable public func clamped(_ a: Double, _ b: Double) -> Interval {
        Interval(Swift.min(Swift.max(lo, a), b), Swift.max(Swift.min(hi, b), a))
    }

    /// The symmetric interval [−r, r].
    @inlinable public static func symmetric(_ r: Double) -> Interval { Interval(-r, r) }
}
