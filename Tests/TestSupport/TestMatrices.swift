import LinearAlgebra
import SeededRandom

/// Matrices with known spectra, built independently of the routines under test.
public enum TestMatrices {
    /// A random orthogonal n×n matrix as a product of k Householder reflectors
    /// I − 2vvᵀ/(vᵀv), each applied explicitly (no LAPACK involved).
    public static func orthogonal(_ n: Int, seed: UInt64, reflectors k: Int = 6) -> Matrix {
        var rng = SeededSampler(seed: seed)
        var q = Matrix.identity(n)
        for _ in 0..<k {
            let v = rng.normals(n)
            let vv = v.reduce(0) { $0 + $1 * $1 }
            // q ← (I − 2vvᵀ/vv) q
            for j in 0..<n {
                var s = 0.0
                for i in 0..<n { s += v[i] * q[i, j] }
                let f = 2 * s / vv
                for i in 0..<n { q[i, j] -= f * v[i] }
            }
        }
        return q
    }

    /// U·diag(s)·Vᵀ with U (rows×k) and V (cols×k) orthonormal columns, k = min(rows, cols).
    public static func withSingularValues(_ s: [Double], rows: Int, cols: Int, seed: UInt64) -> Matrix {
        let u = orthogonal(rows, seed: seed)
        let v = orthogonal(cols, seed: seed &+ 1)
        var a = Matrix(rows: rows, cols: cols)
        for j in 0..<cols { for i in 0..<rows {
            var acc = 0.0
            for l in 0..<s.count { acc += u[i, l] * s[l] * v[j, l] }
            a[i, j] = acc
        } }
        return a
    }

    public static func hilbert(_ n: Int) -> Matrix {
        var h = Matrix(rows: n, cols: n)
        for i in 0..<n { for j in 0..<n { h[i, j] = 1 / Double(i + j + 1) } }
        return h
    }

    public static func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, cols: b.cols)
        for i in 0..<a.rows { for j in 0..<b.cols {
            var s = 0.0
            for k in 0..<a.cols { s += a[i, k] * b[k, j] }
            c[i, j] = s
        } }
        return c
    }

    public static func random(_ r: Int, _ c: Int, seed: UInt64) -> Matrix {
        var rng = SeededSampler(seed: seed)
        return Matrix(rows: r, cols: c, columnMajor: rng.normals(r * c))
    }
}

public func maxAbsDiff(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
