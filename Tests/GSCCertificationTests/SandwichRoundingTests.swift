import Foundation
import GSCCertification
import GSCCore
import SeededRandom
import Testing

/// The sandwich's error bound against an extended-precision (Float80, 64-bit significand)
/// re-evaluation of the same pairs, on adversarial points: d_ν near 1 (where ω_ν, ν = 2.6, blows
/// up), small d (sides near D), tiny and huge scales (Proofs/GSC.md §4).
@Suite struct SandwichRoundingTests {
    /// Pseudo-Huber h(t) = √(μ² + t²) − μ and its first two derivatives, in Float80.
    static func h80(_ t: Float80, _ mu: Float80) -> (Float80, Float80, Float80) {
        let r = (mu * mu + t * t).squareRoot()
        return (t * t / (r + mu), t / r, mu * mu / (r * r * r))
    }

    /// ω_ν(τ) for 2 < ν < 3, ν ≠ 4, by the closed form in Float80 (|τ| ≥ 0.25 here, no cancellation).
    static func omega80(_ nu: Float80, _ t: Float80) -> Float80 {
        if t >= 1 { return .infinity }
        let a = 2 * (3 - nu) / (2 - nu), c = (nu - 2) / (2 * (3 - nu))
        let power = Foundation.exp(a * Foundation.log(1 - t))
        return (nu - 2) / (4 - nu) / t * (c / t * (power - 1) - 1)
    }

    struct Exact { var lower: Float80; var upper: Float80 }

    /// The exact margins D − ω(−d)‖δ‖²_x and ω(d)‖δ‖²_x − D of the pair (x, x + δ).
    static func exact(_ x: [Double], _ delta: [Double], mu: Double, nu: Double, m: Double) -> Exact {
        let mu80 = Float80(mu), nu80 = Float80(nu)
        var breg: Float80 = 0, lx2: Float80 = 0, l2: Float80 = 0
        for i in x.indices {
            let xi = Float80(x[i]), di = Float80(delta[i])
            let hx = h80(xi, mu80), hy = h80(xi + di, mu80)
            breg += hy.0 - hx.0 - hx.1 * di
            lx2 += hx.2 * di * di
            l2 += di * di
        }
        let d = (nu80 / 2 - 1) * Float80(m) * Foundation.pow(l2.squareRoot(), 3 - nu80) * Foundation.pow(lx2.squareRoot(), nu80 - 2)
        return Exact(lower: breg - omega80(nu80, -d) * lx2, upper: omega80(nu80, d) * lx2 - breg)
    }

    /// A pair whose d_ν is `target` at scale s (x ~ s, δ ~ s).
    static func pair(_ rng: inout SeededSampler, p: Int, scale s: Double, target: Double, mu: Double, nu: Double, m: Double) -> ([Double], [Double]) {
        let x = (0..<p).map { _ in s * rng.uniform(-3, 3) }
        let dir = (0..<p).map { _ in rng.normal() }
        var n2 = 0.0, nx = 0.0
        for i in 0..<p {
            let h2 = GSCKind.pseudoHuber.derivatives(x[i], mu: mu).2
            n2 += dir[i] * dir[i]; nx += h2 * dir[i] * dir[i]
        }
        let d0 = GSCFunctions.dNu(nu: nu, M: m, euclidean: n2.squareRoot(), local: nx.squareRoot())
        return (x, dir.map { $0 * target / d0 })
    }

    @Test(arguments: [0.3, 0.9, 0.98, 0.989, 0.995, 0.999, 0.9999])
    func boundCoversTheExactMarginNearOne(target: Double) {
        var rng = SeededSampler(seed: 77)
        var worst = 0.0
        for k in 0..<400 {
            let p = k % 2 == 0 ? 1 : 3
            // μ scales with the points, so h stays in its interesting range at every scale.
            let s = [1.0, 1e-150, 1e150, 1e-158][k % 4]
            let mu = s, m = PseudoHuber.claimedGSC.mH * Foundation.pow(mu, 0.3)
            let (x, delta) = Self.pair(&rng, p: p, scale: s, target: target, mu: mu, nu: 2.6, m: m)
            let pr = SandwichCheck.pair(.pseudoHuber, mu: mu, nu: 2.6, m: m, x: x, delta: delta)
            let ex = Self.exact(x, delta, mu: mu, nu: 2.6, m: m)
            let lowGap = abs(Float80(pr.bregman - pr.lowerSide) - ex.lower), upGap = abs(Float80(pr.upperSide - pr.bregman) - ex.upper)
            #expect(lowGap <= Float80(pr.lowerError), "lower margin off by \(lowGap) > bound \(pr.lowerError) at d = \(pr.d), scale \(s)")
            #expect(upGap <= Float80(pr.upperError), "upper margin off by \(upGap) > bound \(pr.upperError) at d = \(pr.d), scale \(s)")
            if pr.upperError > 0 { worst = max(worst, Double(upGap) / pr.upperError) }
        }
        #expect(worst <= 1)
    }

    /// Where d(1 + δ_d) reaches 1 the upper side is undefined for some d within rounding: the bound
    /// is infinite, so the pair is undecided, not a verdict.
    @Test func atTheSingularityTheBoundIsInfinite() {
        let x = [0.5], mu = 1.0, nu = 2.6, m = 2.0
        let h2 = GSCKind.pseudoHuber.derivatives(0.5, mu: mu).2
        let d1 = GSCFunctions.dNu(nu: nu, M: m, euclidean: 1, local: h2.squareRoot())
        let pr = SandwichCheck.pair(.pseudoHuber, mu: mu, nu: nu, m: m, x: x, delta: [(1 - 1e-17) / d1])
        #expect(pr.upperError == .infinity || pr.d >= 1)
    }
}
