import Intervals

/// Upper bounds on norms of every member of an interval matrix, rounded upward, for the
/// perturbation bounds of the eigenvalue and linear-system enclosures.
extension IntervalMatrix {
    /// ≥ ‖A‖_F for every A ∈ [A]. Entries are scaled by the power of two 2^e ≤ max|a_ij| < 2^{e+1} first
    /// (exact, or off by one subnormal ulp that the upward step covers), so squares of tiny
    /// entries (1e-170) do not underflow to a bound of ~1e-162, and huge ones do not overflow.
    public var frobeniusUpperBound: Double { IntervalMatrix.frobeniusUpperBound(storage.map { $0.magnitudeUpperBound }) }

    /// ≥ the Euclidean norm of every vector whose entries have magnitudes ≤ m_i (NaN → ∞).
    public static func frobeniusUpperBound(_ magnitudes: [Double]) -> Double {
        let top = magnitudes.reduce(0.0) { Swift.max($0, $1) }
        if magnitudes.contains(where: { $0.isNaN }) || top.isInfinite { return .infinity }
        if top == 0 { return 0 }
        // scale = 2^e ≤ top < 2^{e+1}: every m/scale < 2, so the squares neither over- nor underflow.
        let scale = Double(sign: .plus, exponent: top.exponent, significand: 1)
        var sum = Interval(0)
        for m in magnitudes where m > 0 {
            let q = (m / scale).nextUp
            sum = sum + Interval(q).squared
        }
        let root = sum.squareRoot.hi
        let r = root * scale
        return r.isFinite ? r.nextUp : .infinity
    }

    /// ≥ ‖A‖_∞ = max_i Σ_j |a_ij| for every A ∈ [A], rounded upward.
    public var infinityNormUpperBound: Double {
        var best = 0.0
        for i in 0..<rows {
            var s = Interval(0)
            for j in 0..<cols { s = s + Interval(self[i, j].magnitudeUpperBound) }
            if s.hi.isNaN { return .infinity }
            best = Swift.max(best, s.hi)
        }
        return best
    }

    /// ≥ max |x_i| for every x in the interval vector.
    public static func infinityNormUpperBound(_ x: [Interval]) -> Double {
        x.reduce(0.0) { Swift.max($0, $1.magnitudeUpperBound) }
    }
}
