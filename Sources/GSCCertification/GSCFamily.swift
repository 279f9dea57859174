import GSCCore
import Intervals
import PortableMath

/// The univariate regularizers whose published GSC constants are certified here.
/// Formulas and sources: Proofs/GSCCertification.md §1.
public enum GSCKind: String, Sendable, CaseIterable, Hashable, Codable {
    /// h(t) = √(μ²+t²) − μ (000, "Simulation").
    case pseudoHuber = "pseudo-huber"
    /// h(t) = (R−μ)/2 − (μ/2)·log((R+μ)/(2μ)), R = √(μ²+4t²): the simplified closed form of
    /// `osba_smooth_l1` in SelfConcordantSmoothOptimization.jl (Ostrovskii & Bach smoothing of |t|).
    case ostrovskiiBach = "ostrovskii-bach"
    /// h(t) = μ·e^{(a−t)/μ}, a = 0 (`exp_smooth_indbox`, lower bound of a box).
    case exponentialBox = "exponential-box"
    /// The barrier-free part of `LogExp_smooth_indbox` on the box [a, b] = [0, 4]:
    /// (a−t+3μ)(a−t+μ)/(2μ) for t ≤ a+μ, 0 between, (t−b+3μ)(t−b+μ)/(2μ) for t ≥ b−μ.
    case logExpBox = "log-exp-box"
    /// h(t) = t²/2.
    case quadratic = "quadratic"
    /// h(t) = −log t on t > 0 (the classical self-concordant control).
    case negativeLog = "negative-log"

    /// The published (M, ν) for μ = 1 and where it comes from.
    public var claim: (m: Double, nu: Double, source: String) {
        switch self {
        case .pseudoHuber: return (PseudoHuber.claimedGSC.mH, PseudoHuber.claimedGSC.nu, PseudoHuber.claimSource)
        case .ostrovskiiBach: return (2 * 2.0.squareRoot(), 3, "SelfConcordantSmoothOptimization.jl: osba_smooth_Mh = 2*sqrt(2), nu = 3")
        case .exponentialBox: return (1, 2, "SelfConcordantSmoothOptimization.jl: exp_smooth_Mh = 1, nu = 2")
        case .logExpBox: return (1, 2, "SelfConcordantSmoothOptimization.jl: LogExp_smooth2_Mh = 1, nu = 2")
        case .quadratic: return (0, 3, "M = 0 for every nu (h''' = 0)")
        case .negativeLog: return (2, 3, "Nesterov-Nemirovskii: -log t is (2, 3)-self-concordant")
        }
    }

    /// Whether h depends on μ (−log t and t²/2 do not).
    public var usesMu: Bool { self != .quadratic && self != .negativeLog }

    /// The exponent k of the μ-scaling law M*(μ) = μ^k·M*(1) (Proofs §3).
    public func muExponent(nu: Double) -> Double { usesMu ? nu / 2 - 2 : 0 }

    /// Domain lower end (exclusive) of h.
    public var domainLower: Double { self == .negativeLog ? 0 : -.infinity }

    /// Whether h is C³ on its domain (the log-exp box smoothing is not even C¹).
    public var isC3: Bool { self != .logExpBox }

    static let boxA = 0.0, boxB = 4.0

    /// (h, h', h'', h''') at t, in forms without cancellation near 0 or overflow at large |t|.
    public func derivatives(_ t: Double, mu: Double) -> (Double, Double, Double, Double) {
        switch self {
        case .pseudoHuber:
            return PseudoHuber.derivatives(t, mu: mu)
        case .ostrovskiiBach:
            let r = GSCKind.hypot(mu, 2 * t)
            let a = abs(t)
            let q = a == 0 ? 0 : 2 * (a / (r + mu)) * (a / mu)      // q = (R−μ)/(2μ) = 2t²/(μ(R+μ))
            let h = 0.5 * mu * (q + GSCKind.xMinusLog1p(q))   // (μ/2)(2q − log(1+q))
            let c = mu / r, s = t / r
            let h1 = 2 * s / (1 + c)
            let h2 = 2 * c / (r * (1 + c))
            let h3 = -8 * c * s * (2 + c) / (r * r * (1 + c) * (1 + c))
            return (h, h1, h2, h3)
        case .exponentialBox:
            let e = PortableMath.exp((GSCKind.boxA - t) / mu)
            return (mu * e, -e, e / mu, -e / (mu * mu))
        case .logExpBox:
            let a = GSCKind.boxA, b = GSCKind.boxB
            if t <= a + mu {
                return ((a - t + 3 * mu) * (a - t + mu) / (2 * mu), (t - a - 2 * mu) / mu, 1 / mu, 0)
            } else if t >= b - mu {
                return ((t - b + 3 * mu) * (t - b + mu) / (2 * mu), (t - b + 2 * mu) / mu, 1 / mu, 0)
            }
            return (0, 0, 0, 0)
        case .quadratic:
            return (0.5 * t * t, t, 1, 0)
        case .negativeLog:
            if t <= 0 { return (.infinity, .nan, .nan, .nan) }
            let u = 1 / t
            return (-PortableMath.log(t), -u, u * u, -2 * u * u * u)
        }
    }

    /// The GSC ratio ρ(t) = |h'''(t)|/h''(t)^{ν/2} as an interval over a box of t, written in the
    /// closed forms of Proofs §2 (identities checked against the derivatives in the tests).
    public func ratio(_ t: Interval, mu: Double, nu: Double) -> Interval {
        switch self {
        case .pseudoHuber:
            // 3 μ^{2−ν} |t| (μ²+t²)^{(3ν/2−5)/2}
            let r2 = Interval(mu).squared + t.squared
            return Interval(3) * Interval(mu).pow(2 - nu) * t.magnitude * r2.pow((1.5 * nu - 5) / 2)
        case .ostrovskiiBach:
            // 8μ|t|(2R+μ)/(R³(R+μ)²) · (R(R+μ)/(2μ))^{ν/2}
            let m = Interval(mu)
            let r = (m.squared + Interval(4) * t.squared).squareRoot
            let rpm = r + m
            let num = Interval(8 * mu) * t.magnitude * (Interval(2) * r + m)
            let den = r * r * r * rpm.squared
            let base = (r * rpm) / Interval(2 * mu)
            return num / den * base.pow(nu / 2)
        case .exponentialBox:
            // μ^{ν/2−2} · e^{(1−ν/2)(a−t)/μ}
            let e = (Interval(1 - nu / 2) * (Interval(GSCKind.boxA) - t) / Interval(mu)).exp
            return Interval(mu).pow(nu / 2 - 2) * e
        case .logExpBox:
            return Interval(0)   // h''' = 0 away from the breakpoints; certification treats it apart
        case .quadratic:
            return Interval(0)
        case .negativeLog:
            // 2 t^{ν−3}, t > 0
            return Interval(2) * t.pow(nu - 3)
        }
    }

    /// The exact sup of ρ where Proofs/GSCCertification.md §2 gives it in closed form (used only
    /// to decide a claim that equals the sup, which no finite-precision enclosure can separate).
    public func analyticSup(mu: Double, nu: Double) -> Double? {
        let k = PortableMath.pow(mu, muExponent(nu: nu))
        switch self {
        case .pseudoHuber:
            guard nu < 8.0 / 3 else { return nil }
            let s2 = 2 / (8 - 3 * nu)
            return k * 3 * s2.squareRoot() * PortableMath.pow(1 + s2, (1.5 * nu - 5) / 2)
        case .ostrovskiiBach: return nu == 3 ? k * 2 * 2.0.squareRoot() : nil
        case .exponentialBox: return nu == 2 ? k : nil
        case .quadratic: return 0
        case .negativeLog: return nu == 3 ? 2 : nil
        case .logExpBox: return nil
        }
    }

    /// Point value of the ratio from the derivatives (what the multivariate search uses).
    public func pointRatio(_ t: Double, mu: Double, nu: Double) -> Double {
        let d = derivatives(t, mu: mu)
        if d.3 == 0 { return 0 }
        return abs(d.3) / PortableMath.pow(d.2, nu / 2)
    }

    /// √(a²+b²) without overflow or underflow.
    static func hypot(_ a: Double, _ b: Double) -> Double {
        let x = abs(a), y = abs(b)
        let big = max(x, y), small = min(x, y)
        if big == 0 { return 0 }
        if big < 1e150 && small > 1e-150 { return (x * x + y * y).squareRoot() }
        let q = small / big
        return big * (1 + q * q).squareRoot()
    }

    /// q − log(1+q) for q ≥ 0 without cancellation near 0.
    static func xMinusLog1p(_ q: Double) -> Double {
        if q < 0.25 {
            // Σ_{k≥2} (−1)^k q^k / k, alternating with ratio ≤ 1/4: 40 terms reach < 1e-24 relative.
            var sum = 0.0, pw = q * q
            for k in 2...40 {
                let term = pw / Double(k)
                sum += (k % 2 == 0) ? term : -term
                pw *= q
            }
            return sum
        }
        return q - PortableMath.log1p(q)
    }
}
