import Foundation
import Intervals
import LinearAlgebra
import Testing
import Verified

/// Eigenvalue enclosures on matrices Q·diag(λ)·Qᵀ whose entries are computed exactly in double
/// (Q is a signed permutation times the Householder reflector I − ¼·11ᵀ, n = 8, entries 3/4 and
/// −1/4; λ dyadic with few bits), so the exact spectrum is λ.
@Suite struct EigenEnclosureTests {
    static let n = 8

    /// Q = P·S·H with P the cyclic shift by `shift`, S = diag(±1) from `signs`.
    static func q(shift: Int, signs: [Double]) -> [[Double]] {
        (0..<n).map { i in (0..<n).map { j in signs[i] * ((i + shift) % n == j ? 0.75 : -0.25) } }
    }

    /// A = Q diag(λ) Qᵀ, checked exact by recomputing in Float80.
    static func matrix(_ lambda: [Double], shift: Int = 3, signs: [Double] = [1, -1, 1, 1, -1, 1, -1, -1]) -> Matrix {
        let qm = q(shift: shift, signs: signs)
        var a = Matrix(rows: n, cols: n)
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0, s80: Float80 = 0
                for k in 0..<n {
                    s += qm[i][k] * lambda[k] * qm[j][k]
                    s80 += Float80(qm[i][k]) * Float80(lambda[k]) * Float80(qm[j][k])
                }
                precondition(Float80(s) == s80, "test matrix not exact")
                a[i, j] = s
            }
        }
        return a
    }

    static func expectEnclosed(_ a: IntervalMatrix, _ lambda: [Double], relWidth: Double, _ label: String) {
        guard let e = SymmetricEigenEnclosure.eigenvalues(a) else { Issue.record("\(label): nil"); return }
        let exact = lambda.sorted(), scale = exact.map(abs).max()!
        for (k, iv) in e.enumerated() {
            #expect(iv.contains(exact[k]), "\(label) λ_\(k) = \(exact[k]) not in \(iv)")
            #expect(iv.width <= relWidth * scale, "\(label) λ_\(k) width \(iv.width)")
        }
    }

    @Test("indefinite spectrum with a zero eigenvalue")
    func indefinite() {
        let l: [Double] = [-3, -1, -0.5, 0, 0.25, 1, 2, 4]
        Self.expectEnclosed(IntervalMatrix(Self.matrix(l)), l, relWidth: 1e-13, "indefinite")
    }

    @Test("nearly singular: λ_min = 2⁻⁴⁰·λ_max ≈ 1e-12, certified positive")
    func nearlySingular() throws {
        let l: [Double] = [1, 0.75, 0.5, 0.375, 0.25, 0.125, 0.0625, 0x1p-40]
        let a = IntervalMatrix(Self.matrix(l))
        Self.expectEnclosed(a, l, relWidth: 1e-13, "nearly singular")
        let ex = try #require(SymmetricEigenEnclosure.extremes(a))
        #expect(ex.min.lo > 0 && ex.min.contains(0x1p-40) && ex.max.contains(1))
    }

    @Test("tiny scale: entries ~1e-151 (λ·2⁻⁵⁰⁰), λ_min ≈ 2.8e-163, no underflow of the bounds")
    func tinyScale() throws {
        let l: [Double] = [1, 0.75, 0.5, 0.375, 0.25, 0.125, 0.0625, 0x1p-40].map { $0 * 0x1p-500 }
        let a = IntervalMatrix(Self.matrix(l))
        Self.expectEnclosed(a, l, relWidth: 1e-13, "tiny")
        let ex = try #require(SymmetricEigenEnclosure.extremes(a))
        #expect(ex.min.lo > 0)
    }

    @Test("an interval matrix A ± 1e-9 (symmetric widths) encloses the spectrum of its member A")
    func wideEntries() {
        let l: [Double] = [-2, -1, 0.5, 1, 1.5, 2, 3, 5]
        var a = IntervalMatrix(Self.matrix(l, shift: 5))
        for k in a.storage.indices { a.storage[k] = a.storage[k] + Interval(-1e-9, 1e-9) }
        Self.expectEnclosed(a, l, relWidth: 1e-7, "wide")
    }

    @Test("σ_min, σ_max of J = [diag(s) 0]·H (4 × 8) through the interval Gram")
    func singularValues() throws {
        let s: [Double] = [3, 1.5, 0.5, 0x1p-20]
        let h = Self.q(shift: 0, signs: [Double](repeating: 1, count: 8))
        var j = Matrix(rows: 4, cols: 8)
        for r in 0..<4 { for c in 0..<8 { j[r, c] = s[r] * h[r][c] } }   // exact: one product each
        let e = try #require(SymmetricEigenEnclosure.singularValueExtremes(IntervalMatrix(j)))
        #expect(e.min.contains(0x1p-20) && e.min.lo > 0 && e.max.contains(3))
        #expect(e.max.width < 1e-12)
        #expect(SymmetricEigenEnclosure.singularValueExtremes(IntervalMatrix(j.transposed)) == nil)
    }

    @Test("non-square input gives nil; Frobenius bound ≥ the exact norm on tiny entries")
    func edges() {
        #expect(SymmetricEigenEnclosure.eigenvalues(IntervalMatrix(rows: 2, cols: 3)) == nil)
        let tiny = IntervalMatrix(Matrix([[1e-170, -2e-170], [3e-170, 0]]))
        let f = tiny.frobeniusUpperBound, exact = (Float80(1e-170) * Float80(1e-170) * 14).squareRoot()
        #expect(Float80(f) >= exact && Float80(f) <= exact * (1 + 1e-14))
    }
}
