/// SiLU, its derivative and ReLU over an interval argument (finite ends). SiLU and SiLU' are
/// not monotone: the image over [lo, hi] is the hull of the point enclosures at the two ends and
/// of the value at every critical point inside, and each critical point is known to lie in a
/// short bracket whose sign change is checked in interval arithmetic when first used.
extension Interval {
    /// A bracket holding the only zero of f' in a region, and an enclosure of f over it.
    public struct CriticalPoint: Sendable {
        public let bracket: Interval
        public let value: Interval
    }

    /// The hull of f at the ends and at the critical points whose brackets meet the interval:
    /// every extremum of f on [lo, hi] is at an end or at an interior zero of f'.
    public func image(_ f: (Double) -> Interval, critical: [CriticalPoint]) -> Interval {
        var r = f(lo).hull(f(hi))
        for c in critical where c.bracket.intersects(self) { r = r.hull(c.value) }
        return r
    }

    /// Mean-value enclosure of f over a thin bracket: f(c) + f'(X)·(X − c), c the bracket's mid.
    static func meanValue(_ x: Interval, _ f: (Double) -> Interval, _ df: (Interval) -> Interval) -> Interval {
        let c = x.mid
        return f(c) + df(x) * (x - Interval(c))
    }

    /// silu(a) = a·σ(a); a·σ(a) lies between a and 0 (σ ∈ (0, 1)), which caps rounding spill.
    public static func siluPoint(_ a: Double) -> Interval {
        let v = Interval(a) * sigmoidPoint(a)
        return a >= 0 ? v.clamped(0, a) : v.clamped(a, 0)
    }

    /// silu'(a) = σ(a)(1 + a(1 − σ(a))) with 1 − σ(a) = σ(−a) (no cancellation for a ≫ 0).
    /// For a ≥ 50, 1 − e^{−a} ≤ silu'(a) ≤ 1 + a e^{−a} < 1 + ulp(1)/2; for a ≤ −50,
    /// silu'(a) ∈ (σ(a)(1 + a), 0) with |1 + a|σ(a) ≤ |a|e^a, below 2⁻¹⁰⁷⁴ once a ≤ −800.
    public static func siluDerivativePoint(_ a: Double) -> Interval {
        if a >= 50 { return Interval(Double(1).nextDown, Double(1).nextUp) }
        if a <= -800 { return Interval(-Double.leastNonzeroMagnitude, 0) }
        if a <= -50 {
            let m = (Interval(-a) * Interval(a).exp).hi   // ≥ |a|·σ(a) ≥ |1 + a|·σ(a)
            return Interval(-m, 0)
        }
        return naiveSiluDerivative(Interval(a))
    }

    /// Naive interval evaluation of silu' (always sound; tight on thin arguments away from x*).
    static func naiveSiluDerivative(_ x: Interval) -> Interval {
        let s = x.sigmoid
        return s * (Interval(1) + x * (-x).sigmoid)
    }

    /// Naive interval evaluation of silu'' = σ(x)σ(−x)(2 − x·tanh(x/2)).
    static func naiveSiluSecondDerivative(_ x: Interval) -> Interval {
        x.sigmoid * (-x).sigmoid * (Interval(2) - x * (x / Interval(2)).tanh)
    }

    /// silu' = 0 ⇔ h(x) = 1 + x·σ(−x) = 0: one root x* ≈ −1.2784645428 (h < 0 below, h > 0
    /// above: h is increasing on x < 0 and positive on x ≥ 0). silu(x*) = x* + 1.
    public static let siluMinimum: CriticalPoint = {
        let b = Interval(-1.278464543, -1.278464542)
        func h(_ x: Double) -> Interval { Interval(1) + Interval(x) * sigmoidPoint(-x) }
        precondition(h(b.lo).hi < 0 && h(b.hi).lo > 0, "SiLU minimum bracket not verified")
        return CriticalPoint(bracket: b, value: meanValue(b, siluPoint, naiveSiluDerivative))
    }()

    /// silu'' = 0 ⇔ g(x) = 2 − x·tanh(x/2) = 0: g is even and decreasing on x > 0, so its roots
    /// are ±c, c ≈ 2.3993572805 (maximum of silu' at c, minimum at −c).
    public static let siluDerivativeExtrema: [CriticalPoint] = {
        let b = Interval(2.39935728, 2.39935729)
        func g(_ x: Double) -> Interval { Interval(2) - Interval(x) * tanhPoint(x / 2) }
        precondition(g(b.lo).lo > 0 && g(b.hi).hi < 0, "SiLU' extremum bracket not verified")
        return [b, -b].map { CriticalPoint(bracket: $0, value: meanValue($0, siluDerivativePoint, naiveSiluSecondDerivative)) }
    }()

    /// silu(x) = x·σ(x) over the interval.
    public var silu: Interval { image(Interval.siluPoint, critical: [Interval.siluMinimum]) }
    /// silu'(x) = σ(x)(1 + x(1 − σ(x))) over the interval.
    public var siluDerivative: Interval { image(Interval.siluDerivativePoint, critical: Interval.siluDerivativeExtrema) }
    /// relu(x) = max(x, 0), exact (max is exact in floating point).
    public var relu: Interval { Interval(Swift.max(lo, 0), Swift.max(hi, 0)) }
    /// relu' as a step: 0 below 0, 1 above, and [0, 1] (both one-sided values) when 0 is inside.
    public var reluDerivative: Interval { hi < 0 ? Interval(0) : (lo > 0 ? Interval(1) : Interval(0, 1)) }
}
