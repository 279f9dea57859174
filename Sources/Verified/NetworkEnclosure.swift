import Intervals
import LinearAlgebra
import TwoLayerNetwork

extension Activation {
    /// An enclosure of the exact ϱ over `z` (not of the project's floating-point ϱ).
    public func enclosure(_ z: Interval) -> Interval {
        switch self {
        case .silu: return z.silu
        case .tanh: return z.tanh
        case .softplus: return z.softplus
        case .relu: return z.relu
        }
    }

    /// An enclosure of the exact ϱ' over `z`; for ReLU, [0, 1] when z reaches 0.
    public func derivativeEnclosure(_ z: Interval) -> Interval {
        switch self {
        case .silu: return z.siluDerivative
        case .tanh: return z.tanhDerivative
        case .softplus: return z.softplusDerivative
        case .relu: return z.reluDerivative
        }
    }
}

/// Rigorous enclosures of Φ(θ; X) and of its Jacobian J = ∂Φ/∂θ for the two-layer network
/// Φ(x; θ) = κ Σ_i v_i ϱ(u_i·x), with θ, X and κ taken as exact doubles. The column order is the
/// project's (`TwoLayerNetwork.indexU`/`indexV`): ∂/∂u_i[k] at i·n0 + k, ∂/∂v_i at n·n0 + i.
public struct NetworkEnclosure: Sendable {
    /// Φ(x_j; θ), j < m.
    public let outputs: [Interval]
    /// J (m × p), J[j, ·] = ∇_θ Φ(x_j; θ)ᵀ.
    public let jacobian: IntervalMatrix

    /// Encloses Φ and J at θ (p = n·n0 + n entries) for inputs X (m × n0).
    public init(theta: [Double], inputs x: Matrix, activation: Activation, kappa: Double) {
        self.init(box: theta.map { Interval($0) }, inputs: x, activation: activation, kappa: kappa)
    }

    /// Encloses Φ and J over every θ in a box (e.g. the enclosure of an exact step's end point).
    public init(box theta: [Interval], inputs x: Matrix, activation: Activation, kappa: Double) {
        let n0 = x.cols, m = x.rows
        precondition(n0 > 0 && theta.count % (n0 + 1) == 0, "θ has \(theta.count) entries, not a multiple of n0 + 1 = \(n0 + 1)")
        let n = theta.count / (n0 + 1)
        let kappa = Interval(kappa)
        var out = [Interval](repeating: Interval(0), count: m)
        var jac = IntervalMatrix(rows: m, cols: theta.count)
        for i in 0..<n {
            let kv = kappa * theta[n * n0 + i]
            for j in 0..<m {
                // z = u_i·x_j, each product and sum rounded outward.
                var z = Interval(0)
                for k in 0..<n0 { z = z + theta[i * n0 + k] * Interval(x[j, k]) }
                let act = activation.enclosure(z), dact = activation.derivativeEnclosure(z)
                let g = kv * dact
                for k in 0..<n0 { jac[j, i * n0 + k] = g * Interval(x[j, k]) }
                jac[j, n * n0 + i] = kappa * act
                out[j] = out[j] + kv * act
            }
        }
        outputs = out
        jacobian = jac
    }

    /// The same for a project network (its activation and κ).
    public init(network: TwoLayerNetwork, theta: [Double], inputs x: Matrix) {
        precondition(theta.count == network.parameterCount && x.cols == network.inputDimension)
        self.init(theta: theta, inputs: x, activation: network.activation, kappa: network.kappa)
    }
}
