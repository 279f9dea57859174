import Foundation
import LinearAlgebra
import Testing
import TestSupport

@Suite("Streamed QR of a wide matrix's transpose (the σ(J) path at large p)")
struct StreamedQRTests {
    /// R of Aᵀ folded block by block has the singular values of A: checked against a matrix
    /// with prescribed singular values 1 … 1e-8 to the backward-error bound, and R's Gram
    /// RᵀR against AAᵀ (R is unique up to the signs of its rows, RᵀR is not).
    @Test("block-by-block R of Aᵀ: known singular values, RᵀR = AAᵀ", arguments: [(10, 400, 7), (10, 400, 64), (25, 300, 1), (12, 12, 5)])
    func streamed(shape: (Int, Int, Int)) throws {
        let (r, c, block) = shape
        let s = (0..<r).map { pow(10, -8 * Double($0) / Double(r - 1)) }
        let a = TestMatrices.withSingularValues(s, rows: r, cols: c, seed: 11)
        let tri = try Spectral.wideTriangle(a, blockRows: block)
        for j in 0..<r { for i in (j + 1)..<max(j + 1, r) { #expect(tri[i, j] == 0) } }
        let got = try Spectral.singularValues(tri)
        let bound = Spectral.singularValueErrorBound(rows: r, cols: c, sigmaMax: 1)
        #expect(maxAbsDiff(got, s) <= bound, "max error \(maxAbsDiff(got, s)) vs bound \(bound)")
        let gram = Matrix.gram(a), rtr = Matrix.gram(tri, transpose: true)
        #expect(maxAbsDiff(gram.storage, rtr.storage) <= 16 * Double(c) * Double.ulpOfOne)
        // One block (the default here) is the single dgeqrf the unstreamed path does.
        let one = try Spectral.wideTriangle(a)
        #expect(maxAbsDiff(try Spectral.singularValues(one), s) <= bound)
        // A workspace kept across calls (as a trajectory keeps one) holds stale numbers from
        // the previous, larger matrix: the result must be the same bits as a fresh buffer.
        let ws = Spectral.QRWorkspace()
        _ = try Spectral.wideTriangle(TestMatrices.random(r + 3, c + 50, seed: 2), blockRows: block, workspace: ws)
        #expect(try Spectral.wideTriangle(a, blockRows: block, workspace: ws) == tri)
        #expect(try Spectral.wideTriangle(a, blockRows: block, workspace: ws) == tri)
    }

}
