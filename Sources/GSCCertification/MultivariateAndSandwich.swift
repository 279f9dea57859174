import GSCCore
import PortableMath

/// Adversarial search of the multivariate GSC ratio of g(x) = Σ h(x_i).
public struct MultivariateSearch: Sendable {
    public let kind: GSCKind
    public let mu: Double
    public let nu: Double
    public let p: Int
    public let evaluations: Int
    /// Largest ratio |⟨∇³g(x)[v]u,u⟩| / (‖u‖²_x‖v‖_x^{ν−2}‖v‖₂^{3−ν}) found.
    public let worstRatio: Double
    /// The ratio at u = v = e_1, x_1 = the univariate maximizer (other x_i = 0 or 1).
    public let coordinateRatio: Double

    static func sampleCoordinate(_ k: GSCKind, mu: Double, rng: inout SplitMix64) -> Double {
        switch k {
        case .negativeLog: return PortableMath.pow(10, rng.uniform(-3, 3))
        case .exponentialBox: return mu * rng.uniform(-20, 20)
        default:
            let s = mu * PortableMath.pow(10, rng.uniform(-2, 3))
            return rng.uniform() < 0.5 ? -s : s
        }
    }

    public static func ratio(_ k: GSCKind, mu: Double, nu: Double, h2: [Double], h3: [Double], u: [Double], v: [Double]) -> Double {
        var num = 0.0, ux = 0.0, vx = 0.0, v2 = 0.0
        for i in u.indices {
            num += h3[i] * v[i] * u[i] * u[i]
            ux += h2[i] * u[i] * u[i]
            vx += h2[i] * v[i] * v[i]
            v2 += v[i] * v[i]
        }
        if num == 0 { return 0 }
        let den = ux * PortableMath.pow(vx, (nu - 2) / 2) * PortableMath.pow(v2, (3 - nu) / 2)
        return abs(num) / den
    }

    /// Seeded random restarts + coordinate ascent over (x, u, v).
    public static func run(_ k: GSCKind, mu: Double, nu: Double, p: Int, argmax: Double,
                           restarts: Int = 16, sweeps: Int = 12, seed: UInt64 = 0x5EED) -> MultivariateSearch {
        var rng = SplitMix64(seed: seed &+ UInt64(p) &* 1_000_003)
        var worst = 0.0, evals = 0
        for _ in 0..<restarts {
            var x = (0..<p).map { _ in sampleCoordinate(k, mu: mu, rng: &rng) }
            var u = (0..<p).map { _ in rng.normal() }
            var v = (0..<p).map { _ in rng.normal() }
            var h2 = x.map { k.derivatives($0, mu: mu).2 }
            var h3 = x.map { k.derivatives($0, mu: mu).3 }
            var best = ratio(k, mu: mu, nu: nu, h2: h2, h3: h3, u: u, v: v); evals += 1
            var step = 1.0
            for _ in 0..<sweeps {
                for j in 0..<p {
                    for which in 0..<3 {
                        for sign in [-1.0, 1.0] {
                            var x2 = x, u2 = u, v2 = v, hh2 = h2, hh3 = h3
                            switch which {
                            case 0:
                                x2[j] = k == .negativeLog ? x[j] * PortableMath.exp(sign * step) : x[j] + sign * step * mu * max(1, abs(x[j]) / mu)
                                let d = k.derivatives(x2[j], mu: mu); hh2[j] = d.2; hh3[j] = d.3
                            case 1: u2[j] += sign * step * max(1e-3, abs(u[j]))
                            default: v2[j] += sign * step * max(1e-3, abs(v[j]))
                            }
                            let r = ratio(k, mu: mu, nu: nu, h2: hh2, h3: hh3, u: u2, v: v2); evals += 1
                            if r.isFinite && r > best { best = r; x = x2; u = u2; v = v2; h2 = hh2; h3 = hh3 }
                        }
                    }
                }
                step *= 0.6
            }
            worst = max(worst, best)
        }
        // u = v = e_1 at the univariate maximizer.
        var x = [Double](repeating: k == .negativeLog ? 1 : 0, count: p)
        x[0] = argmax
        let h2 = x.map { k.derivatives($0, mu: mu).2 }, h3 = x.map { k.derivatives($0, mu: mu).3 }
        var e = [Double](repeating: 0, count: p); e[0] = 1
        let cr = ratio(k, mu: mu, nu: nu, h2: h2, h3: h3, u: e, v: e)
        return MultivariateSearch(kind: k, mu: mu, nu: nu, p: p, evaluations: evals, worstRatio: max(worst, cr), coordinateRatio: cr)
    }
}

/// One pair (x, y = x + δ) of the sandwich ω_ν(−d)‖δ‖²_x ≤ D ≤ ω_ν(d)‖δ‖²_x, D the Bregman
/// distance of the separable sum, with a rounding bound on each margin (Proofs/GSC.md §4):
/// D's evaluation (8(p+2)ε·Σ|terms|), each side's (64ε), and the side's sensitivity to the
/// rounding of d: ω_ν is increasing, so the exact side lies between ω_ν at d(1 ∓ δ_d), δ_d =
/// (p + 24 + 2|b ln a| per pow(a, b))ε the relative error of d (sums of squares, the derivatives,
/// two pow, whose error grows with the logarithm of huge or tiny arguments); near d → 1
/// (ν < 3, ω_ν → ∞) this term dominates, and at d(1 + δ_d) ≥ 1 the bound is infinite (undecided).
public struct SandwichPair: Sendable, Equatable {
    public var bregman: Double
    public var lowerSide: Double
    public var upperSide: Double
    public var localNorm2: Double
    public var euclidean2: Double
    public var d: Double
    public var lowerError: Double
    public var upperError: Double
}

extension SandwichCheck {
    public static func pair(_ k: GSCKind, mu: Double, nu: Double, m: Double, x: [Double], delta: [Double]) -> SandwichPair {
        let eps = Double.ulpOfOne
        let p = x.count
        var breg = 0.0, mag = 0.0, lx2 = 0.0, l2 = 0.0
        for i in 0..<p {
            let dx = k.derivatives(x[i], mu: mu)
            let hy = k.derivatives(x[i] + delta[i], mu: mu).0
            breg += hy - dx.0 - dx.1 * delta[i]
            mag += abs(hy) + abs(dx.0) + abs(dx.1 * delta[i])
            lx2 += dx.2 * delta[i] * delta[i]
            l2 += delta[i] * delta[i]
        }
        let d = GSCFunctions.dNu(nu: nu, M: m, euclidean: l2.squareRoot(), local: lx2.squareRoot())
        let lowSide = GSCFunctions.omega(nu: nu, -d) * lx2
        let upSide = GSCFunctions.omega(nu: nu, d) * lx2
        // d's relative error: the sums and derivatives ((p + 24)ε), and each pow(a, b) = exp(b·ln a),
        // whose error grows with |b·ln a| (2|b ln a|ε: ln's rounding, amplified by exp).
        let powTerms = nu == 2 ? 0 : 2 * (abs((3 - nu) * PortableMath.log(l2.squareRoot())) + abs((nu - 2) * PortableMath.log(lx2.squareRoot())))
        // Gradual underflow: each subnormal square or product is off by up to half the least
        // subnormal, 2^−1075, an absolute error that is large relative to tiny sums.
        let tiny = Double.leastNonzeroMagnitude
        let underflow = Double(2 * p) * tiny * (1 / max(l2, tiny) + 1 / max(lx2, tiny))
        let dRel = (Double(p + 24) + (powTerms.isFinite ? powTerms : 0)) * eps + underflow
        // ω increasing: ω(−d) lies in [ω(−d(1+δ)), ω(−d(1−δ))], ω(d) in [ω(d(1−δ)), ω(d(1+δ))].
        let lowSpread = max(GSCFunctions.omega(nu: nu, -d * (1 - dRel)) * lx2 - lowSide, lowSide - GSCFunctions.omega(nu: nu, -d * (1 + dRel)) * lx2)
        let upSpread = max(GSCFunctions.omega(nu: nu, d * (1 + dRel)) * lx2 - upSide, upSide - GSCFunctions.omega(nu: nu, d * (1 - dRel)) * lx2)
        let dErr = 8 * Double(p + 2) * (eps * mag + tiny)
        let lowErr = dErr + 64 * eps * abs(lowSide) + 2 * max(0, lowSpread)
        let upErr = dErr + 64 * eps * abs(upSide) + 2 * max(0, upSpread)
        return SandwichPair(bregman: breg, lowerSide: lowSide, upperSide: upSide, localNorm2: lx2, euclidean2: l2, d: d,
                            lowerError: lowErr.isNaN ? .infinity : lowErr, upperError: upErr.isNaN ? .infinity : upErr)
    }
}

/// The function-value sandwich of Proofs/GSC.md §4 on sampled pairs with d_ν < 1.
public struct SandwichCheck: Sendable {
    public let kind: GSCKind
    public let mu: Double
    public let nu: Double
    public let constantLabel: String
    public let m: Double
    public let pairs: Int
    /// min over pairs of (D − ω(−d)‖δ‖²_x)/‖δ‖²_x and of (ω(d)‖δ‖²_x − D)/‖δ‖²_x (relative margins;
    /// pairs with ‖δ‖_x = 0 use the absolute margin).
    public let worstLowerMargin: Double
    public let worstUpperMargin: Double
    public let violations: Int
    /// Pairs whose smaller margin lies within its rounding bound below or at 0 (neither side
    /// decided): under the five-outcome rule these are undecided, not holding.
    public let undecided: Int
    /// The violating pair with the smallest ‖y−x‖₂: x, y, lower side, D, upper side.
    public let witness: (x: [Double], y: [Double], lowerSide: Double, bregman: Double, upperSide: Double)?

    public static func run(_ k: GSCKind, mu: Double, nu: Double, m: Double, label: String,
                           pairs: Int = 4000, seed: UInt64 = 0xB4E6) -> SandwichCheck {
        var rng = SplitMix64(seed: seed)
        var wl = Double.infinity, wu = Double.infinity, viol = 0, undecided = 0
        var witness: (x: [Double], y: [Double], lowerSide: Double, bregman: Double, upperSide: Double)? = nil
        var witnessNorm = Double.infinity
        for n in 0..<pairs {
            let p = n % 2 == 0 ? 1 : 3
            let x = (0..<p).map { _ in MultivariateSearch.sampleCoordinate(k, mu: mu, rng: &rng) }
            var dir = (0..<p).map { _ in rng.normal() }
            if n % 4 == 1 { dir = dir.indices.map { $0 == 0 ? 1 : 0 } }
            let dx = x.map { k.derivatives($0, mu: mu) }
            var n2 = 0.0, nx = 0.0
            for i in 0..<p { n2 += dir[i] * dir[i]; nx += dx[i].2 * dir[i] * dir[i] }
            n2 = n2.squareRoot(); nx = nx.squareRoot()
            let d0 = GSCFunctions.dNu(nu: nu, M: m, euclidean: n2, local: nx)
            let target = rng.uniform(0.01, 0.99)
            // d_ν is homogeneous of degree 1 in δ; with d0 = 0 (M = 0 or ‖δ‖_x = 0 at ν > 2) pick a length.
            let scale = d0 > 0 ? target / d0 : mu * rng.uniform(0.01, 3) / n2
            let delta = dir.map { $0 * scale }
            let y = (0..<p).map { x[$0] + delta[$0] }
            if k == .negativeLog && y.contains(where: { $0 <= 0 }) { continue }
            let pr = pair(k, mu: mu, nu: nu, m: m, x: x, delta: delta)
            let (breg, lowSide, upSide, lx2, l2) = (pr.bregman, pr.lowerSide, pr.upperSide, pr.localNorm2, pr.euclidean2)
            let lm = breg - lowSide, um = upSide - breg
            let norm = lx2 > 0 ? lx2 : 1
            wl = min(wl, lm / norm); wu = min(wu, um / norm)
            let lowOK = lm > pr.lowerError || (pr.lowerError == 0 && lm >= 0), upOK = um > pr.upperError || (pr.upperError == 0 && um >= 0)
            let lowBad = lm < -pr.lowerError, upBad = um < -pr.upperError
            if !lowBad && !upBad && !(lowOK && upOK) { undecided += 1 }
            if lowBad || upBad {
                viol += 1
                let len = l2.squareRoot()
                if len < witnessNorm { witnessNorm = len; witness = (x, y, lowSide, breg, upSide) }
            }
        }
        return SandwichCheck(kind: k, mu: mu, nu: nu, constantLabel: label, m: m, pairs: pairs,
                             worstLowerMargin: wl, worstUpperMargin: wu, violations: viol, undecided: undecided, witness: witness)
    }
}
