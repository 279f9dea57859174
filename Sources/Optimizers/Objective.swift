import LinearAlgebra
import Problems
import Regularizers
import TwoLayerNetwork

/// How a paper scales the squared loss. The scaling fixes both the value and the floating-point
/// formula, so every method reproduces its paper's runs bit for bit.
public enum LossScaling: Sendable, Equatable, Codable {
    /// R̂ = (1/2m)‖f − y‖² (000, 002, 003), computed as ‖r‖₂²/(2m); ∇R̂ = Jᵀe with e = r/m.
    case halfMean
    /// L = ½‖f − y‖² (004, no 1/m), computed as ½·rᵀr; ∇L = Jᵀr.
    case halfSum
}

/// L(θ) = R̂_s(Φ(θ)) + g(θ). With the 000 scaling R̂_s(Φ) = (1/2m)‖Φ − y‖² (000 "Neural Network
/// Training"), so Q = ∇²R̂ = I/m, e = ∇R̂ = (Φ − y)/m and γ_R = 1/m. The companion papers train
/// the unregularized loss (`isRegularized` false: g ≡ 0, evaluated as τ = 0).
public struct Objective: Sendable {
    public let problem: Problem
    public let regularizer: Regularizer
    public let lossScaling: LossScaling
    /// false for the losses of 002–004, which have no g (the τ = 0 evaluation only fills the record).
    public let isRegularized: Bool
    /// Form ∇R̂ = Jᵀ(r or e) with every evaluation (for methods that step along it, e.g. 004's).
    public let formsGradient: Bool

    public init(problem: Problem, regularizer: Regularizer) {
        self.problem = problem
        self.regularizer = regularizer
        lossScaling = .halfMean
        isRegularized = true
        formsGradient = false
    }

    /// The unregularized squared loss under `scaling`.
    public init(unregularized problem: Problem, scaling: LossScaling = .halfMean, formsGradient: Bool = false) {
        self.problem = problem
        regularizer = Regularizer(penalty: .quadratic, tau: 0)
        lossScaling = scaling
        isRegularized = false
        self.formsGradient = formsGradient
    }

    /// Everything at θ the methods and the checks share: Φ, J, e, g and its derivatives.
    /// J is formed once here and reused by the step and by every quantity computed from it.
    public func evaluate(_ theta: [Double]) -> PointEvaluation {
        let (phi, jac) = problem.network.outputsAndJacobian(theta: theta, inputs: problem.trainInputs)
        return point(theta, phi, jac, Vector.sub(phi, problem.trainTargets))
    }

    /// The evaluation on the training rows `rows` only (a mini-batch: its Gram system is |B|×|B|).
    public func evaluate(_ theta: [Double], rows: [Int]) -> PointEvaluation {
        let x = problem.trainInputs
        var xb = Matrix(rows: rows.count, cols: x.cols)
        for (r, i) in rows.enumerated() { for c in 0..<x.cols { xb[r, c] = x[i, c] } }
        let (phi, jac) = problem.network.outputsAndJacobian(theta: theta, inputs: xb)
        var ev = point(theta, phi, jac, Vector.sub(phi, rows.map { problem.trainTargets[$0] }))
        ev.rows = rows
        return ev
    }

    func point(_ theta: [Double], _ phi: [Double], _ jac: Matrix, _ r: [Double]) -> PointEvaluation {
        var ev = PointEvaluation(theta: theta, outputs: phi, jacobian: jac, residual: r,
                                 regularizer: regularizer.evaluate(theta), lossScaling: lossScaling)
        if formsGradient { ev.storedGradient = ev.dataGradient }
        return ev
    }

    /// ∇R̂ at θ under the objective's scaling (one Jacobian, no regularizer): the RK4 stages.
    public func dataGradient(_ theta: [Double]) -> [Double] {
        let (f, j) = problem.network.outputsAndJacobian(theta: theta, inputs: problem.trainInputs)
        let r = Vector.sub(f, problem.trainTargets)
        return PointEvaluation.gradient(j, r, lossScaling)
    }

    /// R̂ at θ on the training set (no Jacobian).
    public func dataLoss(_ theta: [Double]) -> Double {
        let phi = problem.network.outputs(theta: theta, inputs: problem.trainInputs)
        return PointEvaluation.scaledLoss(Vector.sub(phi, problem.trainTargets), lossScaling)
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

    /// (1/2m)‖r‖², the one formula of the 1/(2m)-scaled loss.
    public static func halfMeanSquare(_ r: [Double]) -> Double {
        let n = Vector.norm2(r)
        return n * n / (2 * Double(r.count))
    }
}

/// The objective and its first-order pieces at one θ: what every method steps from.
public struct PointEvaluation: Sendable {
    public let theta: [Double]
    /// Φ_t = (Φ(x_1;θ), …, Φ(x_m;θ)).
    public let outputs: [Double]
    /// J_t (m×p).
    public let jacobian: Matrix
    /// Φ_t − y.
    public let residual: [Double]
    public let regularizer: RegularizerEvaluation
    public let lossScaling: LossScaling
    /// The training rows evaluated (a mini-batch), nil for all of them.
    public internal(set) var rows: [Int]?
    /// ∇R̂ when the objective formed it with the evaluation.
    var storedGradient: [Double]?
    /// The structured Gram JJᵀ of a streamed evaluation (`Objective.streamedEvaluate`), whose
    /// `jacobian` is m×0: J was never formed, and whatever needs it reads this or streams.
    public internal(set) var streamedGram: JacobianGram?

    public init(theta: [Double], outputs: [Double], jacobian: Matrix, residual: [Double], regularizer: RegularizerEvaluation,
                lossScaling: LossScaling = .halfMean) {
        self.theta = theta
        self.outputs = outputs
        self.jacobian = jacobian
        self.residual = residual
        self.regularizer = regularizer
        self.lossScaling = lossScaling
    }

    public var sampleCount: Int { outputs.count }
    public var parameterCount: Int { theta.count }
    /// e_t = ∇_Φ R̂ = (Φ_t − y)/m.
    public var e: [Double] { residual.map { $0 / Double(sampleCount) } }
    /// R̂_s(Φ_t) under the loss scaling.
    public var dataLoss: Double { Self.scaledLoss(residual, lossScaling) }
    /// L(θ_t) = R̂ + g.
    public var loss: Double { dataLoss + regularizer.value }
    /// ∇R̂(θ_t) = J_tᵀe_t (1/2m scaling) or J_tᵀ(Φ_t − y) (½ scaling).
    public var dataGradient: [Double] {
        if let g = storedGradient { return g }
        precondition(streamedGram == nil, "a streamed evaluation has no J: its gradient is formed with the evaluation (formsGradient)")
        return Self.gradient(jacobian, residual, lossScaling)
    }

    static func scaledLoss(_ r: [Double], _ s: LossScaling) -> Double {
        switch s {
        case .halfMean: return Objective.halfMeanSquare(r)
        case .halfSum: return 0.5 * Vector.dot(r, r)
        }
    }

    static func gradient(_ j: Matrix, _ r: [Double], _ s: LossScaling) -> [Double] {
        switch s {
        case .halfMean: return Matrix.multiply(j, transpose: true, r.map { $0 / Double(r.count) })
        case .halfSum: return Matrix.multiply(j, transpose: true, r)
        }
    }
}
