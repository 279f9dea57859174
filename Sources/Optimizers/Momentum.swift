import Foundation
import LinearAlgebra
import TwoLayerNetwork

/// The momentum methods of Bu, Xu, Chen (004) on L(w) = ½‖f(w) − y‖² (no 1/m; `LossScaling.halfSum`),
/// ∇L = Jᵀ(f − y), the NTK H = JJᵀ (m×m). Each discrete method is the paper's ODE discretized with a
/// time step h (Proofs/MomentumDynamics.md §3): heavy ball η = h², β = 1 − a·h; Nesterov η = h²,
/// momentum (k−1)/(k+γ−1); GD (`GradientDescent`, `.halfSum`) η = h². The continuous-time
/// trajectories come from classical RK4 on the first-order system (w, ẇ) (§4, `MomentumFlow`).
public enum Momentum {
    /// Which damping the second-order ODE ẅ + c(t)ẇ + ∇L(w) = 0 uses.
    public enum Damping: Sendable, Equatable {
        /// c(t) = a (heavy ball with friction; 004 uses a = √(2λ_0)).
        case constant(Double)
        /// c(t) = γ/t (Su, Boyd, Candès; the NAG flow of 004).
        case vanishing(gamma: Double)
        /// First-order gradient flow ẇ = −∇L(w) (the GD flow of 004); u is unused.
        case gradientFlow
    }

    /// The NTK H = JJᵀ's extreme eigenvalues with the project's one Gram error model
    /// (Proofs/MomentumDynamics.md §5).
    public typealias NTKSpectrum = GramSpectrum

    public static func ntkSpectrum(_ j: Matrix) throws -> NTKSpectrum { try Spectral.gramSpectrum(j) }

    /// One classical RK4 step of ẇ = u, u̇ = −c(t)u − ∇L(w) (or ẇ = −∇L for `.gradientFlow`) from
    /// time t, with g0 = ∇L(w) already computed. Shared by `MomentumFlow` and the tests on quadratics.
    public static func rk4Step(_ damping: Damping, t: Double, h: Double, w: inout [Double], u: inout [Double], g0: [Double],
                               gradient: ([Double]) -> [Double]) {
        let p = w.count
        if damping == .gradientFlow {
            let k1 = g0
            var w2 = w; for i in 0..<p { w2[i] -= 0.5 * h * k1[i] }
            let k2 = gradient(w2)
            var w3 = w; for i in 0..<p { w3[i] -= 0.5 * h * k2[i] }
            let k3 = gradient(w3)
            var w4 = w; for i in 0..<p { w4[i] -= h * k3[i] }
            let k4 = gradient(w4)
            for i in 0..<p { w[i] -= h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
            return
        }
        func accel(_ t: Double, _ u: [Double], _ g: [Double]) -> [Double] {
            var a = [Double](repeating: 0, count: p)
            switch damping {
            case .gradientFlow:
                break
            case let .constant(c):
                for i in 0..<p { a[i] = -c * u[i] - g[i] }
            case let .vanishing(gamma):
                if t == 0 {
                    for i in 0..<p { a[i] = -g[i] / (1 + gamma) }
                } else {
                    for i in 0..<p { a[i] = -(gamma / t) * u[i] - g[i] }
                }
            }
            return a
        }
        let k1w = u, k1u = accel(t, u, g0)
        var w2 = w, u2 = u
        for i in 0..<p { w2[i] += 0.5 * h * k1w[i]; u2[i] += 0.5 * h * k1u[i] }
        let k2w = u2, k2u = accel(t + 0.5 * h, u2, gradient(w2))
        var w3 = w, u3 = u
        for i in 0..<p { w3[i] += 0.5 * h * k2w[i]; u3[i] += 0.5 * h * k2u[i] }
        let k3w = u3, k3u = accel(t + 0.5 * h, u3, gradient(w3))
        var w4 = w, u4 = u
        for i in 0..<p { w4[i] += h * k3w[i]; u4[i] += h * k3u[i] }
        let k4w = u4, k4u = accel(t + h, u4, gradient(w4))
        for i in 0..<p {
            w[i] += h / 6 * (k1w[i] + 2 * k2w[i] + 2 * k3w[i] + k4w[i])
            u[i] += h / 6 * (k1u[i] + 2 * k2u[i] + 2 * k3u[i] + k4u[i])
        }
    }
}

/// Heavy ball: w_{k+1} = w_k − η∇L(w_k) + β(w_k − w_{k−1}), w_{−1} = w_0, η = h², β = 1 − a·h;
/// time t_k = k·h. Its state is w_{k−1}.
public struct HeavyBall: Optimizer {
    public let h: Double
    public let damping: Double
    var previous: [Double]?

    public init(h: Double, damping: Double) {
        self.h = h
        self.damping = damping
    }

    public var timeStep: Double { h }

    /// w_{k+1} from w_k and g = ∇L(w_k).
    public mutating func update(_ w: [Double], gradient g: [Double], iteration k: Int) -> [Double] {
        let prev = previous ?? w
        let eta = h * h, beta = 1 - damping * h
        var next = w
        for i in 0..<w.count { next[i] = w[i] - eta * g[i] + beta * (w[i] - prev[i]) }
        previous = w
        return next
    }

    public mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step {
        .to(update(ev.theta, gradient: ev.dataGradient, iteration: t), from: ev.theta)
    }
}

/// Nesterov: v_{k+1} = w_k − η∇L(w_k), w_{k+1} = v_{k+1} + (k−1)/(k+γ−1)(v_{k+1} − v_k) for k ≥ 1,
/// w_1 = v_1 = w_0, η = h²; time t_k = k·h. Its state is v_k.
public struct Nesterov: Optimizer {
    public let h: Double
    public let gamma: Double
    var previous: [Double]?

    public init(h: Double, gamma: Double) {
        self.h = h
        self.gamma = gamma
    }

    public var timeStep: Double { h }

    /// w_{k+1} from w_k and g = ∇L(w_k), k 0-based (the paper's index is k + 1).
    public mutating func update(_ w: [Double], gradient g: [Double], iteration k: Int) -> [Double] {
        let prev = previous ?? w
        let kk = Double(k + 1)
        let eta = h * h, mom = (kk - 1) / (kk + gamma - 1)
        var v = w, next = w
        for i in 0..<w.count { v[i] = w[i] - eta * g[i] }
        for i in 0..<w.count { next[i] = v[i] + mom * (v[i] - prev[i]) }
        previous = v
        return next
    }

    public mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step {
        .to(update(ev.theta, gradient: ev.dataGradient, iteration: t), from: ev.theta)
    }
}

/// The ODE flows of 004 by classical RK4 with step h from w(0) = θ_0, u(0) = 0 (§4); the state is
/// the velocity u = ẇ. The stage gradients are fresh evaluations of ∇L.
public struct MomentumFlow: Optimizer {
    public let damping: Momentum.Damping
    public let h: Double
    var velocity: [Double]?

    public init(_ damping: Momentum.Damping, h: Double) {
        self.damping = damping
        self.h = h
    }

    public var timeStep: Double { h }

    public mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step {
        var w = ev.theta
        var u = velocity ?? [Double](repeating: 0, count: w.count)
        Momentum.rk4Step(damping, t: Double(t) * h, h: h, w: &w, u: &u, g0: ev.dataGradient) { objective.dataGradient($0) }
        velocity = u
        return .to(w, from: ev.theta)
    }
}
