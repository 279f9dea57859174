import Foundation
import LinearAlgebra
import Regularizers

/// The methods of `--method` (000's runs), each an `Optimizer` over the same `PointEvaluation`:
/// θ_{t+1} = θ_t − α_t·d_t.
public enum Method: Sendable, Equatable, Codable {
    /// The regularized GGN of 000, in the parameter-space form (p×p system, small p only)
    /// or the overparameterized form ((m+1)×(m+1) system, memory O(m·p)).
    case regularizedGGN(GGNForm)
    /// Gram-Gauss-Newton of Cai et al. (002): d = Jᵀ(JJᵀ)⁻¹(Φ − y).
    case gramGaussNewton
    /// Gradient descent on L = R̂ + g: d = Jᵀe + ∇g.
    case gradientDescent
    /// What the authors' code computes (Proofs/ReferenceImplementation.md §2): `ReferenceGGN`.
    case reference(ReferenceVariant)

    public var name: String {
        switch self {
        case .regularizedGGN(.parameterSpace): return "ggn-param"
        case .regularizedGGN(.overparameterized): return "ggn"
        case .gramGaussNewton: return "gram-gn"
        case .gradientDescent: return "gd"
        case let .reference(v): return v.methodName
        }
    }

    public static func named(_ s: String) -> Method? {
        switch s {
        case "ggn": return .regularizedGGN(.overparameterized)
        case "ggn-param": return .regularizedGGN(.parameterSpace)
        case "gram-gn": return .gramGaussNewton
        case "gd": return .gradientDescent
        default: return ReferenceVariant.allCases.first { $0.methodName == s }.map { .reference($0) }
        }
    }

    public static let names = ["ggn", "ggn-param", "gram-gn", "gd"] + ReferenceVariant.allCases.map(\.methodName)

    /// Whether the method is a regularized GGN (ours or a reference variant): they need τ > 0
    /// and carry the quantities of 000's theorems.
    public var isRegularizedGGN: Bool {
        switch self {
        case .regularizedGGN, .reference: return true
        case .gramGaussNewton, .gradientDescent: return false
        }
    }
}

public enum GGNForm: String, Sendable, Equatable, Codable {
    /// θ − α (ĴᵀQ̂Ĵ + H)⁻¹ Ĵᵀê.
    case parameterSpace
    /// θ − α H⁻¹Ĵᵀ(I + Q̂ĴH⁻¹Ĵᵀ)⁻¹ê (Woodbury form; Proofs/RegularizedGGN.md §2).
    case overparameterized
}

/// How α_t is chosen.
public enum StepSize: Sendable, Equatable, Codable {
    /// α_t = ᾱ/(1 + M_g η_t), 0 < ᾱ ≤ 1 (000 "Theory: setup").
    case adaptive(alphaBar: Double)
    /// α_t ≡ α.
    case fixed(Double)
}

/// Which constant plays M_g in α_t: the poster leaves open whether M_g is the constant of ḡ
/// or of g = τḡ (Proofs/RegularizedGGN.md §4). `.gBar` is the literal rule 2μ^{−0.7}p^{0.2}.
public enum MgOwner: String, Sendable, Equatable, Codable, CaseIterable {
    case gBar = "gbar"
    case g = "g"
}

extension Method {
    /// The optimizer of `--method` on `objective`, with 000's step rule.
    public func optimizer(objective: Objective, stepSize: StepSize, mgOwner: MgOwner) -> any Optimizer {
        let rule = StepRule(stepSize, objective: objective, owner: mgOwner)
        switch self {
        case let .regularizedGGN(form): return RegularizedGGN(form: form, rule: rule)
        case .gramGaussNewton: return GramGaussNewton(rule: rule)
        case .gradientDescent: return GradientDescent(rule: rule, gradientOf: .halfMean)
        case let .reference(v): return ReferenceGGN(variant: v, rule: rule, tau: objective.regularizer.tau)
        }
    }
}
