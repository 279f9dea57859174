import Intervals
import LinearAlgebra

/// Verified enclosures of the eigenvalues of every symmetric matrix in an interval matrix [A].
///
/// Method: V ≈ eigenvectors of mid([A]) (LAPACK dsyevd, not trusted). In interval arithmetic
/// [B] = Vᵀ[A]V and [E] = VᵀV − I. For symmetric A ∈ [A], B = VᵀAV ∈ [B] is symmetric; with D
/// the diagonal of midpoints of [B]'s diagonal, Weyl gives |λ_k(B) − d_(k)| ≤ ‖B − D‖₂ ≤ r,
/// r = min(‖[B] − D‖_F, ‖offdiag [B]‖_F + max_k rad [B]_kk), d_(k) the sorted d. Ostrowski:
/// λ_k(VᵀAV) = θ_k λ_k(A) with θ_k ∈ [σ_min(V)², σ_max(V)²] ⊂ [1 − ‖E‖₂, 1 + ‖E‖₂] and
/// ‖E‖₂ ≤ ‖[E]‖_F =: e; so λ_k(A) ∈ [d_(k) − r, d_(k) + r] / [1 − e, 1 + e] when e < 1.
/// Sound under IEEE double with round to nearest (no transcendental function is used).
public enum SymmetricEigenEnclosure {
    /// Enclosures of λ_1 ≤ … ≤ λ_n (ascending) for every symmetric A ∈ [A], or nil when [A] is
    /// not square, mid([A]) is not finite or LAPACK fails, or ‖VᵀV − I‖_F ≥ 1 (V too far from
    /// orthogonal for Ostrowski's bound).
    public static func eigenvalues(_ a: IntervalMatrix) -> [Interval]? {
        guard a.rows == a.cols else { return nil }
        let n = a.rows
        if n == 0 { return [] }
        guard let v = try? Spectral.symmetricEigen(a.midpoint, vectors: true).vectors else { return nil }
        let vi = IntervalMatrix(v)
        let b = vi.transposed * a * vi
        let e = (vi.transposed * vi - IntervalMatrix.identity(n)).frobeniusUpperBound
        guard e < 1 else { return nil }
        let d = (0..<n).map { b[$0, $0].mid }
        let r = weylRadius(b, d)
        guard r.isFinite else { return nil }
        let theta = Interval((1 - e).nextDown, (1 + e).nextUp)
        return d.sorted().map { (Interval($0) + Interval.symmetric(r)) / theta }
    }

    /// ≥ ‖B − D‖₂ for every B ∈ [B] with D = diag(d): the smaller of two Frobenius-type bounds.
    static func weylRadius(_ b: IntervalMatrix, _ d: [Double]) -> Double {
        let n = b.rows
        var all = [Double](), off = [Double]()
        var maxRadius = 0.0
        for j in 0..<n {
            for i in 0..<n {
                if i == j {
                    let m = (b[i, i] - Interval(d[i])).magnitudeUpperBound
                    all.append(m)
                    maxRadius = max(maxRadius, m)
                } else {
                    let m = b[i, j].magnitudeUpperBound
                    all.append(m)
                    off.append(m)
                }
            }
        }
        let full = IntervalMatrix.frobeniusUpperBound(all)
        let split = (Interval(IntervalMatrix.frobeniusUpperBound(off)) + Interval(maxRadius)).hi
        return min(full, split)
    }

    /// Enclosures of λ_min and λ_max (nil as for `eigenvalues`).
    public static func extremes(_ a: IntervalMatrix) -> (min: Interval, max: Interval)? {
        guard let l = eigenvalues(a), let first = l.first, let last = l.last else { return nil }
        return (first, last)
    }

    /// Enclosures of σ_min and σ_max of every J ∈ [J] (m × p, m ≤ p) from the eigenvalues of the
    /// interval Gram [J][J]ᵀ, σ = √λ with λ clamped at 0 below (a Gram matrix is PSD); nil when
    /// m > p or the eigenvalue enclosure fails.
    public static func singularValueExtremes(_ j: IntervalMatrix) -> (min: Interval, max: Interval)? {
        guard j.rows <= j.cols, let l = extremes(j.gram) else { return nil }
        func root(_ l: Interval) -> Interval { Interval(max(0, l.lo), max(0, l.hi)).squareRoot }
        return (root(l.min), root(l.max))
    }
}
