import Foundation

/// Student's t distribution with ν degrees of freedom: density, distribution function by
/// quadrature, and quantiles by safeguarded Newton iteration (exact to ~1e-12, not a table).
public enum StudentT {
    public static func density(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        exp(logDensityConstant(nu) - (Double(nu) + 1) / 2 * log1p(t * t / Double(nu)))
    }

    static func logDensityConstant(_ nu: Int) -> Double {
        let v = Double(nu)
        return lgamma((v + 1) / 2) - lgamma(v / 2) - 0.5 * log(v * Double.pi)
    }

    /// F(t) = ½ + ∫₀ᵗ density, composite Simpson with 4000 panels after the substitution
    /// t = tan θ (so the heavy ν = 1 tail is integrated on a bounded interval).
    public static func cdf(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        if t < 0 { return 1 - cdf(-t, degreesOfFreedom: nu) }
        let c0 = logDensityConstant(nu), v = Double(nu)
        let top = atan(t)
        let panels = 4000
        let h = top / Double(panels)
        func f(_ th: Double) -> Double {
            let c = cos(th), x = tan(th)
            return exp(c0 - (v + 1) / 2 * log1p(x * x / v)) / (c * c)
        }
        var s = f(0) + f(top)
        for i in 1..<panels { s += f(Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        return 0.5 + s * h / 3
    }

    /// The q-quantile (q > ½): Newton's method on the CDF, kept inside a bisection bracket.
    public static func quantile(_ q: Double, degreesOfFreedom nu: Int) -> Double {
        var lo = 0.0, hi = 1.0
        while cdf(hi, degreesOfFreedom: nu) < q && hi < 1e8 { lo = hi; hi *= 2 }
        var x = (lo + hi) / 2
        for _ in 0..<100 {
            let g = cdf(x, degreesOfFreedom: nu) - q
            if g < 0 { lo = x } else { hi = x }
            var next = x - g / density(x, degreesOfFreedom: nu)
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - x) <= 1e-12 * max(1, x) { return next }
            x = next
        }
        return x
    }
}
