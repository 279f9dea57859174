import PortableMath

/// The functions of generalized self-concordance, the one implementation the trajectory
/// checks (Quantities, Theorems) and the certification (GSCCertification) share; portable
/// elementary functions only, so their values are the same on every IEEE-754 machine (Sun & Tran-Dinh, "Generalized
/// self-concordant functions: a recipe for Newton-type methods", Math. Program. 2019,
/// arXiv 1703.04599; Proofs/GSC.md states them with their numbers).
public enum GSCFunctions {
    /// d_ν(x, y) = M‖y−x‖₂ for ν = 2, and (ν/2 − 1)·M·‖y−x‖₂^{3−ν}·‖y−x‖_x^{ν−2} for ν > 2.
    public static func dNu(nu: Double, M: Double, euclidean: Double, local: Double) -> Double {
        if nu == 2 { return M * euclidean }
        return (nu / 2 - 1) * M * PortableMath.pow(euclidean, 3 - nu) * PortableMath.pow(local, nu - 2)
    }

    /// ω_ν(τ):  (e^τ − τ − 1)/τ² (ν = 2);  (−τ − ln(1−τ))/τ² (ν = 3);
    /// ((1−τ)ln(1−τ) + τ)/τ² (ν = 4);  otherwise
    /// ((ν−2)/(4−ν))·(1/τ)·[ (ν−2)/(2(3−ν)τ)·((1−τ)^{2(3−ν)/(2−ν)} − 1) − 1 ].
    /// Equivalently ω_ν(τ) = ∫₀¹ (1−s)(1−sτ)^{−2/(ν−2)} ds (ν > 2) and ∫₀¹ (1−s)e^{sτ} ds (ν = 2):
    /// the integral of the GSC Hessian bound along the segment (Proofs/GSC.md §2), which the
    /// tests use as an independent check. Defined for τ < 1 when ν > 2 (and at τ = 1 when ν > 3);
    /// +∞ elsewhere, where the GSC bound says nothing.
    ///
    /// Evaluated by its power series Σ_{k≥2} c_k τ^{k−2} for |τ| < 0.25 (the closed forms cancel
    /// catastrophically near 0), and by the closed forms elsewhere.
    public static func omega(nu: Double, _ tau: Double) -> Double {
        if tau.isNaN { return .nan }
        // At τ = 1 the closed form stays finite for ν > 3 ((ν−2)/(2(ν−3)), the limit of the
        // integral); beyond 1 (and at 1 for ν ≤ 3) the bound is void and we return +∞.
        if nu > 3 && tau == 1 { return (nu - 2) / (2 * (nu - 3)) }
        if nu > 2 && tau >= 1 { return .infinity }
        if abs(tau) < 0.25 { return omegaSeries(nu: nu, tau) }
        let t = tau
        if nu == 2 { return (PortableMath.expm1(t) - t) / (t * t) }
        if nu == 3 { return (-t - PortableMath.log1p(-t)) / (t * t) }
        if nu == 4 { return ((1 - t) * PortableMath.log1p(-t) + t) / (t * t) }
        let a = 2 * (3 - nu) / (2 - nu)
        let c = (nu - 2) / (2 * (3 - nu))
        let powerMinusOne = PortableMath.expm1(a * PortableMath.log1p(-t))
        return (nu - 2) / (4 - nu) / t * (c / t * powerMinusOne - 1)
    }

    /// Σ_{k≥2} c_k τ^{k−2} with c_k = 1/k! (ν=2), 1/k (ν=3), 1/(k(k−1)) (ν=4), and in general
    /// c_k = ((ν−2)/(4−ν))·((ν−2)/(2(3−ν)))·binom(a, k)(−1)^k, a = 2(3−ν)/(2−ν).
    static func omegaSeries(nu: Double, _ t: Double) -> Double {
        var sum = 0.0
        var power = 1.0
        if nu == 2 {
            var fact = 2.0
            for k in 2...40 { sum += power / fact; power *= t; fact *= Double(k + 1) }
            return sum
        }
        if nu == 3 { for k in 2...60 { sum += power / Double(k); power *= t }; return sum }
        if nu == 4 { for k in 2...60 { sum += power / Double(k * (k - 1)); power *= t }; return sum }
        let a = 2 * (3 - nu) / (2 - nu)
        let pre = (nu - 2) / (4 - nu) * (nu - 2) / (2 * (3 - nu))
        // binom(a, k)(−1)^k by the recurrence b_k = b_{k−1}·(a − k + 1)/k·(−1).
        var b = -a   // k = 1
        for k in 2...80 {
            b *= -(a - Double(k) + 1) / Double(k)
            sum += b * power
            power *= t
            if abs(b * power) < 1e-18 * abs(sum) { break }
        }
        return pre * sum
    }
}
