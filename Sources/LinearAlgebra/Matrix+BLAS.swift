import CLapack

/// Products through CBLAS. Every heavy product in the project goes through here, so the
/// level-3 work (gemm, syrk) is where OpenBLAS can make it fast.
extension Matrix {
    /// op(A)·op(B)·alpha, with op = transpose when the flag is set (BLAS `dgemm`).
    public static func multiply(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
                                alpha: Double = 1) -> Matrix {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows
        let n = transposeB ? b.rows : b.cols
        precondition(k == kb, "gemm: inner dimensions \(k) and \(kb) differ")
        var c = Matrix(rows: m, cols: n)
        if m == 0 || n == 0 { return c }
        if k == 0 { return c }
        a.storage.withUnsafeBufferPointer { ap in
            b.storage.withUnsafeBufferPointer { bp in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    cblas_dgemm(CblasColMajor, transposeA ? CblasTrans : CblasNoTrans,
                                transposeB ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), alpha,
                                ap.baseAddress, Int32(max(1, a.rows)), bp.baseAddress, Int32(max(1, b.rows)),
                                0, cp.baseAddress, Int32(max(1, m)))
                }
            }
        }
        return c
    }

    /// op(A)·x·alpha (BLAS `dgemv`).
    public static func multiply(_ a: Matrix, transpose: Bool = false, _ x: [Double], alpha: Double = 1) -> [Double] {
        let outLen = transpose ? a.cols : a.rows
        let inLen = transpose ? a.rows : a.cols
        precondition(x.count == inLen, "gemv: vector has \(x.count) entries, expected \(inLen)")
        var y = [Double](repeating: 0, count: outLen)
        if outLen == 0 || inLen == 0 { return y }
        a.storage.withUnsafeBufferPointer { ap in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    cblas_dgemv(CblasColMajor, transpose ? CblasTrans : CblasNoTrans, Int32(a.rows), Int32(a.cols),
                                alpha, ap.baseAddress, Int32(max(1, a.rows)), xp.baseAddress, 1, 0, yp.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// alpha·A·Aᵀ (or alpha·AᵀA when `transpose`), both triangles filled (BLAS `dsyrk`).
    public static func gram(_ a: Matrix, transpose: Bool = false, alpha: Double = 1) -> Matrix {
        let n = transpose ? a.cols : a.rows
        let k = transpose ? a.rows : a.cols
        var c = Matrix(rows: n, cols: n)
        if n == 0 || k == 0 { return c }
        a.storage.withUnsafeBufferPointer { ap in
            c.storage.withUnsafeMutableBufferPointer { cp in
                cblas_dsyrk(CblasColMajor, CblasLower, transpose ? CblasTrans : CblasNoTrans, Int32(n), Int32(k),
                            alpha, ap.baseAddress, Int32(max(1, a.rows)), 0, cp.baseAddress, Int32(n))
            }
        }
        c.symmetrizeFromLower()
        return c
    }

    /// C ← A·Aᵀ + β·C on the lower triangle of C (n×n), A given as n×k column-major at `a`
    /// with leading dimension `lda` (BLAS `dsyrk`); lets callers accumulate blocks of a matrix
    /// they never form whole.
    public static func rankKUpdateLower(_ c: inout Matrix, a: UnsafePointer<Double>, inner k: Int, lda: Int, beta: Double) {
        precondition(c.rows == c.cols && lda >= c.rows)
        let n = c.rows
        c.storage.withUnsafeMutableBufferPointer { cp in
            cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, Int32(n), Int32(k), 1, a, Int32(lda), beta, cp.baseAddress, Int32(n))
        }
    }

    /// Copies the lower triangle onto the upper one.
    public mutating func symmetrizeFromLower() {
        precondition(rows == cols)
        let n = rows
        storage.withUnsafeMutableBufferPointer { s in
            for j in 0..<n { for i in (j + 1)..<max(j + 1, n) { s[j + i * n] = s[i + j * n] } }
        }
    }

    /// Multiplies column j by `scale[j]` in place.
    public mutating func scaleColumns(by scale: [Double]) {
        precondition(scale.count == cols)
        let r = rows
        storage.withUnsafeMutableBufferPointer { s in
            for j in 0..<cols {
                let f = scale[j]
                let base = j * r
                for i in 0..<r { s[base + i] *= f }
            }
        }
    }

    public static func + (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.cols == b.cols)
        var c = a
        for i in c.storage.indices { c.storage[i] += b.storage[i] }
        return c
    }

    public static func - (a: Matrix, b: Matrix) -> Matrix {
        precondition(a.rows == b.rows && a.cols == b.cols)
        var c = a
        for i in c.storage.indices { c.storage[i] -= b.storage[i] }
        return c
    }

    public static func * (a: Matrix, b: Matrix) -> Matrix { multiply(a, b) }
    public static func * (s: Double, a: Matrix) -> Matrix {
        Matrix(rows: a.rows, cols: a.cols, columnMajor: a.storage.map { s * $0 })
    }
}

/// OpenBLAS's own thread pool.
public enum BLASThreads {
    public static func set(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }
    public static var current: Int { Int(openblas_get_num_threads()) }

    /// One thread, process-wide, for every computation whose numbers are reported: OpenBLAS's
    /// multithreaded kernels split reductions by thread count and so round differently, which
    /// would make a result depend on the machine's cores, on `--jobs` and on whatever ran
    /// before in the process. Every entry point that produces reported numbers (suite units,
    /// instrumented runs, studies, the paper experiment, the command line) calls this first;
    /// concurrency comes from running instances side by side. Only `bench` raises it.
    public static func setReproducible() { set(1) }
}
