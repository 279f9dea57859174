import PortableMath

/// The activation ϱ of Φ(x;θ) = κ(n)·Σ v_i ϱ(u_i·x), with its first two derivatives.
/// Evaluated with `PortableMath` so a seeded trajectory is the same on every machine.
public enum Activation: String, CaseIterable, Sendable, Codable {
    /// ϱ(z) = z/(1+e^{−z}), the papers' choice (000, "Simulation: teacher-student").
    case silu
    case tanh
    /// ϱ(z) = log(1+e^z).
    case softplus
    /// ϱ(z) = max(z, 0). Accepted, but not twice differentiable at 0: every theorem that
    /// assumes ϱ ∈ C² flags runs that use it.
    case relu

    /// Whether ϱ is twice continuously differentiable (a standing assumption of 000).
    public var isTwiceDifferentiable: Bool { self != .relu }

    /// ϱ(z).
    @inlinable public func value(_ z: Double) -> Double { valueAndDerivatives(z).0 }
    /// ϱ'(z).
    @inlinable public func derivative(_ z: Double) -> Double { valueAndDerivatives(z).1 }
    /// ϱ''(z) (for ReLU, the almost-everywhere value 0).
    @inlinable public func secondDerivative(_ z: Double) -> Double { valueAndDerivatives(z).2 }

    /// ϱ, ϱ' and ϱ'' at once, sharing the transcendental evaluations.
    @inlinable
    public func valueAndDerivatives(_ z: Double) -> (Double, Double, Double) {
        switch self {
        case .silu:
            return Self.silu(z)
        case .tanh:
            return Self.tanhTriple(z)
        case .softplus:
            let s = PortableMath.sigmoid(z)
            return (max(z, 0) + PortableMath.log1p(PortableMath.exp(-abs(z))), s, s * (1 - s))
        case .relu:
            return (max(z, 0), z > 0 ? 1 : 0, 0)
        }
    }
}
