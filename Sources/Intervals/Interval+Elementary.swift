/// Rigorous enclosures of e^x − 1, log(1 + y), the logistic σ, tanh and softplus over an
/// interval argument with finite ends. Each function is monotone, so its image is the hull of
/// the enclosures at the two ends ("point enclosures", thin-interval arithmetic on a formula
/// that has no cancellation at that point). Sound under IEEE double with round to nearest and
/// PortableMath's exp/log within the relative slack `transcendentalSlack` (see `exp`).
extension Interval {
    /// e^y − 1 at a double y: a Taylor polynomial with Lagrange remainder for |y| ≤ ½ (no
    /// cancellation and no PortableMath), exp(y) − 1 otherwise (|e^y − 1| ≥ 0.39 there).
    public static func expm1Point(_ y: Double) -> Interval {
        if Swift.abs(y) > 0.5 { return Interval(y).exp - Interval(1) }
        // y·(1 + y/2·(1 + y/3·(… (1 + y/17)))) with remainder |R| ≤ e^½|y|¹⁸/18! ≤ |y|·2⁻⁶⁶.
        let x = Interval(y)
        var p = Interval(1)
        for k in stride(from: 17, through: 2, by: -1) { p = Interval(1) + (x / Interval(Double(k))) * p }
        let r = (Swift.abs(y) * 0x1p-66).nextUp
        return x * p + Interval.symmetric(r)
    }

    /// log(1 + y) at a double y ≥ 0: the alternating series (partial sums bracket the value, the
    /// error is below the first omitted term y³¹/31 ≤ y·2⁻⁶⁴) for y ≤ ¼, PortableMath log beyond.
    public static func log1pPoint(_ y: Double) -> Interval {
        precondition(y >= 0, "log1pPoint needs y ≥ 0")
        if y > 0.25 { return (Interval(1) + Interval(y)).log.clamped(0, .infinity) }
        let x = Interval(y)
        var q = Interval(1) / Interval(30)
        for k in stride(from: 29, through: 1, by: -1) { q = Interval(1) / Interval(Double(k)) - x * q }
        let r = (y * 0x1p-64).nextUp
        return (x * q + Interval.symmetric(r)).clamped(0, y)   // 0 ≤ log(1 + y) ≤ y
    }

    /// e^{−|a|} ∈ (0, 1], the only exponential the activations need (never overflows).
    static func expNegAbs(_ a: Double) -> Interval { Interval(-Swift.abs(a)).exp.clamped(0, 1) }

    /// σ(a) = 1/(1 + e^{−a}) at a double: 1/(1 + e) for a ≥ 0 and e/(1 + e) below, e = e^{−|a|};
    /// both are monotone in e, so the ends of e's enclosure give the ends of σ's.
    public static func sigmoidPoint(_ a: Double) -> Interval {
        let e = expNegAbs(a), one = Interval(1)
        if a >= 0 {
            return Interval((one / (one + Interval(e.hi))).lo, (one / (one + Interval(e.lo))).hi).clamped(0, 1)
        }
        let lo = (Interval(e.lo) / (one + Interval(e.lo))).lo, hi = (Interval(e.hi) / (one + Interval(e.hi))).hi
        return Interval(lo, hi).clamped(0, 1)
    }

    /// tanh(a) at a double: −t/(2 + t) with t = e^{−2|a|} − 1 (decreasing in t), odd extension;
    /// for |a| ≥ 20, 1 − tanh|a| < 2e^{−40} < ulp(1)/2, so tanh|a| ∈ [1⁻, 1].
    public static func tanhPoint(_ a: Double) -> Interval {
        if a < 0 { return -tanhPoint(-a) }
        if a >= 20 { return Interval(Double(1).nextDown, 1) }
        let t = expm1Point(-2 * a)   // exact doubling for a < 20
        let two = Interval(2)
        let lo = (-Interval(t.hi) / (two + Interval(t.hi))).lo, hi = (-Interval(t.lo) / (two + Interval(t.lo))).hi
        return Interval(lo, hi).clamped(0, Swift.min(1, a))   // 0 ≤ tanh a ≤ min(1, a)
    }

    /// softplus(a) = log(1 + e^a) = max(a, 0) + log(1 + e^{−|a|}); log1p is increasing in its
    /// argument, and max(a, 0) < softplus(a) ≤ max(a, 0) + e^{−|a|}.
    public static func softplusPoint(_ a: Double) -> Interval {
        let e = expNegAbs(a)
        let l = Interval(log1pPoint(e.lo).lo, log1pPoint(e.hi).hi)
        let base = Swift.max(a, 0)
        return (Interval(base) + l).clamped(base, .infinity)
    }

    /// sech²(a) = tanh'(a) = 4w/(1 + w)² with w = e^{−2|a|} ∈ (0, 1], increasing in w
    /// (no 1 − tanh² cancellation for large |a|).
    public static func sech2Point(_ a: Double) -> Interval {
        let w = (Interval(-2) * Interval(Swift.abs(a))).exp.clamped(0, 1)
        func h(_ w: Double) -> Interval { Interval(4) * Interval(w) / (Interval(1) + Interval(w)).squared }
        return Interval(h(w.lo).lo, h(w.hi).hi).clamped(0, 1)
    }

    /// The image of an increasing function over the interval, from its point enclosures.
    @inlinable public func increasing(_ f: (Double) -> Interval) -> Interval {
        Interval(f(lo).lo, f(hi).hi)
    }

    /// σ over the interval (increasing).
    public var sigmoid: Interval { increasing(Interval.sigmoidPoint) }
    /// tanh over the interval (increasing).
    public var tanh: Interval { increasing(Interval.tanhPoint) }
    /// softplus = log(1 + e^x) over the interval (increasing).
    public var softplus: Interval { increasing(Interval.softplusPoint) }
    /// softplus' = σ.
    public var softplusDerivative: Interval { sigmoid }
    /// tanh' = 1 − tanh² = sech²: even, decreasing in |x|, maximum 1 at 0.
    public var tanhDerivative: Interval {
        let a = Interval.sech2Point(lo), b = Interval.sech2Point(hi)
        let h = Interval(Swift.min(a.lo, b.lo), Swift.max(a.hi, b.hi))
        return lo <= 0 && hi >= 0 ? Interval(h.lo, 1) : h
    }
}
