import Intervals
import LinearAlgebra

/// Verified enclosure of the solutions of A x = b for all A ∈ [A], b ∈ [b] (Rump's verifylss,
/// Krawczyk form). With R ≈ mid([A])⁻¹ and x̃ ≈ R·mid([b]) (LAPACK, not trusted):
/// [C] = I − R[A], [r] = [b] − [A]x̃. If ‖[C]‖_∞ ≤ c < 1 then every R·A = I − C is invertible
/// (Neumann series), so every A ∈ [A] is nonsingular, and x − x̃ = (RA)⁻¹R(b − Ax̃) gives
/// ‖x − x̃‖_∞ ≤ δ = ‖R[r]‖_∞/(1 − c). Krawczyk's step x ∈ x̃ + R[r] + [C]·[−δ, δ]ⁿ tightens
/// the box componentwise, and the result is its intersection with x̃ ± δ.
/// Sound under IEEE double with round to nearest.
public enum LinearSystemEnclosure {
    /// The enclosure, or nil when the test ‖[C]‖_∞ < 1 fails: mid([A]) singular (LU fails) or so
    /// ill-conditioned relative to the widths of [A] and the rounding that R·[A] is not close
    /// enough to I to prove nonsingularity, or when inputs are not finite.
    public static func solve(_ a: IntervalMatrix, _ b: [Interval]) -> [Interval]? {
        let n = a.rows
        guard a.cols == n, b.count == n else { return nil }
        if n == 0 { return [] }
        let am = a.midpoint
        guard let lu = try? LU(am), let r = try? lu.solve(Matrix.identity(n)), r.isFinite else { return nil }
        var x = Matrix.multiply(r, b.map { $0.mid })
        // One step of refinement in double (x̃ needs no rigour, only accuracy).
        let res = Vector.sub(b.map { $0.mid }, Matrix.multiply(am, x))
        x = Vector.axpy(Matrix.multiply(r, res), 1, x)
        guard x.allSatisfy({ $0.isFinite }) else { return nil }
        let ri = IntervalMatrix(r)
        let c = IntervalMatrix.identity(n) - ri * a
        let cNorm = c.infinityNormUpperBound
        guard cNorm < 1 else { return nil }
        let residual = zip(b, a * x).map { $0 - $1 }
        let z = ri * residual
        let delta = (Interval(IntervalMatrix.infinityNormUpperBound(z)) / (Interval(1) - Interval(cNorm))).hi
        guard delta.isFinite else { return nil }
        let box = [Interval](repeating: Interval.symmetric(delta), count: n)
        let k = zip(z, c * box).map { $0 + $1 }
        return (0..<n).map { i in
            let xi = Interval(x[i])
            let wide = xi + box[i], tight = xi + k[i]
            return Interval(max(wide.lo, tight.lo), min(wide.hi, tight.hi))
        }
    }

    /// The same for a point system (A and b taken as exact).
    public static func solve(_ a: Matrix, _ b: [Double]) -> [Interval]? {
        solve(IntervalMatrix(a), b.map { Interval($0) })
    }
}
