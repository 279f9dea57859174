import LinearAlgebra
import Problems
import Regularizers
import TwoLayerNetwork

extension Objective {
    /// The evaluation at θ without J: Φ and the structured Gram JJᵀ in one streamed pass over
    /// neuron blocks (`TwoLayerNetwork.streamedOutputsAndGram`), and ∇R̂ by a second pass when the
    /// objective forms it. `jacobian` is m×0. Memory O(m² + m·block) beyond θ and the
    /// regularizer's evaluation (Proofs/Numerics.md §2.5).
    public func streamedEvaluate(_ theta: [Double], blockSize: Int = TwoLayerNetwork.streamNeuronBlock) -> PointEvaluation {
        let net = problem.network, x = problem.trainInputs
        let (phi, gram) = net.streamedOutputsAndGram(theta: theta, inputs: x, blockSize: blockSize)
        let r = Vector.sub(phi, problem.trainTargets)
        var ev = PointEvaluation(theta: theta, outputs: phi, jacobian: Matrix(rows: x.rows, cols: 0), residual: r,
                                 regularizer: regularizer.evaluate(theta), lossScaling: lossScaling)
        ev.streamedGram = gram
        if formsGradient {
            let w = lossScaling == .halfMean ? r.map { $0 / Double(r.count) } : r
            ev.storedGradient = net.streamedTransposeProduct(theta: theta, inputs: x, w, blockSize: blockSize).jtw
        }
        return ev
    }
}

/// Full-batch Gram-Gauss-Newton (002) without J: θ − α·Jᵀ(JJᵀ)⁻¹(Φ − y) with JJᵀ the structured
/// Gram of the streamed evaluation and Jᵀz, J(Jᵀz) from one more streamed pass. The same
/// step as `GramGaussNewton` up to rounding (its Gram is `dsyrk` of J); the wide widths of the
/// 002 sweep run through it (Proofs/GramGaussNewton.md §6).
public struct StreamedGramGaussNewton: Optimizer {
    public let rule: StepRule
    public let blockSize: Int

    public init(rule: StepRule, blockSize: Int = TwoLayerNetwork.streamNeuronBlock) {
        self.rule = rule
        self.blockSize = blockSize
    }

    public var mG: Double { rule.mG }
    public func alpha(at ev: PointEvaluation) -> Double { rule.alpha(eta: ev.regularizer.eta) }

    public mutating func evaluate(_ theta: [Double], iteration t: Int, objective: Objective) -> PointEvaluation {
        objective.streamedEvaluate(theta, blockSize: blockSize)
    }

    public mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step {
        guard let gram = ev.streamedGram else { throw StepError("the streamed Gram-Gauss-Newton step needs a streamed evaluation") }
        let (d, jd) = try Self.direction(gram: gram.gram, residual: ev.residual, theta: ev.theta,
                                         network: objective.problem.network, inputs: objective.problem.trainInputs, blockSize: blockSize)
        let eta = ev.regularizer.eta
        var s = Step.along(d, alpha: rule.alpha(eta: eta), from: ev.theta, eta: eta, mG: mG)
        s.jacobianTimesDirection = jd
        return s
    }

    /// d = Jᵀz with z = G⁻¹r (Cholesky), and J·d, in one streamed pass.
    public static func direction(gram: Matrix, residual: [Double], theta: [Double], network: TwoLayerNetwork, inputs: Matrix,
                                 blockSize: Int = TwoLayerNetwork.streamNeuronBlock) throws -> (d: [Double], jd: [Double]) {
        let z: [Double]
        do {
            z = try Cholesky(gram).solve(residual)
        } catch let e as LinearAlgebraError {
            throw StepError("Gram matrix JJᵀ: \(e)")
        }
        let (d, jd) = network.streamedTransposeProduct(theta: theta, inputs: inputs, z, applyBack: true, blockSize: blockSize)
        return (d, jd!)
    }
}

/// One streamed step outside the trajectory engine, for widths where even g's derivatives as
/// p-vectors would not fit (the bench's 2^24 hidden units): only θ, d and θ_{t+1} are p-vectors.
public struct StreamedStep: Sendable {
    public var next: [Double]
    public var direction: [Double]
    public var alpha: Double
    /// η_t (0 for Gram-GN, which has no regularizer).
    public var eta: Double
    public var outputs: [Double]
    public var residual: [Double]
    /// K = ĴH⁻¹Ĵᵀ (regularized GGN) or the structured Gram JJᵀ (Gram-GN), m×m or (m+1)×(m+1).
    public var kernel: Matrix
}

extension StreamedGramGaussNewton {
    /// θ − α·Jᵀ(JJᵀ)⁻¹(Φ − y) from θ: two streamed passes, no regularizer evaluation.
    public static func step(network: TwoLayerNetwork, inputs: Matrix, targets: [Double], theta: [Double], alpha: Double = 1,
                            blockSize: Int = TwoLayerNetwork.streamNeuronBlock) throws -> StreamedStep {
        let (phi, gram) = network.streamedOutputsAndGram(theta: theta, inputs: inputs, blockSize: blockSize)
        let r = Vector.sub(phi, targets)
        let (d, _) = try direction(gram: gram.gram, residual: r, theta: theta, network: network, inputs: inputs, blockSize: blockSize)
        return StreamedStep(next: Vector.axpy(theta, -alpha, d), direction: d, alpha: alpha, eta: 0, outputs: phi, residual: r, kernel: gram.gram)
    }
}

/// Any method whose step reads only Φ, the residual and ∇R̂ (heavy ball, Nesterov, GD), stepping
/// from streamed evaluations: J is never formed, and the structured Gram comes with every
/// evaluation (004's width sweep reads the NTK from it). The objective must form the gradient.
public struct StreamedEvaluation<Base: Optimizer>: Optimizer {
    public var base: Base
    public let blockSize: Int

    public init(_ base: Base, blockSize: Int = TwoLayerNetwork.streamNeuronBlock) {
        self.base = base
        self.blockSize = blockSize
    }

    public var mG: Double { base.mG }
    public var timeStep: Double { base.timeStep }
    public func alpha(at ev: PointEvaluation) -> Double { base.alpha(at: ev) }

    public mutating func evaluate(_ theta: [Double], iteration t: Int, objective: Objective) -> PointEvaluation {
        precondition(objective.formsGradient, "a streamed evaluation has no J: the objective must form ∇R̂ with it")
        return objective.streamedEvaluate(theta, blockSize: blockSize)
    }

    public mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step {
        try base.step(ev, iteration: t, objective: objective)
    }
}
