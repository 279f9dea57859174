import PortableMath

/// g(θ) = τ·ḡ(θ), ḡ(θ) = Σ_i h(θ_i): the explicit regularizer of 000.
/// H = ∇²g is diagonal, so H⁻¹, H^{±1/2} and the local norms ‖·‖_θ cost O(p).
public struct Regularizer: Sendable, Equatable, Codable {
    public var penalty: ScalarPenalty
    /// The regularization strength τ > 0 (000, "GGN-NTK": g ≡ τ ḡ).
    public var tau: Double

    public init(penalty: ScalarPenalty, tau: Double) {
        self.penalty = penalty
        self.tau = tau
    }

    /// Value, gradient, Hessian diagonal and third-derivative diagonal of g at θ, one pass.
    public func evaluate(_ theta: [Double]) -> RegularizerEvaluation {
        let p = theta.count
        var value = 0.0
        var grad = [Double](repeating: 0, count: p)
        var hess = [Double](repeating: 0, count: p)
        var third = [Double](repeating: 0, count: p)
        for i in 0..<p {
            let (h0, h1, h2, h3) = penalty.derivatives(theta[i])
            value += h0
            grad[i] = tau * h1
            hess[i] = tau * h2
            third[i] = tau * h3
        }
        return RegularizerEvaluation(value: tau * value, gradient: grad, hessianDiagonal: hess, thirdDiagonal: third)
    }

    public func value(_ theta: [Double]) -> Double {
        tau * theta.reduce(0) { $0 + penalty.derivatives($1).0 }
    }
}

/// g and its derivatives at one point.
public struct RegularizerEvaluation: Sendable {
    public let value: Double
    public let gradient: [Double]
    /// diag(∇²g(θ)).
    public let hessianDiagonal: [Double]
    /// diag of ∇³g(θ) (separable: ∇³g[v]u·u = Σ h'''(θ_i) v_i u_i²).
    public let thirdDiagonal: [Double]

    public init(value: Double, gradient: [Double], hessianDiagonal: [Double], thirdDiagonal: [Double]) {
        self.value = value
        self.gradient = gradient
        self.hessianDiagonal = hessianDiagonal
        self.thirdDiagonal = thirdDiagonal
    }

    /// η = ‖∇g(θ)‖*_θ = √(∇gᵀ H⁻¹ ∇g), the dual local norm of the gradient. A zero gradient
    /// entry adds 0 whatever H's entry (g ≡ 0 at τ = 0 has η = 0, not 0/0).
    public var eta: Double {
        var s = 0.0
        for i in gradient.indices where gradient[i] != 0 { s += gradient[i] * gradient[i] / hessianDiagonal[i] }
        return s.squareRoot()
    }

    /// ‖u‖_θ = √(uᵀ H u), the local norm.
    public func localNorm(_ u: [Double]) -> Double {
        var s = 0.0
        for i in u.indices { s += hessianDiagonal[i] * u[i] * u[i] }
        return s.squareRoot()
    }
}

/// The GSC constant M_g fed to the adaptive step α_t = ᾱ/(1 + M_g η_t).
public enum GSCConstants {
    /// Powers through `PortableMath` so α_t does not depend on the platform's libm.
    /// The rule of 000/001 for the separable pseudo-Huber sum in R^p:
    /// M_g = p^{(3−ν)/2} · μ^{ν/2−2} · M_h (for ν ≤ 3), e.g. 2 μ^{−0.7} p^{0.2} at ν = 2.6.
    /// This is the constant of ḡ; Proofs/Regularizers.md §3 gives the τ-scaling
    /// M(τḡ) = τ^{1−ν/2} M(ḡ) and the readings the theorem checks evaluate.
    public static func claimedMg(penalty: ScalarPenalty, parameterCount p: Int) -> Double {
        let (mH, nu) = penalty.claimedGSC
        let mu = penalty.mu ?? 1
        let pFactor = nu <= 3 ? PortableMath.pow(Double(p), (3 - nu) / 2) : 1
        return pFactor * PortableMath.pow(mu, nu / 2 - 2) * mH
    }

    /// M of τ·ḡ given M of ḡ (Sun & Tran-Dinh 2019, Prop. 1: scaling by c > 0 gives c^{1−ν/2}).
    public static func scaled(_ mBar: Double, tau: Double, nu: Double) -> Double {
        PortableMath.pow(tau, 1 - nu / 2) * mBar
    }
}
