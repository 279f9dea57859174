/// A univariate convex penalty h with its first three derivatives. The regularizer of the
/// papers is separable, ḡ(θ) = Σ_i h(θ_i), so these four functions define everything.
/// Each case is written in a form that avoids cancellation near 0 and overflow at large |t|.
public enum ScalarPenalty: Sendable, Equatable, Codable {
    /// h(t) = √(μ²+t²) − μ, the pseudo-Huber smoothing of |t| (000, "Simulation"; the poster's
    /// (μ² − μ√(μ²+t²) + t²)/√(μ²+t²) is the same function, Proofs/Regularizers.md §1).
    case pseudoHuber(mu: Double)
    /// h(t) = ½t² (third derivative 0: GSC with M = 0 for every ν).
    case quadratic

    public var name: String {
        switch self {
        case .pseudoHuber: return "pseudo-huber"
        case .quadratic: return "quadratic"
        }
    }

    /// The smoothing parameter μ, where there is one.
    public var mu: Double? {
        if case let .pseudoHuber(mu) = self { return mu }
        return nil
    }

    /// (h, h', h'', h''') at t.
    @inlinable
    public func derivatives(_ t: Double) -> (Double, Double, Double, Double) {
        switch self {
        case let .pseudoHuber(mu):
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
            let h2 = c * c / r
            let h3 = -3 * c * c * s / (r * r)
            return (h, s, h2, h3)
        case .quadratic:
            return (0.5 * t * t, t, 1, 0)
        }
    }

    /// The (M_h, ν) this penalty is claimed to be generalized self-concordant with, for the
    /// μ = 1 member of the family; `GSCConstants` rescales by μ (Proofs/Regularizers.md §2).
    public var claimedGSC: (mH: Double, nu: Double) {
        switch self {
        case .pseudoHuber: return (2, 2.6)   // 000 "Simulation": M_g = 2 μ^{-0.7} p^{0.2}, ν = 2.6
        case .quadratic: return (0, 3)
        }
    }
}
