import Intervals
import Regularizers

extension ScalarPenalty {
    /// Enclosures of the exact (h, h', h'', h''') over every t in `t`, by the natural interval
    /// extension of the closed forms (Proofs/Regularizers.md §1): for pseudo-Huber with
    /// r = √(μ² + t²), h = t²/(r + μ), h' = t/r, h'' = μ²/r³, h''' = −3μ²t/r⁵.
    public func enclosure(_ t: Interval) -> (h: Interval, d1: Interval, d2: Interval, d3: Interval) {
        switch self {
        case let .pseudoHuber(mu):
            let m = Interval(mu), m2 = Interval(mu).squared
            let r = (m2 + t.squared).squareRoot
            let r2 = r.squared
            let r3 = r2 * r
            return (t.squared / (r + m), t / r, m2 / r3, -(Interval(3) * m2 * t) / (r3 * r2))
        case .quadratic:
            return (Interval(0.5) * t.squared, t, Interval(1), Interval(0))
        }
    }
}

/// The separable regularizer g(θ) = τ Σ h(θ_i) and its derivatives over a box of θ.
public struct RegularizerEnclosure: Sendable {
    public let value: Interval
    public let gradient: [Interval]
    public let hessianDiagonal: [Interval]
    public let thirdDiagonal: [Interval]

    public init(_ reg: Regularizer, box theta: [Interval]) {
        let tau = Interval(reg.tau)
        var v = Interval(0)
        var g: [Interval] = [], h: [Interval] = [], t3: [Interval] = []
        for x in theta {
            let d = reg.penalty.enclosure(x)
            v = v + d.h
            g.append(tau * d.d1)
            h.append(tau * d.d2)
            t3.append(tau * d.d3)
        }
        value = tau * v
        gradient = g
        hessianDiagonal = h
        thirdDiagonal = t3
    }

    /// η = √(∇gᵀH⁻¹∇g), the dual local norm of the gradient (nil unless every H_ii > 0).
    public var eta: Interval? {
        guard hessianDiagonal.allSatisfy({ $0.lo > 0 }) else { return nil }
        var s = Interval(0)
        for i in gradient.indices { s = s + gradient[i].squared / hessianDiagonal[i] }
        return s.squareRoot
    }

    /// ‖u‖_θ = √(uᵀHu) for u in a box.
    public func localNorm(_ u: [Interval]) -> Interval {
        var s = Interval(0)
        for i in u.indices { s = s + hessianDiagonal[i] * u[i].squared }
        return s.squareRoot
    }
}

extension Array where Element == Interval {
    /// ‖x‖₂ over the box (exact lower end: the smallest magnitudes).
    public var norm2: Interval {
        var s = Interval(0)
        for x in self { s = s + x.squared }
        return s.squareRoot
    }
}
