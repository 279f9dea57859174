import Foundation
import LinearAlgebra
import TwoLayerNetwork

/// GD, heavy ball and Nesterov on the two-layer network under the squared loss of Bu, Xu, Chen
/// (004): L(w) = ½‖f(w) − y‖² (no 1/m), ∇L = Jᵀ(f − y), the NTK H = JJᵀ (m×m) and the
/// pseudo-loss L̂ = ½ΔᵀHΔ = ½‖JᵀΔ‖² with Δ = f − y. Each discrete method is the paper's ODE
/// discretized with a time step h (Proofs/MomentumDynamics.md §3): heavy ball η = h², β = 1 − a·h;
/// Nesterov η = h², momentum (k−1)/(k+γ−1); GD η = h. The continuous-time trajectories come from
/// classical RK4 on the first-order system (w, ẇ) (§4).
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

    /// The discrete methods of 004.
    public enum Method: Sendable, Equatable {
        /// w_{k+1} = w_k − η∇L(w_k); time t_k = k·η.
        case gradientDescent(eta: Double)
        /// w_{k+1} = w_k − η∇L(w_k) + β(w_k − w_{k−1}), w_{−1} = w_0; time t_k = k·h with η = h².
        case heavyBall(h: Double, damping: Double)
        /// v_{k+1} = w_k − η∇L(w_k), w_{k+1} = v_{k+1} + (k−1)/(k+γ−1)(v_{k+1} − v_k) for k ≥ 1,
        /// w_1 = v_1 = w_0; time t_k = k·h with η = h².
        case nesterov(h: Double, gamma: Double)

        /// Time elapsed per iteration.
        public var timeStep: Double {
            switch self {
            case let .gradientDescent(eta): return eta
            case let .heavyBall(h, _), let .nesterov(h, _): return h
            }
        }
    }

    /// What the checks need at one time point.
    public struct Record: Sendable, Codable, Equatable {
        public var time: Double
        /// L = ½‖Δ‖².
        public var loss: Double
        /// L̂ = ½ΔᵀHΔ = ½‖JᵀΔ‖².
        public var pseudoLoss: Double
        /// Spectrum summary of H = JJᵀ, nil when not asked for.
        public var ntk: NTKSpectrum?
        /// Absolute rounding-error bound of `loss` (and, relative, of `pseudoLoss`).
        public var lossError: Double
        /// Δ = f − y (m entries; the discretization estimate compares it between step sizes).
        public var residual: [Double]
    }

    public struct Run: Sendable {
        public var records: [Record]
        /// nil when the run completed; the reason otherwise (non-finite values, LAPACK failure).
        public var failure: String?
        public var finalTheta: [Double]
    }

    /// λ_min, λ_max and trace of H = JJᵀ with an absolute error bound valid for every computed
    /// eigenvalue (Proofs/MomentumDynamics.md §5): δ = ε·(p·tr H + 4m·λ_max), from `dsyrk`'s
    /// componentwise bound |ΔH| ≤ pε|J||J|ᵀ (so ‖ΔH‖₂ ≤ pε·tr H) and the backward stability of
    /// `dsyevd` (a perturbation ≤ c·m·ε‖H‖₂, c = 4 here), added by Weyl's inequality.
    /// The NTK H = JJᵀ's extreme eigenvalues with the project's one Gram error model.
    public typealias NTKSpectrum = GramSpectrum

    public static func ntkSpectrum(_ j: Matrix) throws -> NTKSpectrum { try Spectral.gramSpectrum(j) }

    /// f, Δ, L, ∇L and L̂ at θ.
    struct Evaluation {
        var residual: [Double]
        var loss: Double
        var gradient: [Double]
        var pseudoLoss: Double
        var jacobian: Matrix
        var outputNorm2: Double
    }

    static func evaluate(_ net: TwoLayerNetwork, _ x: Matrix, _ y: [Double], _ theta: [Double]) -> Evaluation {
        let (f, j) = net.outputsAndJacobian(theta: theta, inputs: x)
        let r = Vector.sub(f, y)
        let g = Matrix.multiply(j, transpose: true, r)
        let gg = Vector.dot(g, g)
        let rr = Vector.dot(r, r)
        return Evaluation(residual: r, loss: 0.5 * rr, gradient: g, pseudoLoss: 0.5 * gg, jacobian: j, outputNorm2: Vector.dot(f, f))
    }

    /// Rounding bound of L: f costs O(n·n0) operations per output, Δ a cancellation against y,
    /// the sum m terms (Proofs/Numerics.md §3 "Losses", same heuristic constant 8).
    static func lossError(_ net: TwoLayerNetwork, m: Int, _ e: Evaluation, yNorm2: Double) -> Double {
        8 * Double(net.width * (net.inputDimension + 1) + m) * Double.ulpOfOne * (e.loss + e.outputNorm2 + yNorm2)
    }

    static func record(_ net: TwoLayerNetwork, _ e: Evaluation, time: Double, yNorm2: Double, spectrum: Bool) throws -> Record {
        let s = spectrum ? try ntkSpectrum(e.jacobian) : nil
        return Record(time: time, loss: e.loss, pseudoLoss: e.pseudoLoss, ntk: s,
                      lossError: lossError(net, m: e.residual.count, e, yNorm2: yNorm2), residual: e.residual)
    }

    /// The iterate of a discrete method and what its next step needs; shared by the network runs
    /// and the tests on quadratics (where the closed-form recurrence is known).
    public struct DiscreteState: Sendable {
        /// w_k.
        public var w: [Double]
        /// w_{k−1} (heavy ball) or v_k (Nesterov); w_{−1} = w_0 and v_1 = w_0.
        public var previous: [Double]
        public init(_ theta0: [Double]) { w = theta0; previous = theta0 }

        /// One step from iteration k (0-based) with g = ∇L(w_k).
        public mutating func advance(_ method: Method, gradient g: [Double], iteration k: Int) {
            let p = w.count
            switch method {
            case let .gradientDescent(eta):
                for i in 0..<p { w[i] -= eta * g[i] }
            case let .heavyBall(h, a):
                let eta = h * h, beta = 1 - a * h
                var next = w
                for i in 0..<p { next[i] = w[i] - eta * g[i] + beta * (w[i] - previous[i]) }
                previous = w
                w = next
            case let .nesterov(h, gamma):
                // The paper's index is k + 1: w here is w_{k+1}, previous is v_{k+1} (w_1 = v_1 = w_0).
                let kk = Double(k + 1)
                let eta = h * h, mom = (kk - 1) / (kk + gamma - 1)
                var v = w
                for i in 0..<p { v[i] = w[i] - eta * g[i] }
                for i in 0..<p { w[i] = v[i] + mom * (v[i] - previous[i]) }
                previous = v
            }
        }
    }

    /// Runs a discrete method for `steps` iterations, recording every `every`-th iterate (and the
    /// last). A non-finite loss or a LAPACK failure ends the run with `failure` set.
    public static func run(_ method: Method, network net: TwoLayerNetwork, inputs x: Matrix, targets y: [Double],
                           theta0: [Double], steps: Int, every: Int = 1, spectrum: Bool = true) -> Run {
        let yNorm2 = Vector.dot(y, y)
        var state = DiscreteState(theta0)
        var w = theta0
        var records: [Record] = []
        do {
            for k in 0...steps {
                let e = evaluate(net, x, y, w)
                guard e.loss.isFinite, e.pseudoLoss.isFinite else {
                    return Run(records: records, failure: "non-finite loss at iteration \(k)", finalTheta: w)
                }
                if k % every == 0 || k == steps {
                    records.append(try record(net, e, time: Double(k) * method.timeStep, yNorm2: yNorm2, spectrum: spectrum))
                }
                if k == steps { break }
                state.advance(method, gradient: e.gradient, iteration: k)
                w = state.w
            }
        } catch {
            return Run(records: records, failure: "\(error)", finalTheta: w)
        }
        return Run(records: records, failure: nil, finalTheta: w)
    }

    /// Classical RK4 on ẇ = u, u̇ = −c(t)u − ∇L(w), w(0) = θ_0, u(0) = 0, with step h up to time
    /// `horizon`, recording at every `every`-th grid point. For c = γ/t the term c(t)u at t = 0 is
    /// its limit γ/(1+γ)·∇L(w_0) (u(t) = −t∇L(w_0)/(1+γ) + O(t²)).
    public static func flow(_ damping: Damping, h: Double, steps: Int, network net: TwoLayerNetwork, inputs x: Matrix,
                            targets y: [Double], theta0: [Double], every: Int = 1, spectrum: Bool = true) -> Run {
        let yNorm2 = Vector.dot(y, y)
        var w = theta0
        var u = [Double](repeating: 0, count: theta0.count)
        var records: [Record] = []
        do {
            for k in 0...steps {
                let t = Double(k) * h
                let e = evaluate(net, x, y, w)
                guard e.loss.isFinite, e.pseudoLoss.isFinite else {
                    return Run(records: records, failure: "non-finite loss at t = \(t)", finalTheta: w)
                }
                if k % every == 0 || k == steps {
                    records.append(try record(net, e, time: t, yNorm2: yNorm2, spectrum: spectrum))
                }
                if k == steps { break }
                rk4Step(damping, t: t, h: h, w: &w, u: &u, g0: e.gradient) { gradient(net, x, y, $0) }
            }
        } catch {
            return Run(records: records, failure: "\(error)", finalTheta: w)
        }
        return Run(records: records, failure: nil, finalTheta: w)
    }

    /// One classical RK4 step of ẇ = u, u̇ = −c(t)u − ∇L(w) (or ẇ = −∇L for `.gradientFlow`) from
    /// time t, with g0 = ∇L(w) already computed. Shared by the network runs and the tests.
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

    /// ∇L(θ) = Jᵀ(f − y).
    public static func gradient(_ net: TwoLayerNetwork, _ x: Matrix, _ y: [Double], _ theta: [Double]) -> [Double] {
        let (f, j) = net.outputsAndJacobian(theta: theta, inputs: x)
        return Matrix.multiply(j, transpose: true, Vector.sub(f, y))
    }
}
