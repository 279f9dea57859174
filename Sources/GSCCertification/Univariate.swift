import Intervals
import PortableMath

/// A certified enclosure of M*(μ, ν) = sup_t |h'''(t)|/h''(t)^{ν/2}.
public struct GSCEnclosure: Sendable {
    public let kind: GSCKind
    public let mu: Double
    public let nu: Double
    /// Certified lower bound: the interval lower end of ρ at `argmax` (an attained value).
    public let lower: Double
    /// Certified upper bound: max of the branch-and-bound cover and the analytic tail bound (+∞ if unbounded).
    public let upper: Double
    /// The point whose ratio gives `lower`.
    public let argmax: Double
    /// ρ(argmax) in double precision (inside [lower, upper]).
    public let ratioAtArgmax: Double
    /// Upper bound of ρ over the tail (outside the cover), from Proofs §2.
    public let tailBound: Double
    /// The compact cover [coverLo, coverHi] handled by branch and bound.
    public let coverLo: Double
    public let coverHi: Double
    public let boxes: Int
    /// Why the sup is +∞ (nil when bounded).
    public let unboundedReason: String?

    public var isBounded: Bool { upper.isFinite }
    public var relativeWidth: Double {
        if upper == lower { return 0 }
        return lower > 0 ? (upper - lower) / lower : .infinity
    }
}

public enum UnivariateCertifier {
    public static let targetRelativeWidth = 1e-6

    /// Search range of the lower-bound search (points in the domain).
    static func searchRange(_ k: GSCKind, mu: Double) -> (Double, Double) {
        switch k {
        case .negativeLog: return (1e-6, 1e6)
        case .exponentialBox: return (-30 * mu, 30 * mu)
        default: return (-1e6 * mu, 1e6 * mu)
        }
    }

    /// The analytic tail bound over the part of the domain outside [lo, hi], or nil if ρ is
    /// unbounded (with the reason), and the cover. Proofs/GSCCertification.md §2.
    static func coverAndTail(_ k: GSCKind, mu: Double, nu: Double) -> (lo: Double, hi: Double, tail: Double?, reason: String?) {
        switch k {
        case .pseudoHuber:
            if nu > 8.0 / 3 { return (0, 0, nil, "nu > 8/3: rho(t) ~ 3 mu^(2-nu) |t|^(3nu/2-4) grows without bound") }
            if nu == 8.0 / 3 { return (-100 * mu, 100 * mu, Interval(3).times(Interval(mu).pow(2 - nu)).hi, nil) }
            let sStar = (2 / (8 - 3 * nu)).squareRoot()
            let t = mu * max(100, 10 * sStar)
            // ρ is decreasing for |t| ≥ μ s*, so sup over |t| ≥ T is ρ(T).
            return (-t, t, k.ratio(Interval(t), mu: mu, nu: nu).hi, nil)
        case .ostrovskiiBach:
            if nu > 3 { return (0, 0, nil, "nu > 3: rho(t) ~ 2^(nu/2) mu^(nu/2-2) (|t|/mu)^(nu-3) grows without bound") }
            if nu == 3 {
                // ρ² = (8/μ)(1 − 3/(4S²) − 1/(4S³)) < 8/μ, S = R/μ: sup over all t is 2√2 μ^{-1/2}.
                let b = (Interval(8) / Interval(mu)).squareRoot.hi
                return (-10 * mu, 10 * mu, b, nil)
            }
            // ρ ≤ μ^{ν/2−2} 2^{3−ν/2} (1+1/S)^{ν−1} S^{ν−3}, decreasing in S = R/μ (ν < 3).
            let t = 1000 * mu
            let s = (Interval(1) + Interval(4) * Interval(t / mu).squared).squareRoot
            let sLo = Interval(s.lo)
            let bound = Interval(mu).pow(nu / 2 - 2) * Interval(2).pow(3 - nu / 2)
                * (Interval(1) + Interval(1) / sLo).pow(nu - 1) * sLo.pow(nu - 3)
            return (-t, t, bound.hi, nil)
        case .exponentialBox:
            if nu > 2 { return (0, 0, nil, "nu > 2: rho(t) = mu^(nu/2-2) e^((1-nu/2)(a-t)/mu) grows without bound as t -> -inf") }
            // ν = 2: ρ ≡ 1/μ on all of R.
            return (-30 * mu, 30 * mu, (Interval(1) / Interval(mu)).hi, nil)
        case .logExpBox:
            return (0, 0, nil, "h' and h'' jump at t = a+mu and t = b-mu (h is not C^1): no finite M for any nu")
        case .quadratic:
            return (-1, 1, 0, nil)
        case .negativeLog:
            if nu != 3 { return (0, 0, nil, nu < 3 ? "nu < 3: rho(t) = 2 t^(nu-3) -> inf as t -> 0+" : "nu > 3: rho(t) = 2 t^(nu-3) -> inf as t -> inf") }
            return (1e-3, 1e3, 2.0.nextUp, nil)
        }
    }

    /// Certified enclosure of M*(μ, ν) for one regularizer.
    public static func certify(_ k: GSCKind, mu: Double, nu: Double) -> GSCEnclosure {
        let ct = coverAndTail(k, mu: mu, nu: nu)
        // 1. Lower bound from an attained point: log-spaced grid, then golden section.
        let (sLo, sHi) = searchRange(k, mu: mu)
        var grid: [Double] = []
        if k == .negativeLog {
            for i in 0...480 { grid.append(PortableMath.pow(10, -6 + Double(i) / 40)) }
        } else if k == .exponentialBox {
            for i in 0...600 { grid.append(sLo + (sHi - sLo) * Double(i) / 600) }
        } else {
            grid.append(0)
            for i in 0...480 {
                let t = mu * PortableMath.pow(10, -6 + Double(i) / 40)
                if t <= sHi { grid.append(t); grid.append(-t) }
            }
            grid.sort()
        }
        func mid(_ t: Double) -> Double { k.ratio(Interval(t), mu: mu, nu: nu).mid }
        var bi = 0
        for i in grid.indices where mid(grid[i]) > mid(grid[bi]) { bi = i }
        var a = grid[max(0, bi - 1)], b = grid[min(grid.count - 1, bi + 1)]
        let g = (5.0.squareRoot() - 1) / 2
        var c = b - g * (b - a), d = a + g * (b - a)
        for _ in 0..<200 {
            if mid(c) > mid(d) { b = d } else { a = c }
            c = b - g * (b - a); d = a + g * (b - a)
            if b - a <= 1e-15 * max(1, abs(a)) { break }
        }
        var argmax = grid[bi]
        for t in [a, b, (a + b) / 2] where mid(t) > mid(argmax) { argmax = t }
        var lower = k.ratio(Interval(argmax), mu: mu, nu: nu).lo

        guard let tail = ct.tail else {
            // Unbounded: the best attained value on the search grid is a lower bound only.
            var best = argmax
            let probes = k == .exponentialBox ? [-100 * mu, -300 * mu, -600 * mu] : (k == .negativeLog ? [1e-12, 1e-100, 1e12, 1e100] : [1e12 * mu, 1e100 * mu])
            for t in probes where k.ratio(Interval(t), mu: mu, nu: nu).lo > k.ratio(Interval(best), mu: mu, nu: nu).lo { best = t }
            lower = k.ratio(Interval(best), mu: mu, nu: nu).lo
            if k == .logExpBox { lower = 0; best = .nan }
            return GSCEnclosure(kind: k, mu: mu, nu: nu, lower: lower, upper: .infinity, argmax: best,
                                ratioAtArgmax: best.isNaN ? .nan : k.ratio(Interval(best), mu: mu, nu: nu).mid, tailBound: .infinity,
                                coverLo: ct.lo, coverHi: ct.hi, boxes: 0, unboundedReason: ct.reason)
        }
        // 2. Branch and bound over the cover.
        var stack: [(Double, Double)] = []
        let n0 = 256
        for i in 0..<n0 {
            let l = ct.lo + (ct.hi - ct.lo) * Double(i) / Double(n0)
            let h = i == n0 - 1 ? ct.hi : ct.lo + (ct.hi - ct.lo) * Double(i + 1) / Double(n0)
            stack.append((l, h))
        }
        var maxPruned = -Double.infinity
        var boxes = 0
        let slack = targetRelativeWidth / 4
        while let (l, h) = stack.popLast() {
            boxes += 1
            let r = k.ratio(Interval(l, h), mu: mu, nu: nu)
            if r.hi <= lower * (1 + slack) || r.hi <= 0 || boxes > 3_000_000 {
                maxPruned = max(maxPruned, r.hi); continue
            }
            let m = l + (h - l) / 2
            let rm = k.ratio(Interval(m), mu: mu, nu: nu).lo
            if rm > lower { lower = rm; argmax = m }
            if h - l <= 1e-14 * max(1, abs(m)) { maxPruned = max(maxPruned, r.hi); continue }
            stack.append((l, m)); stack.append((m, h))
        }
        let upper = max(maxPruned, tail)
        return GSCEnclosure(kind: k, mu: mu, nu: nu, lower: lower, upper: upper, argmax: argmax,
                            ratioAtArgmax: k.ratio(Interval(argmax), mu: mu, nu: nu).mid, tailBound: tail,
                            coverLo: ct.lo, coverHi: ct.hi, boxes: boxes, unboundedReason: nil)
    }

    /// The smallest t ≥ 0 (or in the domain) with certified ρ(t) > m, searched by a grid and
    /// bisection of the crossing; nil if none found on the search range.
    public static func smallestWitness(_ k: GSCKind, mu: Double, nu: Double, exceeding m: Double) -> Double? {
        let lo0 = k == .negativeLog ? 1e-300 : 0.0
        var prev = lo0
        func exceeds(_ t: Double) -> Bool { k.ratio(Interval(t), mu: mu, nu: nu).lo > m }
        let pts: [Double] = (0...720).map { (k == .negativeLog ? 1.0 : mu) * PortableMath.pow(10, -6 + Double($0) / 60) }
        for t in pts {
            if exceeds(t) {
                var a = prev, b = t
                for _ in 0..<200 {
                    let c = a + (b - a) / 2
                    if c <= a || c >= b { break }
                    if exceeds(c) { b = c } else { a = c }
                }
                return b
            }
            prev = t
        }
        if k == .exponentialBox {
            var t = -1.0
            while t > -1e4 * mu { if exceeds(t * mu) { return t * mu }; t *= 2 }
        }
        return nil
    }
}

extension Interval {
    func times(_ y: Interval) -> Interval { self * y }
}
