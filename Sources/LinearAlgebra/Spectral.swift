import CLapack

/// Symmetric eigenvalue problems (LAPACK `dsyevd`) and singular value decompositions
/// (LAPACK `dgesdd`, or `dgelqf`/`dgeqrf` followed by `dgesdd` on the small triangle).
public enum Spectral {
    /// Eigenvalues of a symmetric matrix, ascending. Only the lower triangle is read.
    public static func symmetricEigenvalues(_ a: Matrix) throws -> [Double] {
        try symmetricEigen(a, vectors: false).values
    }

    /// Eigenvalues (ascending) and, when asked, orthonormal eigenvectors as columns.
    public static func symmetricEigen(_ a: Matrix, vectors: Bool = true) throws -> (values: [Double], vectors: Matrix?) {
        guard a.rows == a.cols else { throw LinearAlgebraError.dimensionMismatch("dsyevd needs a square matrix, got \(a.rows)×\(a.cols)") }
        guard a.isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: "dsyevd") }
        var w = a
        let n = Int32(a.rows)
        var values = [Double](repeating: 0, count: a.rows)
        if n == 0 { return (values, vectors ? w : nil) }
        let info = w.storage.withUnsafeMutableBufferPointer { wp in
            values.withUnsafeMutableBufferPointer { vp in
                LAPACKE_dsyevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: vectors ? "V" : "N")), Int8(UInt8(ascii: "L")), n, wp.baseAddress, n, vp.baseAddress)
            }
        }
        try LinearAlgebraError.check(info, routine: "dsyevd") {
            "the algorithm failed to converge (\($0) off-diagonal elements of an intermediate tridiagonal form did not converge to zero)"
        }
        return (values, vectors ? w : nil)
    }

    /// Singular values, descending (LAPACK `dgesdd`, no vectors). For a strongly rectangular
    /// matrix the triangle of an LQ or QR factorization is decomposed instead: orthogonal
    /// factorizations are backward stable, so the values keep an absolute error O(ε‖A‖₂).
    /// `workspace` keeps the QR's scratch memory between calls of one shape.
    public static func singularValues(_ a: Matrix, workspace: QRWorkspace? = nil) throws -> [Double] {
        guard a.isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: "dgesdd") }
        let k = min(a.rows, a.cols)
        if k == 0 { return [] }
        if a.cols >= 2 * a.rows {
            return try svdValuesOnly(try wideTriangle(a, workspace: workspace))
        } else if a.rows >= 2 * a.cols {
            return try svdValuesOnly(try qrTriangle(a))
        }
        return try svdValuesOnly(a)
    }

    /// Thin SVD A = U·diag(s)·Vᵀ with s descending (LAPACK `dgesdd`, jobz = "S").
    public static func svd(_ a: Matrix) throws -> (u: Matrix, s: [Double], vt: Matrix) {
        guard a.isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: "dgesdd") }
        let m = Int32(a.rows), n = Int32(a.cols)
        let k = min(a.rows, a.cols)
        var w = a
        var s = [Double](repeating: 0, count: k)
        var u = Matrix(rows: a.rows, cols: k)
        var vt = Matrix(rows: k, cols: a.cols)
        if k == 0 { return (u, s, vt) }
        let info = w.storage.withUnsafeMutableBufferPointer { wp in
            s.withUnsafeMutableBufferPointer { sp in
                u.storage.withUnsafeMutableBufferPointer { up in
                    vt.storage.withUnsafeMutableBufferPointer { vp in
                        LAPACKE_dgesdd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "S")), m, n, wp.baseAddress, m, sp.baseAddress,
                                       up.baseAddress, m, vp.baseAddress, Int32(k))
                    }
                }
            }
        }
        try LinearAlgebraError.check(info, routine: "dgesdd") { _ in "the bidiagonal SVD (DBDSDC) did not converge" }
        return (u, s, vt)
    }

    static func svdValuesOnly(_ a: Matrix) throws -> [Double] {
        let m = Int32(a.rows), n = Int32(a.cols)
        var w = a
        var s = [Double](repeating: 0, count: min(a.rows, a.cols))
        var dummy = [Double](repeating: 0, count: 1)
        let info = w.storage.withUnsafeMutableBufferPointer { wp in
            s.withUnsafeMutableBufferPointer { sp in
                dummy.withUnsafeMutableBufferPointer { dp in
                    LAPACKE_dgesdd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), m, n, wp.baseAddress, m, sp.baseAddress,
                                   dp.baseAddress, 1, dp.baseAddress, 1)
                }
            }
        }
        try LinearAlgebraError.check(info, routine: "dgesdd") { _ in "the bidiagonal SVD (DBDSDC) did not converge" }
        return s
    }

    /// The n×n upper triangle R of A = Q·R for a tall A (LAPACK `dgeqrf`, blocked Householder).
    /// Householder vectors are contiguous columns here, so the panel factorization streams
    /// memory; the LQ of the wide transpose would walk rows with stride m.
    public static func qrTriangle(_ a: Matrix) throws -> Matrix {
        precondition(a.rows >= a.cols, "qrTriangle needs a tall matrix")
        return try streamedTriangle(rows: a.rows, cols: a.cols) { r0, count, dst, ld in
            a.storage.withUnsafeBufferPointer { s in
                for j in 0..<a.cols { for i in 0..<count { dst[i + j * ld] = s[r0 + i + j * a.rows] } }
            }
        }
    }

    /// Scratch memory of the streamed QR, kept between calls by a caller that factors many
    /// matrices of one shape (a trajectory's J_t): no (m+block)×m allocation per step.
    public final class QRWorkspace: @unchecked Sendable {
        var buffer: [Double] = []
        var tau: [Double] = []
        public init() {}
        func reserve(_ count: Int, _ n: Int) {
            if buffer.count < count {
                buffer = [Double](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
            }
            if tau.count < n { tau = [Double](repeating: 0, count: n) }
        }
    }

    /// Rows of Aᵀ per block of the streamed QR (below it the factorization is one `dgeqrf`).
    public static let qrBlockRows = 32768

    /// R of Aᵀ = Q·R for a wide A (m×p, p ≥ m), without a p-sized copy: the rows of Aᵀ
    /// (columns of A) are transposed into a buffer in blocks of `qrBlockRows` and folded in
    /// one block at a time, R ← R of [R; B_k] (each fold is an orthogonal transformation, so
    /// the result keeps the backward stability of one Householder QR; Proofs/Numerics.md §2).
    /// Memory: (m + block)×m. For p ≤ m + block this is exactly one `dgeqrf` of Aᵀ.
    public static func wideTriangle(_ a: Matrix, blockRows: Int = qrBlockRows, workspace: QRWorkspace? = nil) throws -> Matrix {
        precondition(a.cols >= a.rows, "wideTriangle needs a wide matrix")
        let m = a.rows
        return try streamedTriangle(rows: a.cols, cols: m, blockRows: blockRows, workspace: workspace) { r0, count, dst, ld in
            // A[:, r0 ..< r0+count]ᵀ into dst (count × m, leading dimension ld): OpenBLAS's
            // out-of-place transpose (an exact copy).
            a.storage.withUnsafeBufferPointer { s in
                cblas_domatcopy(CblasColMajor, CblasTrans, Int32(m), Int32(count), 1, s.baseAddress! + r0 * m, Int32(m), dst, Int32(ld))
            }
        }
    }

    /// R (n×n) of a tall matrix with `rows` rows and `cols` = n columns whose rows are produced
    /// block by block by `fill(firstRow, count, buffer, ld)`.
    static func streamedTriangle(rows: Int, cols n: Int, blockRows: Int = qrBlockRows, workspace: QRWorkspace? = nil,
                                 fill: (Int, Int, UnsafeMutablePointer<Double>, Int) -> Void) throws -> Matrix {
        precondition(blockRows >= 1)
        let first = Swift.min(rows, n + blockRows)
        let ld = first
        // Every entry dgeqrf reads is written by `fill` first (or zeroed below), so the buffer
        // need not be initialized; a caller's workspace keeps it across calls.
        let ws = workspace ?? QRWorkspace()
        ws.reserve(ld * n, n)
        // Taken out (unique references, no copy on write) and handed back to a caller's workspace.
        var w = ws.buffer, tau = ws.tau
        ws.buffer = []
        ws.tau = []
        defer { if let workspace { workspace.buffer = w; workspace.tau = tau } }
        var done = 0
        var height = first
        while true {
            let start = done == 0 ? 0 : n
            let count = done == 0 ? first : Swift.min(blockRows, rows - done)
            height = start + count
            w.withUnsafeMutableBufferPointer { fill(done, count, $0.baseAddress! + start, ld) }
            let h = height
            let info = w.withUnsafeMutableBufferPointer { wp in
                tau.withUnsafeMutableBufferPointer { tp in
                    LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int32(h), Int32(n), wp.baseAddress, Int32(ld), tp.baseAddress)
                }
            }
            try LinearAlgebraError.check(info, routine: "dgeqrf") { "unexpected positive info \($0)" }
            done += count
            if done >= rows { break }
            // Keep R in the top n rows: clear the Householder vectors below its diagonal.
            w.withUnsafeMutableBufferPointer { wp in
                for j in 0..<n { for i in (j + 1)..<Swift.max(j + 1, n) { wp[i + j * ld] = 0 } }
            }
        }
        var r = Matrix(rows: n, cols: n)
        w.withUnsafeBufferPointer { ws in
            r.storage.withUnsafeMutableBufferPointer { rs in
                for j in 0..<n { for i in 0...j where i < n { rs[i + j * n] = ws[i + j * ld] } }
            }
        }
        return r
    }

    /// The m×m lower triangle L of A = L·Q for a wide A (LAPACK `dgelqf`, blocked Householder).
    static func lqTriangle(_ a: Matrix) throws -> Matrix {
        let m = a.rows, n = a.cols
        var w = a
        var tau = [Double](repeating: 0, count: min(m, n))
        let info = w.storage.withUnsafeMutableBufferPointer { wp in
            tau.withUnsafeMutableBufferPointer { tp in
                LAPACKE_dgelqf(LAPACK_COL_MAJOR, Int32(m), Int32(n), wp.baseAddress, Int32(m), tp.baseAddress)
            }
        }
        try LinearAlgebraError.check(info, routine: "dgelqf") { "unexpected positive info \($0)" }
        var l = Matrix(rows: m, cols: m)
        for j in 0..<m { for i in j..<m { l[i, j] = w[i, j] } }
        return l
    }

    /// The smallest and the largest eigenvalue of a symmetric matrix (lower triangle read):
    /// one tridiagonal reduction (`dsytrd`, the O(n³) part) and bisection (`dstebz`) for the two
    /// ends only, to full accuracy of the tridiagonal matrix — about 60% of `dsyevd`'s time for
    /// all values, and the same backward error (Proofs/Numerics.md §2).
    public static func extremeSymmetricEigenvalues(_ a: Matrix) throws -> (min: Double, max: Double) {
        guard a.rows == a.cols, a.rows > 0 else { throw LinearAlgebraError.dimensionMismatch("dsytrd needs a non-empty square matrix, got \(a.rows)×\(a.cols)") }
        guard a.isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: "dsytrd") }
        let n = a.rows
        // Scaled by a power of two to max |a_ij| ∈ [1, 2): dstebz treats off-diagonals below the
        // safe minimum as zero, which split a tiny matrix (‖A‖ < 1e-154) into wrong blocks. Scaling
        // up is exact; scaling down loses only entries below 2^−1074 of the scaled matrix.
        let big = a.storage.reduce(0) { max($0, abs($1)) }
        guard big > 0 else { return (0, 0) }
        let k = -big.exponent
        var w = a.storage.map { Self.scaled($0, k) }
        var d = [Double](repeating: 0, count: n), e = [Double](repeating: 0, count: max(n - 1, 1))
        var tau = [Double](repeating: 0, count: max(n - 1, 1))
        let info = LAPACKE_dsytrd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), &w, Int32(n), &d, &e, &tau)
        try LinearAlgebraError.check(info, routine: "dsytrd") { _ in "illegal argument" }
        func bisect(_ k: Int) throws -> Double {
            var found: Int32 = 0, nsplit: Int32 = 0
            var out = [Double](repeating: 0, count: n)
            var iblock = [Int32](repeating: 0, count: n), isplit = [Int32](repeating: 0, count: n)
            let info = LAPACKE_dstebz(Int8(UInt8(ascii: "I")), Int8(UInt8(ascii: "E")), Int32(n), 0, 0, Int32(k), Int32(k),
                                      2 * Double.leastNormalMagnitude, d, e, &found, &nsplit, &out, &iblock, &isplit)
            try LinearAlgebraError.check(info, routine: "dstebz") { _ in "bisection did not converge" }
            guard found == 1 else { throw LinearAlgebraError.lapack(routine: "dstebz", info: 0, meaning: "returned \(found) eigenvalues for index \(k)") }
            return out[0]
        }
        return (Self.scaled(try bisect(1), -k), Self.scaled(try bisect(n), -k))
    }

    /// x·2^k, in steps that neither overflow nor underflow in between.
    static func scaled(_ x: Double, _ k: Int) -> Double {
        var y = x, k = k
        while k > 1000 { y *= 0x1p1000; k -= 1000 }
        while k < -1000 { y *= 0x1p-1000; k += 1000 }
        return y * Double(sign: .plus, exponent: k, significand: 1)
    }

    /// Our reading of the backward error of LAPACK's symmetric eigensolvers (dsyevd; dsytrd
    /// before bisection): the computed eigenvalues are exact for A + E with ‖E‖₂ ≤ p(n)·u·‖A‖_F,
    /// p(n) = n² for LAPACK's "modestly growing function" (Proofs/GramGaussNewton.md §3), so by
    /// Weyl each eigenvalue is off by at most that. `extraUnits` adds further multiples of
    /// u‖A‖_F (bisection on the tridiagonal adds 2). ‖A‖_F is bounded above from its computed value.
    public static func symmetricEigenvalueErrorBound(_ a: Matrix, extraUnits: Int = 0) -> Double {
        let n = a.rows
        let fro = a.frobeniusNorm * (1 + Rounding.gamma(n * n + 1))
        return (Double(n * n) + Double(extraUnits)) * Rounding.unitRoundoff * fro
    }

    /// A conservative bound on the absolute error of every computed singular value of an
    /// m×n matrix: c(m,n)·ε·σ_max with c(m,n) = max(m,n). LAPACK's own estimate uses
    /// c = 1 ("a modestly growing function"); max(m,n) covers the Householder reduction's
    /// accumulated rounding (Proofs/Numerics.md §2).
    public static func singularValueErrorBound(rows: Int, cols: Int, sigmaMax: Double) -> Double {
        Double(max(rows, cols, 1)) * Double.ulpOfOne * sigmaMax
    }
}
