import Foundation
import LinearAlgebra
import Regularizers

/// What the authors' public implementation of GGN-SCORE computes, as method variants of our
/// engine (Proofs/ReferenceImplementation.md §2, §7). Written from the derived formulas, not from
/// their code. Their regularizer Hessian is H̄ = ∇²ḡ (no τ); τ multiplies only the gradient.
public enum ReferenceVariant: String, Sendable, Equatable, Codable, CaseIterable {
    /// Their step on a correct Jacobian (what their real-data runs compute): branch W iff
    /// m + 1 ≤ p, else branch P (Proofs/ReferenceImplementation.md §2, "Branch choice").
    case automatic
    /// Branch P always: d_P = (JᵀJ/m + τH̄)⁻¹(Jᵀe + τ∇ḡ), the poster's direction, with their α_t.
    case parameter
    /// Their synthetic (poster) experiments: branch W with their 1-D Jacobian J/κ whose u-columns
    /// are paired with the wrong weights (§1 "Jacobian (1-D output)", §7 items 3–4).
    case synthetic

    public var methodName: String {
        switch self {
        case .automatic: return "ggn-reference"
        case .parameter: return "ggn-reference-param"
        case .synthetic: return "ggn-reference-synthetic"
        }
    }
}

/// The reference step θ_{t+1} = θ_t − α_t d_t with their step size
/// α_t = min(1, ᾱ/(1 + M_g τ η̄_t)), η̄_t² = ∇ḡᵀH̄⁻¹∇ḡ (§2 "Step size"): their η = τη̄ = √τ·η(g).
public struct ReferenceGGN: Optimizer {
    public let variant: ReferenceVariant
    public let rule: StepRule
    /// τ of g = τḡ: their η and H̄ separate it out.
    public let tau: Double

    public init(variant: ReferenceVariant, rule: StepRule, tau: Double) {
        self.variant = variant
        self.rule = rule
        self.tau = tau
    }

    public var mG: Double { rule.mG }

    /// Their branch test: the Woodbury form runs iff (rows of Q) + 1 ≤ p (§2 "Branch choice").
    public static func usesWoodbury(sampleCount m: Int, parameterCount p: Int) -> Bool { m + 1 <= p }

    /// Whether this variant solves the (m+1)×(m+1) Woodbury system at this size.
    public func usesWoodbury(sampleCount m: Int, parameterCount p: Int) -> Bool {
        switch variant {
        case .automatic: return Self.usesWoodbury(sampleCount: m, parameterCount: p)
        case .parameter: return false
        case .synthetic: return true
        }
    }

    /// Their η = √((τ∇ḡ)ᵀH̄⁻¹(τ∇ḡ)) = √τ·η(g): our gradient τ∇ḡ over H̄ = (our Hessian)/τ.
    public static func eta(_ r: RegularizerEvaluation, tau: Double) -> Double {
        var s = 0.0
        for i in r.gradient.indices { s += r.gradient[i] * r.gradient[i] * tau / r.hessianDiagonal[i] }
        return s.squareRoot()
    }

    /// α_t: their min(1, ᾱ/(1 + M_gη)) for the adaptive rule, the fixed α otherwise.
    public func alpha(eta: Double) -> Double {
        switch rule.stepSize {
        case .adaptive: return min(1, rule.alpha(eta: eta))
        case .fixed: return rule.alpha(eta: eta)
        }
    }

    public func alpha(at ev: PointEvaluation) -> Double { alpha(eta: Self.eta(ev.regularizer, tau: tau)) }

    public mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step {
        let eta = Self.eta(ev.regularizer, tau: tau)
        let a = alpha(eta: eta)
        let hBar = Self.unscaledHessian(ev.theta, objective.regularizer.penalty)
        switch variant {
        case .synthetic:
            let net = objective.problem.network
            let (d, sys) = try Self.syntheticDirection(ev, hBar: hBar, width: net.width, inputDimension: net.inputDimension, kappa: net.kappa)
            return .along(d, alpha: a, from: ev.theta, eta: eta, mG: mG, system: sys)
        case .automatic where Self.usesWoodbury(sampleCount: ev.sampleCount, parameterCount: ev.parameterCount):
            let (d, sys) = try Self.woodburyDirection(ev, hBar: hBar)
            return .along(d, alpha: a, from: ev.theta, eta: eta, mG: mG, system: sys)
        case .automatic, .parameter:
            return .along(try RegularizedGGN.parameterSpaceDirection(ev), alpha: a, from: ev.theta, eta: eta, mG: mG)
        }
    }

    /// H̄ = diag(h''(θ_i)), from the penalty itself (exact, not our τH̄ divided by τ).
    public static func unscaledHessian(_ theta: [Double], _ penalty: ScalarPenalty) -> [Double] {
        theta.map { penalty.derivatives($0).2 }
    }

    /// Branch W: d_W = (JᵀJ/m + H̄)⁻¹(Jᵀe + τ∇ḡ), computed as H̄⁻¹Ĵᵀ(I + Q̂ĴH̄⁻¹Ĵᵀ)⁻¹ê (push-through;
    /// §2 "W"), i.e. our overparameterized direction on an evaluation whose Hessian diagonal is H̄
    /// while the gradient stays τ∇ḡ. Nothing p×p is formed; the system is kept for the checks.
    public static func woodburyDirection(_ ev: PointEvaluation, hBar: [Double]) throws -> ([Double], GGNSystem) {
        try RegularizedGGN.overparameterizedDirection(ev.replacing(jacobian: ev.jacobian, gradient: ev.regularizer.gradient, hessian: hBar))
    }

    /// ρ(c) = (c mod n)·n0 + ⌊c/n⌋ for a u-column c < n·n0, c itself for a v-column: the weight of
    /// our layout (θ[i·n0 + k] = U_ik) that their synthetic code pairs with Jacobian column c.
    /// Their θ is column-major, θ_code[k·n + i] = U_ik, while their column c = i·n0 + k holds
    /// ∂Φ/∂U_ik (§1 "Jacobian (1-D output)", departure 2).
    public static func pairedWeight(_ c: Int, width n: Int, inputDimension n0: Int) -> Int {
        c < n * n0 ? (c % n) * n0 + c / n : c
    }

    /// Their synthetic step: branch W on J_code = J/κ, with column c paired with the gradient and
    /// H̄ of θ[ρ(c)] and its direction entry applied to θ[ρ(c)] (§2, "For the synthetic runs").
    /// The returned system is the one their code solves (in J_code's column order).
    public static func syntheticDirection(_ ev: PointEvaluation, hBar: [Double], width n: Int, inputDimension n0: Int,
                                          kappa: Double) throws -> ([Double], GGNSystem) {
        let p = ev.parameterCount
        let rho = (0..<p).map { pairedWeight($0, width: n, inputDimension: n0) }
        let invKappa = 1 / kappa
        let jCode = Matrix(rows: ev.jacobian.rows, cols: p, columnMajor: ev.jacobian.storage.map { $0 * invKappa })
        let g = ev.regularizer.gradient
        let coded = ev.replacing(jacobian: jCode, gradient: rho.map { g[$0] }, hessian: rho.map { hBar[$0] })
        let (dCode, sys) = try RegularizedGGN.overparameterizedDirection(coded)
        var d = [Double](repeating: 0, count: p)
        for c in 0..<p { d[rho[c]] = dCode[c] }
        return (d, sys)
    }
}

extension PointEvaluation {
    /// The same point with another Jacobian and regularizer derivatives (the reference variants'
    /// systems); value and third derivatives are kept, the loss and residual are unchanged.
    func replacing(jacobian: Matrix, gradient: [Double], hessian: [Double]) -> PointEvaluation {
        let r = RegularizerEvaluation(value: regularizer.value, gradient: gradient, hessianDiagonal: hessian,
                                      thirdDiagonal: regularizer.thirdDiagonal)
        return PointEvaluation(theta: theta, outputs: outputs, jacobian: jacobian, residual: residual, regularizer: r,
                               lossScaling: lossScaling)
    }
}
