import Foundation
import LinearAlgebra
import Problems

/// The numerics the Gram-Gauss-Newton study relies on (Proofs/GramGaussNewton.md §3–§4):
/// a certified lower bound on λ_min(JJᵀ), the rounding floor of ‖f − y‖, and the least-squares
/// slope with its Student-t interval.
public enum GramGaussNewtonMath {
    static let unitRoundoff = Rounding.unitRoundoff
    static func gamma(_ k: Int) -> Double { Rounding.gamma(k) }

    /// λ̂_min of Ĝ = fl(JJᵀ) and what separates it from λ_min of the exact Gram matrix at the
    /// same iterate (Proofs/GramGaussNewton.md §3).
    public struct LambdaMinBound: Sendable, Equatable {
        /// Smallest eigenvalue returned by dsyevd for Ĝ.
        public var computed: Double
        /// ‖Ĝ − J̃J̃ᵀ‖₂ bound from dsyrk: γ_{p+2}·‖J̃‖_F² (rigorous).
        public var syrkError: Double
        /// ‖J̃J̃ᵀ − JJᵀ‖₂ bound from the rounding of the Jacobian entries (first-order model).
        public var jacobianError: Double
        /// |λ̂ − λ(Ĝ)| bound from dsyevd's backward error, n²u‖Ĝ‖_F (our reading of p(n)).
        public var eigenError: Double
        public var totalError: Double { syrkError + jacobianError + eigenError }
        /// The certified lower bound λ̂_min − total error (Weyl).
        public var lower: Double { computed - totalError }
        public var certified: Bool { lower > 0 }
    }

    /// Certified lower bound for λ_min(JJᵀ) from the computed Jacobian `j` and a bound
    /// `jacobianErrorF` ≥ ‖J̃ − J‖_F on its rounding error.
    public static func lambdaMinBound(jacobian j: Matrix, jacobianErrorF: Double) throws -> LambdaMinBound {
        let g = Matrix.gram(j)
        let values = try Spectral.symmetricEigenvalues(g)
        let n = g.rows, p = j.cols
        var sumSq = 0.0
        for x in j.storage { sumSq += x * x }
        // The computed sum of m·p squares underestimates ‖J̃‖_F² by at most a factor (1 − γ_{mp+1}).
        let fro2 = sumSq / (1 - gamma(n * p + 1))
        let syrk = gamma(p + 2) * fro2
        let jNorm = fro2.squareRoot()
        let jac = 2 * jacobianErrorF * jNorm + jacobianErrorF * jacobianErrorF
        let eig = Spectral.symmetricEigenvalueErrorBound(g)
        return LambdaMinBound(computed: values.first ?? .nan, syrkError: syrk, jacobianError: jac, eigenError: eig)
    }

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

    /// Ordinary least squares y = a + b·x with the two-sided (1 − α) Student-t interval of b.
    public struct SlopeFit: Sendable, Equatable, Codable {
        public var intercept: Double
        public var slope: Double
        /// Half-width t_{1−α/2, k−2}·se(b); +∞ with fewer than 3 points.
        public var halfWidth: Double
        public var points: Int
        public var lower: Double { slope - halfWidth }
        public var upper: Double { slope + halfWidth }
    }

    public static func fitSlope(x: [Double], y: [Double], confidence: Double = 0.95) -> SlopeFit {
        precondition(x.count == y.count)
        let k = x.count
        let mx = x.reduce(0, +) / Double(k), my = y.reduce(0, +) / Double(k)
        var sxx = 0.0, sxy = 0.0
        for i in 0..<k { sxx += (x[i] - mx) * (x[i] - mx); sxy += (x[i] - mx) * (y[i] - my) }
        let b = sxy / sxx
        let a = my - b * mx
        guard k >= 3 else { return SlopeFit(intercept: a, slope: b, halfWidth: .infinity, points: k) }
        var sse = 0.0
        for i in 0..<k { let r = y[i] - a - b * x[i]; sse += r * r }
        let se = (sse / Double(k - 2) / sxx).squareRoot()
        let t = studentTQuantile(0.5 + confidence / 2, degreesOfFreedom: k - 2)
        return SlopeFit(intercept: a, slope: b, halfWidth: t * se, points: k)
    }

    /// The Student-t density with ν degrees of freedom.
    public static func studentTDensity(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        exp(logDensityConstant(nu) - (Double(nu) + 1) / 2 * log1p(t * t / Double(nu)))
    }

    static func logDensityConstant(_ nu: Int) -> Double {
        let v = Double(nu)
        return lgamma((v + 1) / 2) - lgamma(v / 2) - 0.5 * log(v * Double.pi)
    }

    /// F(t) = ½ + ∫₀ᵗ density, composite Simpson with 4000 panels after the substitution
    /// t = tan θ (so the heavy ν = 1 tail is integrated on a bounded interval).
    public static func studentTCDF(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        if t < 0 { return 1 - studentTCDF(-t, degreesOfFreedom: nu) }
        let c0 = logDensityConstant(nu), v = Double(nu)
        let top = atan(t)
        let panels = 4000
        let h = top / Double(panels)
        func f(_ th: Double) -> Double {
            let c = cos(th), x = tan(th)
            return exp(c0 - (v + 1) / 2 * log1p(x * x / v)) / (c * c)
        }
        var s = f(0) + f(top)
        for i in 1..<panels { s += f(Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
        return 0.5 + s * h / 3
    }

    /// The q-quantile (q > ½) of Student's t with ν degrees of freedom: Newton's method on the
    /// CDF, kept inside a bisection bracket.
    public static func studentTQuantile(_ q: Double, degreesOfFreedom nu: Int) -> Double {
        var lo = 0.0, hi = 1.0
        while studentTCDF(hi, degreesOfFreedom: nu) < q && hi < 1e8 { lo = hi; hi *= 2 }
        var x = (lo + hi) / 2
        for _ in 0..<100 {
            let g = studentTCDF(x, degreesOfFreedom: nu) - q
            if g < 0 { lo = x } else { hi = x }
            var next = x - g / studentTDensity(x, degreesOfFreedom: nu)
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - x) <= 1e-12 * max(1, x) { return next }
            x = next
        }
        return x
    }
}
