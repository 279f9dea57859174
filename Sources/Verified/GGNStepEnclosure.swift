import Intervals
import LinearAlgebra
import Regularizers
import TwoLayerNetwork

/// The exact regularized-GGN step of 000 from a point θ (taken as exact doubles), enclosed:
/// d = H⁻¹Ĵᵀ(I + Q̂ĴH⁻¹Ĵᵀ)⁻¹ê with Ĵ = [J; ∇gᵀ], ê = [e; 1], Q̂ = diag(I/m, 0), e = (Φ − y)/m,
/// α = ᾱ/(1 + Mη) (or a fixed α), θ⁺ = θ − αd (Proofs/RegularizedGGN.md §2). The (m+1)×(m+1)
/// system is solved by `LinearSystemEnclosure` (Krawczyk), so every real step from θ lies in
/// `next`. Also the objective L = ‖Φ − y‖²/(2m) + g at θ. Costs O(m²p) interval operations.
public struct GGNStepEnclosure: Sendable {
    public let network: NetworkEnclosure
    public let regularizer: RegularizerEnclosure
    /// Φ(θ) − y and e = (Φ − y)/m.
    public let residual: [Interval]
    public let e: [Interval]
    public let loss: Interval
    public let eta: Interval
    public let alpha: Interval
    /// K = ĴH⁻¹Ĵᵀ, the system A = I + Q̂K and z = A⁻¹ê.
    public let kernel: IntervalMatrix
    public let system: IntervalMatrix
    public let z: [Interval]
    public let direction: [Interval]
    public let next: [Interval]

    /// nil when an H_ii is not provably positive or the system's nonsingularity cannot be proved.
    public init?(theta: [Double], network net: TwoLayerNetwork, inputs x: Matrix, targets y: [Double],
                 regularizer reg: Regularizer, alphaBar: Double?, fixedStep: Double? = nil, mG: Interval) {
        let box = theta.map { Interval($0) }
        network = NetworkEnclosure(box: box, inputs: x, activation: net.activation, kappa: net.kappa)
        regularizer = RegularizerEnclosure(reg, box: box)
        let m = x.rows, p = theta.count
        residual = zip(network.outputs, y).map { $0 - Interval($1) }
        e = residual.map { $0 / Interval(Double(m)) }
        loss = Self.dataLoss(residual) + regularizer.value
        guard let eta = regularizer.eta else { return nil }
        self.eta = eta
        if let alphaBar { alpha = Interval(alphaBar) / (Interval(1) + mG * eta) } else { alpha = Interval(fixedStep ?? .nan) }
        // Ĵ with its columns divided by H_jj, then K = (ĴH⁻¹)Ĵᵀ.
        let h = regularizer.hessianDiagonal
        var jHat = IntervalMatrix(rows: m + 1, cols: p)
        var scaled = IntervalMatrix(rows: m + 1, cols: p)
        for j in 0..<p {
            for r in 0..<m { jHat[r, j] = network.jacobian[r, j] }
            jHat[m, j] = regularizer.gradient[j]
            for r in 0...m { scaled[r, j] = jHat[r, j] / h[j] }
        }
        kernel = scaled * jHat.transposed
        var a = kernel
        for c in 0...m {
            for r in 0..<m { a[r, c] = a[r, c] / Interval(Double(m)) }
            a[m, c] = Interval(0)
        }
        for i in 0...m { a[i, i] = a[i, i] + Interval(1) }
        system = a
        guard let z = LinearSystemEnclosure.solve(a, e + [Interval(1)]) else { return nil }
        self.z = z
        let d = scaled.transposed * z
        direction = d
        let al = alpha
        next = (0..<p).map { box[$0] - al * d[$0] }
        guard next.allSatisfy({ $0.lo.isFinite && $0.hi.isFinite }) else { return nil }
    }

    /// ‖r‖²/(2m) over a box of residuals.
    public static func dataLoss(_ r: [Interval]) -> Interval {
        var s = Interval(0)
        for v in r { s = s + v.squared }
        return s / Interval(Double(2 * r.count))
    }

    /// L = ‖Φ − y‖²/(2m) + g over every θ in a box.
    public static func loss(box: [Interval], network net: TwoLayerNetwork, inputs x: Matrix, targets y: [Double],
                            regularizer reg: Regularizer) -> Interval {
        let phi = NetworkEnclosure(box: box, inputs: x, activation: net.activation, kappa: net.kappa).outputs
        return dataLoss(zip(phi, y).map { $0 - Interval($1) }) + RegularizerEnclosure(reg, box: box).value
    }

    /// The upper bound of ‖θ⁺ − [next]‖₂ over the box: how far a computed θ⁺ lies from every exact step.
    public func distanceUpperBound(_ computed: [Double]) -> Double {
        var s = Interval(0)
        for i in computed.indices {
            let b = next[i], c = computed[i]
            let d = c < b.lo ? Interval(b.lo) - Interval(c) : (c > b.hi ? Interval(c) - Interval(b.hi) : Interval(0))
            s = s + d.squared
        }
        // The box's own width: the computed point is compared with every member.
        var w = Interval(0)
        for b in next { w = w + (Interval(b.hi) - Interval(b.lo)).squared }
        return (s.squareRoot + w.squareRoot).hi
    }
}
