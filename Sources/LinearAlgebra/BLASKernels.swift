import CLapack

/// Column-major level-2/3 BLAS on raw buffers, for callers that stream blocks of a matrix they
/// never form whole (the streamed Φ/J passes, the blocked Gram). Every BLAS and LAPACK call of
/// the package goes through this module, so the kernel that computes a verdict's numbers is
/// chosen in one place (Proofs/Numerics.md §6).
public enum BLAS {
    /// C ← α·op(A)·op(B) + β·C, with op(A) m×k, op(B) k×n and C m×n (`dgemm`).
    public static func gemm(transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Double = 1,
                            a: UnsafePointer<Double>?, lda: Int, b: UnsafePointer<Double>?, ldb: Int,
                            beta: Double = 0, c: UnsafeMutablePointer<Double>?, ldc: Int) {
        cblas_dgemm(CblasColMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// y ← α·op(A)·x + β·y, with A rows×cols and unit strides (`dgemv`).
    public static func gemv(transpose: Bool = false, rows: Int, cols: Int, alpha: Double = 1, a: UnsafePointer<Double>?, lda: Int,
                            x: UnsafePointer<Double>?, beta: Double = 0, y: UnsafeMutablePointer<Double>?) {
        cblas_dgemv(CblasColMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(cols), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }
}
