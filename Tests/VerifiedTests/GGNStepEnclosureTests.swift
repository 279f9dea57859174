import Foundation
import Intervals
import LinearAlgebra
import Regularizers
import SeededRandom
import Testing
import TwoLayerNetwork
import Verified

/// The pieces a counterexample certificate stands on (Proofs/Numerics.md §7), against Float80
/// re-evaluations written here from the closed forms: the penalty's derivatives at adversarial
/// points, and the whole regularized-GGN step (Gaussian elimination in Float80, no LAPACK).
@Suite struct GGNStepEnclosureTests {
    /// Pseudo-Huber h, h', h'', h''' in Float80: r = √(μ² + t²), h = t²/(r + μ), h' = t/r, h'' = μ²/r³, h''' = −3μ²t/r⁵.
    static func pseudoHuber80(_ t: Float80, _ mu: Float80) -> [Float80] {
        let r = (mu * mu + t * t).squareRoot()
        return [t * t / (r + mu), t / r, mu * mu / (r * r * r), -3 * mu * mu * t / (r * r * r * r * r)]
    }

    @Test("pseudo-Huber enclosures contain the Float80 derivatives at adversarial points", arguments: [1.0, 1e-3, 1e3, 1e-150, 1e150])
    func penalty(mu: Double) {
        let points: [Double] = [0, 5e-324, 1e-300, 1e-160, mu, mu.nextUp, 0.5, 1, 3, 1e150, 1e300, Double.greatestFiniteMagnitude]
        for p in points {
            for t in [p, -p] {
                let e = ScalarPenalty.pseudoHuber(mu: mu).enclosure(Interval(t))
                let r = Self.pseudoHuber80(Float80(t), Float80(mu))
                for (k, (iv, ref)) in zip([e.h, e.d1, e.d2, e.d3], r).enumerated() {
                    #expect(iv.contains80(ref), "μ = \(mu), t = \(t), derivative \(k): \(iv) vs \(ref)")
                }
            }
        }
    }

    /// The regularized-GGN step from θ in Float80, and the loss there.
    static func step80(_ net: TwoLayerNetwork, _ theta: [Double], _ x: Matrix, _ y: [Double], mu: Double, tau: Double,
                       alphaBar: Double, mG: Double) -> (next: [Float80], loss: Float80) {
        let (phi, jac) = NetworkEnclosureTests.float80(net, theta, x)
        let m = x.rows, p = theta.count
        let t80 = Float80(tau)
        let d = theta.map { Self.pseudoHuber80(Float80($0), Float80(mu)) }
        let grad = d.map { t80 * $0[1] }, h = d.map { t80 * $0[2] }
        let e = (0..<m).map { (phi[$0] - Float80(y[$0])) / Float80(m) }
        var eta: Float80 = 0
        for j in 0..<p { eta += grad[j] * grad[j] / h[j] }
        let alpha = Float80(alphaBar) / (1 + Float80(mG) * eta.squareRoot())
        func jHat(_ r: Int, _ j: Int) -> Float80 { r < m ? jac[r + j * m] : grad[j] }
        var a = [[Float80]](repeating: [Float80](repeating: 0, count: m + 1), count: m + 1)
        for r in 0...m {
            for c in 0...m {
                var k: Float80 = 0
                for j in 0..<p { k += jHat(r, j) * jHat(c, j) / h[j] }
                a[r][c] = (r < m ? k / Float80(m) : 0) + (r == c ? 1 : 0)
            }
        }
        var b = e + [1]
        // Gaussian elimination with partial pivoting.
        for k in 0...m {
            let piv = (k...m).max { abs(a[$0][k]) < abs(a[$1][k]) }!
            a.swapAt(k, piv); b.swapAt(k, piv)
            for i in (k + 1)..<(m + 1) {
                let f = a[i][k] / a[k][k]
                for j in k...m { a[i][j] -= f * a[k][j] }
                b[i] -= f * b[k]
            }
        }
        var z = [Float80](repeating: 0, count: m + 1)
        for i in stride(from: m, through: 0, by: -1) {
            var s = b[i]
            for j in (i + 1)..<(m + 1) { s -= a[i][j] * z[j] }
            z[i] = s / a[i][i]
        }
        let next = (0..<p).map { j -> Float80 in
            var s: Float80 = 0
            for r in 0...m { s += jHat(r, j) * z[r] }
            return Float80(theta[j]) - alpha * s / h[j]
        }
        var loss: Float80 = 0
        for i in 0..<m { loss += (phi[i] - Float80(y[i])) * (phi[i] - Float80(y[i])) }
        loss = loss / Float80(2 * m) + t80 * d.reduce(0) { $0 + $1[0] }
        return (next, loss)
    }

    @Test("the enclosed exact step contains the Float80 step (τ from 1 to 1e-8, θ up to 1e3, every activation)",
          arguments: [1.0, 1e-4, 1e-8])
    func stepContainsFloat80(tau: Double) throws {
        for (seed, a) in zip([11, 12, 13, 14] as [UInt64], Activation.allCases) {
            for scale in [1.0, 1e3] {
                var rng = SeededSampler(seed: seed)
                let net = TwoLayerNetwork(inputDimension: 2, width: 5, activation: a)
                let theta = rng.normals(net.parameterCount).map { scale * $0 }
                let x = Matrix(rows: 4, cols: 2, columnMajor: rng.normals(8))
                let y = rng.normals(4)
                let mu = 0.7, mG = 2.5, alphaBar = 0.3
                let reg = Regularizer(penalty: .pseudoHuber(mu: mu), tau: tau)
                // H_ii ≈ τμ²/|θ_i|³ makes K = ĴH⁻¹Ĵᵀ ~ 10¹⁷ at τ = 1e-8, |θ| ~ 10³: I + Q̂K is then
                // singular to working precision and no enclosure (nil) is the honest answer; nowhere else.
                guard let enc = GGNStepEnclosure(theta: theta, network: net, inputs: x, targets: y, regularizer: reg,
                                                 alphaBar: alphaBar, mG: Interval(mG)) else {
                    #expect(tau / (scale * scale * scale) < 1e-12, "no enclosure at seed \(seed), \(a), τ = \(tau), scale \(scale)")
                    continue
                }
                let ref = Self.step80(net, theta, x, y, mu: mu, tau: tau, alphaBar: alphaBar, mG: mG)
                #expect(enc.loss.contains80(ref.loss), "loss \(enc.loss) vs \(ref.loss)")
                for j in theta.indices {
                    #expect(enc.next[j].contains80(ref.next[j]), "\(a), τ = \(tau), scale \(scale), θ⁺[\(j)] \(enc.next[j]) vs \(ref.next[j])")
                }
            }
        }
    }
}
