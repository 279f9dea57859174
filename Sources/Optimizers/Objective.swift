import LinearAlgebra
import Problems
import Regularizers
import TwoLayerNetwork

/// L(θ) = R̂_s(Φ(θ)) + g(θ) with R̂_s(Φ) = (1/2m)‖Φ − y‖² (000 "Neural Network Training"),
/// so Q = ∇²R̂ = I/m, e = ∇R̂ = (Φ − y)/m and γ_R = 1/m.
public struct Objective: Sendable {
    public let problem: Problem
    public let regularizer: Regularizer

    public init(problem: Problem, regularizer: Regularizer) {
        self.problem = problem
        self.regularizer = regularizer
    }

    /// Everything at θ the methods and the checks share: Φ, J, e, g and its derivatives.
    /// J is formed once here and reused by the step and by every quantity computed from it.
    public func evaluate(_ theta: [Double]) -> PointEvaluation {
        let net = problem.network
        let (phi, jac) = net.outputsAndJacobian(theta: theta, inputs: problem.trainInputs)
        let r = Vector.sub(phi, problem.trainTargets)
        return PointEvaluation(theta: theta, outputs: phi, jacobian: jac, residual: r,
                               regularizer: regularizer.evaluate(theta))
    }

    /// R̂ at θ on the training set (no Jacobian).
    public func dataLoss(_ theta: [Double]) -> Double {
        let phi = problem.network.outputs(theta: theta, inputs: problem.trainInputs)
        return Self.halfMeanSquare(Vector.sub(phi, problem.trainTargets))
    }

    /// L(θ) = R̂ + g (no Jacobian).
    public func loss(_ theta: [Double]) -> Double { dataLoss(theta) + regularizer.value(theta) }

    /// (1/2m)‖Φ − y‖² on the test set.
    public func testLoss(_ theta: [Double]) -> Double {
        if problem.testInputs.rows == 0 { return .nan }
        let phi = problem.network.outputs(theta: theta, inputs: problem.testInputs)
        return Self.halfMeanSquare(Vector.sub(phi, problem.testTargets))
    }

    public static func halfMeanSquarePublic(_ r: [Double]) -> Double { halfMeanSquare(r) }

    static func halfMeanSquare(_ r: [Double]) -> Double {
        let n = Vector.norm2(r)
        return n * n / (2 * Double(r.count))
    }
}

/// The objective and its first-order pieces at one θ.
public struct PointEvaluation: Sendable {
    public let theta: [Double]
    /// Φ_t = (Φ(x_1;θ), …, Φ(x_m;θ)).
    public let outputs: [Double]
    /// J_t (m×p).
    public let jacobian: Matrix
    /// Φ_t − y.
    public let residual: [Double]
    public let regularizer: RegularizerEvaluation

    public init(theta: [Double], outputs: [Double], jacobian: Matrix, residual: [Double], regularizer: RegularizerEvaluation) {
        self.theta = theta
        self.outputs = outputs
        self.jacobian = jacobian
        self.residual = residual
        self.regularizer = regularizer
    }

    public var sampleCount: Int { outputs.count }
    public var parameterCount: Int { theta.count }
    /// e_t = ∇_Φ R̂ = (Φ_t − y)/m.
    public var e: [Double] { residual.map { $0 / Double(sampleCount) } }
    /// R̂_s(Φ_t) = (1/2m)‖Φ_t − y‖².
    public var dataLoss: Double { Objective.halfMeanSquare(residual) }
    /// L(θ_t) = R̂ + g.
    public var loss: Double { dataLoss + regularizer.value }
}
