/// Dense reference linear algebra for tests: plain loops, no BLAS or LAPACK, so a test that
/// checks a LAPACK-based step against it compares two independent computations.
public enum DenseReference {
    /// Solves A x = b by Gaussian elimination with partial pivoting (A dense, row arrays).
    public static func solve(_ a0: [[Double]], _ b0: [Double]) -> [Double] {
        var a = a0, b = b0
        let n = b.count
        for k in 0..<n {
            let piv = (k..<n).max { abs(a[$0][k]) < abs(a[$1][k]) }!
            a.swapAt(k, piv); b.swapAt(k, piv)
            for i in (k + 1)..<n where a[i][k] != 0 {
                let f = a[i][k] / a[k][k]
                for j in k..<n { a[i][j] -= f * a[k][j] }
                b[i] -= f * b[k]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = b[i]
            for j in (i + 1)..<n { s -= a[i][j] * x[j] }
            x[i] = s / a[i][i]
        }
        return x
    }
}
