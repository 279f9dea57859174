import Foundation
import Intervals
import Quantities
import Trajectories
import Verified

extension ConvergenceTheorem {
    /// The violated conclusion ‖Φ_T − y‖² ≤ ε and H1, H2 at every t ≤ T, enclosed at the computed
    /// iterates (Proofs/Numerics.md §7): Φ, J, η_t, M_g and G̃_t = K(I + Q̂K)⁻¹ with the inverse by
    /// verified solves; T itself from the enclosed ‖Φ̃_0 − Φ̃*‖², which must fix ⌈·⌉. The
    /// Φ* = Φ_∞ readings are not certified: Φ_∞ is a checked estimate, not an enclosure.
    public static func certify(_ config: RunConfig, reading: ReadingID, check: Check) -> Certificate {
        guard let r = readings.first(where: { $0.id == reading }) else { return .notCertified("unknown reading \(reading)") }
        guard r.phiStar == .y else { return .notCertified("Φ* = Φ_∞ is the run's own limit, known to a checked tolerance (Proofs/Convergence.md §5), not enclosed") }
        guard let tStep = check.step, case let .adaptive(alphaBar) = config.stepSize else { return .notCertified("the check names no horizon T") }
        let w: GGNWitnessEnclosure
        switch GGNWitnessEnclosure.make(config, through: tStep) {
        case let .success(x): w = x
        case let .failure(c): return c
        }
        // The exact step from every θ̂_t, t ≤ T, enclosed once: its Φ_t, η_t and K_t serve H1, H2,
        // T and the conclusion, and the steps before T the scope.
        var steps: [GGNStepEnclosure] = []
        for t in 0...tStep {
            guard let e = w.step(t) else {
                return .notCertified("the exact step from θ̂_\(t) is not enclosed (H_t not provably positive, or I + Q̂K not provably nonsingular)")
            }
            steps.append(e)
        }
        let horizon = ((steps[0].residual.norm2.squared + Interval(1)) / Interval(check.rhs)).log / Interval(alphaBar)
        guard horizon.lo.rounded(.up) == horizon.hi.rounded(.up), Int(horizon.hi.rounded(.up)) == tStep else {
            return .notCertified("T = ⌈(1/ᾱ)log(‖Φ̃_0 − Φ̃*‖²/ε)⌉ is not fixed by its enclosure \(EnclosedCheck.fmt(horizon)) (the run used T = \(tStep))")
        }
        var held: [EnclosedCheck] = []
        for (t, e) in steps.enumerated() {
            guard let g = gTilde(e, reading: r.jTilde) else {
                return .notCertified("G̃_\(t) is not enclosed (I + Q̂K not provably invertible)")
            }
            let m = e.e.count
            var fro = Interval(0)
            for v in g.storage { fro = fro + v.squared }
            held.append(EnclosedCheck("H1: 1 + M_g η_t ≤ ‖G̃_t‖_F", step: t, lhs: Interval(1) + w.mG * e.eta, rhs: fro.squareRoot))
            var cross = Interval(0)
            if r.vTilde != .zero {
                let v = r.vTilde == .e ? e.e : e.residual
                for i in 0..<m { cross = cross + (g[m, i] + g[i, m]) * v[i] }
            }
            held.append(EnclosedCheck("H2: |⟨G̃21ᵀ + G̃12, ṽ⟩| ≤ |G̃22|", step: t, lhs: cross.magnitude, rhs: g[m, m].magnitude))
        }
        guard let scope = w.scope(through: tStep, known: steps) else { return .notCertified("an exact step before step \(tStep) is not enclosed") }
        let con = EnclosedCheck(check.name, step: tStep, lhs: steps[tStep].residual.norm2.squared, rhs: Interval(check.rhs))
        return EnclosedCheck.decide(violated: con, held: held, scope: scope)
    }

    /// G̃ = K(I + Q̂K)⁻¹ over the enclosed K (J̃ = Ĵ), or with its last row zeroed (J̃ = [J; 0ᵀ]).
    static func gTilde(_ e: GGNStepEnclosure, reading: JTildeReading) -> IntervalMatrix? {
        let k = e.kernel, a = e.system, n = k.rows, m = n - 1
        var inverse = IntervalMatrix(rows: n, cols: n)
        for c in 0..<n {
            var unit = [Interval](repeating: Interval(0), count: n)
            unit[c] = Interval(1)
            guard let x = LinearSystemEnclosure.solve(a, unit) else { return nil }
            for r in 0..<n { inverse[r, c] = x[r] }
        }
        var g = k * inverse
        if reading == .jzero { for c in 0..<n { g[m, c] = Interval(0) } }
        return g
    }
}
