/// The pseudo-Huber penalty h(t) = √(μ²+t²) − μ of 000 ("Simulation") and its derivatives,
/// shared by the regularizer the methods use and the GSC certification; and the GSC constants
/// the poster claims for it (Proofs/Regularizers.md §1–2).
public enum PseudoHuber {
    /// The claim of 000 "Simulation": M_g = 2 μ^{-0.7} p^{0.2}, ν = 2.6, i.e. (M_h, ν) = (2, 2.6)
    /// for μ = 1, rescaled by μ.
    public static let claimedGSC: (mH: Double, nu: Double) = (2, 2.6)
    public static let claimSource = "000 poster, Simulation: M_g = 2 mu^-0.7 p^0.2, nu = 2.6"

    /// (h, h', h'', h''') at t, without cancellation near 0 and without overflow at large |t|.
    @inlinable
    public static func derivatives(_ t: Double, mu: Double) -> (Double, Double, Double, Double) {
        // r = √(μ²+t²) without overflow; h = t²/(r+μ) has no cancellation near 0.
        let a = abs(t)
        let big = max(a, mu), small = min(a, mu)
        let r: Double
        if big < 1e150 && small > 1e-150 {
            r = (mu * mu + t * t).squareRoot()          // ≤ 1 ulp: two roundings under a square root
        } else {
            let q = big == 0 ? 0 : small / big
            r = big * (1 + q * q).squareRoot()          // scaled: no overflow or underflow
        }
        let h = big == 0 ? 0 : (a / (r + mu)) * a
        let c = mu / r, s = t / r
        return (h, s, c * c / r, -3 * c * c * s / (r * r))
    }
}
