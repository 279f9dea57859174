import Foundation
import LinearAlgebra

/// Gradient descent, the one first-order method of every paper: θ_{t+1} = θ_t − α_t∇L(θ_t).
/// `gradientOf` says which scaling of the squared loss is descended, because it fixes the
/// floating-point formula of ∇L: `.halfMean` descends (1/2m)‖r‖² + g with ∇L = Jᵀe + ∇g (000's
/// `--method gd`); `.halfSum` descends ½‖r‖² with ∇L = Jᵀr (004's GD with α = η; 003's GD on
/// (1/2m)‖r‖² with step η is this with α = η/m, as 003's runs compute it, Proofs/DampedGaussNewton.md §3).
/// ∇g is added only for a regularized objective.
public struct GradientDescent: Optimizer {
    public let rule: StepRule
    public let gradientOf: LossScaling
    /// Time per iteration when GD discretizes the gradient flow (004: t_k = k·η); 1 otherwise.
    public let timeStep: Double

    public init(rule: StepRule, gradientOf: LossScaling = .halfMean, timeStep: Double = 1) {
        self.rule = rule
        self.gradientOf = gradientOf
        self.timeStep = timeStep
    }

    /// A fixed step α on the loss scaled by `gradientOf`.
    public init(stepSize alpha: Double, gradientOf: LossScaling, timeStep: Double = 1) {
        self.init(rule: StepRule(.fixed(alpha)), gradientOf: gradientOf, timeStep: timeStep)
    }

    public var mG: Double { rule.mG }
    public func alpha(at ev: PointEvaluation) -> Double { rule.alpha(eta: ev.regularizer.eta) }

    /// ∇L(θ_t): the evaluation's own gradient when it has this scaling.
    public func gradient(_ ev: PointEvaluation, objective: Objective) -> [Double] {
        let g = ev.lossScaling == gradientOf ? ev.dataGradient : PointEvaluation.gradient(ev.jacobian, ev.residual, gradientOf)
        return objective.isRegularized ? Vector.axpy(g, 1, ev.regularizer.gradient) : g
    }

    public mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step {
        let eta = ev.regularizer.eta
        return .along(gradient(ev, objective: objective), alpha: rule.alpha(eta: eta), from: ev.theta, eta: eta, mG: mG)
    }
}
