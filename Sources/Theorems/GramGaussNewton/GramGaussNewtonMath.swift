import Foundation
import LinearAlgebra
import Problems

/// The numerics the Gram-Gauss-Newton study relies on (Proofs/GramGaussNewton.md §3–§4): the
/// rounding error of the closed-form Jacobian (which `Spectral.gramSpectrum` turns into the
/// bound on λ_min(JJᵀ)) and the rounding floor of ‖f − y‖. Line fits: `Statistics.LineFit`.
public enum GramGaussNewtonMath {
    static let unitRoundoff = Rounding.unitRoundoff
    static func gamma(_ k: Int) -> Double { Rounding.gamma(k) }

    /// Upper bounds of sup|ϱ′| and sup|ϱ″| valid for SiLU (1.0998, 0.5), tanh (1, 0.770) and
    /// softplus (1, 0.25); ReLU's ϱ′ jumps and is not covered (Proofs/GramGaussNewton.md §3.3).
    public static let lipschitzValue = 1.1
    public static let lipschitzDerivative = 1.0

    /// First-order bound on ‖J̃ − J‖_F for the closed-form Jacobian at θ: each preactivation
    /// z = u_i·x carries |Δz| ≤ γ_{n0}‖u_i‖‖x‖, which moves ϱ and ϱ′ by at most L|Δz|, L′|Δz|;
    /// the remaining products and the activation itself add ≤ 8u relative per entry.
    public static func jacobianErrorBound(problem: Problem, theta: [Double], jacobianFrobenius: Double) -> Double {
        let net = problem.network
        let n = net.width, n0 = net.inputDimension
        let kappa = net.kappa
        let x = problem.trainInputs
        let g = gamma(n0)
        var total = 0.0
        for jx in 0..<x.rows {
            var xn2 = 0.0
            for k in 0..<n0 { xn2 += x[jx, k] * x[jx, k] }
            let xn = xn2.squareRoot()
            for i in 0..<n {
                var un2 = 0.0
                for k in 0..<n0 { let u = theta[net.indexU(i, k)]; un2 += u * u }
                let dz = g * un2.squareRoot() * xn
                let v = theta[net.indexV(i)]
                // u-block entries: κ v ϱ′(z) x_k, ‖·‖² over k ≤ κ²v²L′²dz²‖x‖²; v entry: κ ϱ(z), ≤ κ²L²dz².
                total += kappa * kappa * dz * dz * (lipschitzDerivative * lipschitzDerivative * v * v * xn2 + lipschitzValue * lipschitzValue)
            }
        }
        return total.squareRoot() + 8 * unitRoundoff * jacobianFrobenius
    }

    /// First-order bound on the rounding error of ‖f(θ) − y‖ on the training set: per output,
    /// |Δf_j| ≤ γ_{n+n0+8}·κ·Σ_i|v_i|(|ϱ(z_ij)| + L‖u_i‖‖x_j‖) ≤ γ·κ·‖v‖(2.1‖U‖_F‖x_j‖ + 0.7√n),
    /// using |ϱ(z)| ≤ |z| + 0.7 for SiLU, tanh and softplus (Proofs/GramGaussNewton.md §4.1).
    public static func residualErrorBound(problem: Problem, theta: [Double]) -> Double {
        let net = problem.network
        let n = net.width, n0 = net.inputDimension
        var u2 = 0.0, v2 = 0.0
        for k in 0..<(n * n0) { u2 += theta[k] * theta[k] }
        for i in 0..<n { v2 += theta[net.indexV(i)] * theta[net.indexV(i)] }
        let x = problem.trainInputs
        var sum = 0.0
        for jx in 0..<x.rows {
            var xn2 = 0.0
            for k in 0..<n0 { xn2 += x[jx, k] * x[jx, k] }
            let e = gamma(n + n0 + 8) * net.kappa * v2.squareRoot() * (2.1 * u2.squareRoot() * xn2.squareRoot() + 0.7 * Double(n).squareRoot())
            sum += e * e
        }
        // The targets and the subtraction f − y add ≤ u(|f_j| + |y_j|) each; folded in with 2u‖y‖.
        return sum.squareRoot() + 2 * unitRoundoff * Vector.norm2(problem.trainTargets)
    }
}
