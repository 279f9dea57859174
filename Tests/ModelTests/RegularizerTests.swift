import Foundation
import Regularizers
import Testing
import TestSupport

/// The penalties' derivatives against finite differences, and their values against
/// Float80 re-evaluation (series where the direct formula would cancel).
@Suite("Regularizers: derivatives and stable evaluation")
struct RegularizerTests {
    static let penalties: [ScalarPenalty] = [.pseudoHuber(mu: 1), .pseudoHuber(mu: 22.36), .pseudoHuber(mu: 0.01), .quadratic]

    @Test("h', h'', h''' match central differences", arguments: penalties)
    func derivatives(_ pen: ScalarPenalty) {
        let scale = pen.mu ?? 1
        for s in stride(from: -5.0, through: 5.0, by: 0.31) {
            let t = s * scale
            let h = 1e-5 * scale
            let (_, d1, d2, d3) = pen.derivatives(t)
            let fd1 = (pen.derivatives(t + h).0 - pen.derivatives(t - h).0) / (2 * h)
            let fd2 = (pen.derivatives(t + h).1 - pen.derivatives(t - h).1) / (2 * h)
            let fd3 = (pen.derivatives(t + h).2 - pen.derivatives(t - h).2) / (2 * h)
            // Truncation h²/6·|next derivative| ≲ h²·(order-of-magnitude scale of h^{(k)}); rounding ε·|f|/h.
            func tol(_ f: Double, _ k: Double) -> Double { 10 * (h * h * pow(scale, -k) + Double.ulpOfOne * (abs(f) + 1) / h) }
            #expect(abs(fd1 - d1) <= tol(pen.derivatives(t).0, 2), "h' at \(t)")
            #expect(abs(fd2 - d2) <= tol(d1, 3), "h'' at \(t)")
            #expect(abs(fd3 - d3) <= tol(d2, 4), "h''' at \(t)")
        }
    }

    @Test("pseudo-Huber closed forms against Float80, no cancellation near 0 or overflow at large |t|",
          arguments: [1.0, 22.36, 1e-3])
    func pseudoHuberHighPrecision(mu: Double) {
        let pen = ScalarPenalty.pseudoHuber(mu: mu)
        for s in [0, 1e-12, 1e-8, 1e-4, 0.01, 0.3, 1, 3.7, 100, 1e6, 1e12] as [Double] {
            for t in [s * mu, -s * mu] {
                let (h0, h1, h2, h3) = pen.derivatives(t)
                let T = Float80(t), M = Float80(mu)
                let r = (M * M + T * T).squareRoot()
                // h(t) in Float80: the series t²/2μ − t⁴/8μ³ + t⁶/16μ⁵ when |t| ≪ μ, else the
                // algebraically equal t²/(r + μ) (the direct r − μ would cancel even in Float80).
                let exactH: Float80 = abs(t) < 1e-3 * mu
                    ? T * T / (2 * M) - T * T * T * T / (8 * M * M * M) + T * T * T * T * T * T / (16 * M * M * M * M * M)
                    : T * T / (r + M)
                func rel(_ a: Double, _ b: Float80) -> Double { Errors.relative(a, b) }
                #expect(rel(h0, exactH) <= 8e-16, "h(\(t))")
                #expect(rel(h1, T / r) <= 4e-16, "h'(\(t))")
                #expect(rel(h2, M * M / (r * r * r)) <= 8e-16, "h''(\(t))")
                #expect(rel(h3, -3 * M * M * T / (r * r * r * r * r)) <= 1.2e-15, "h'''(\(t))")
            }
        }
        let (h0, h1, h2, h3) = pen.derivatives(1e200)
        #expect(h0.isFinite && h1 == 1 && h2.isFinite && h3.isFinite && h2 >= 0)
    }

    @Test("g = τḡ: value, gradient and η = √(∇gᵀH⁻¹∇g) from the closed forms")
    func regularizerAggregate() {
        let theta = [0.3, -2.0, 5.0, 0]
        let mu = 2.0, tau = 0.1
        let reg = Regularizer(penalty: .pseudoHuber(mu: mu), tau: tau)
        let ev = reg.evaluate(theta)
        var eta2 = 0.0, val = 0.0
        for t in theta {
            let r = (mu * mu + t * t).squareRoot()
            val += r - mu
            eta2 += (tau * t / r) * (tau * t / r) / (tau * mu * mu / (r * r * r))
        }
        #expect(abs(ev.value - tau * val) <= 1e-15)
        #expect(abs(ev.eta - eta2.squareRoot()) <= 1e-15)
        // η scales as √τ (Proofs/Regularizers.md §3).
        let ev2 = Regularizer(penalty: .pseudoHuber(mu: mu), tau: 4 * tau).evaluate(theta)
        #expect(abs(ev2.eta - 2 * ev.eta) <= 1e-14)
    }

    @Test("the claimed M_g rule gives the poster's 2μ^{-0.7}p^{0.2}, and τ-scaling τ^{1−ν/2}")
    func mgRule() {
        let mu = 22.360679774997898, p = 3000
        let m = GSCConstants.claimedMg(penalty: .pseudoHuber(mu: mu), parameterCount: p)
        #expect(abs(m - 2 * pow(mu, -0.7) * pow(Double(p), 0.2)) <= 1e-14 * m)
        #expect(abs(GSCConstants.scaled(m, tau: 1e-2, nu: 2.6) - pow(1e-2, -0.3) * m) <= 1e-14 * m * 10)
        #expect(GSCConstants.claimedMg(penalty: .quadratic, parameterCount: p) == 0)
    }
}
