import GSCCore

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
            return PseudoHuber.derivatives(t, mu: mu)
        case .quadratic:
            return (0.5 * t * t, t, 1, 0)
        }
    }

    /// The (M_h, ν) this penalty is claimed to be generalized self-concordant with, for the
    /// μ = 1 member of the family; `GSCConstants` rescales by μ (Proofs/Regularizers.md §2).
    public var claimedGSC: (mH: Double, nu: Double) {
        switch self {
        case .pseudoHuber: return PseudoHuber.claimedGSC
        case .quadratic: return (0, 3)
        }
    }
}
