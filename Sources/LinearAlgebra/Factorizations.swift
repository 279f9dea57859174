import CLapack
import Foundation

/// Cholesky factorization A = L·Lᵀ of a symmetric positive definite matrix (LAPACK `dpotrf`).
public struct Cholesky: Sendable {
    /// The factor L in the lower triangle (upper triangle is garbage).
    public let factor: Matrix

    public init(_ a: Matrix) throws {
        guard a.rows == a.cols else { throw LinearAlgebraError.dimensionMismatch("dpotrf needs a square matrix, got \(a.rows)×\(a.cols)") }
        guard a.isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: "dpotrf") }
        var f = a
        let n = Int32(a.rows)
        let info = n == 0 ? 0 : f.storage.withUnsafeMutableBufferPointer {
            LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, $0.baseAddress, n)
        }
        try LinearAlgebraError.check(info, routine: "dpotrf") {
            "the leading minor of order \($0) is not positive definite"
        }
        factor = f
    }

    public var dimension: Int { factor.rows }

    /// Solves A·X = B for several right-hand sides (LAPACK `dpotrs`).
    public func solve(_ b: Matrix) throws -> Matrix {
        guard b.rows == dimension else { throw LinearAlgebraError.dimensionMismatch("dpotrs: rhs has \(b.rows) rows, expected \(dimension)") }
        guard b.isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: "dpotrs") }
        var x = b
        let n = Int32(dimension)
        if n == 0 || b.cols == 0 { return x }
        let info = factor.storage.withUnsafeBufferPointer { fp in
            x.storage.withUnsafeMutableBufferPointer { xp in
                LAPACKE_dpotrs(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, Int32(b.cols), fp.baseAddress, n, xp.baseAddress, n)
            }
        }
        try LinearAlgebraError.check(info, routine: "dpotrs") { "unexpected positive info \($0)" }
        return x
    }

    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, cols: 1, columnMajor: b)).storage
    }

    /// log det A = 2 Σ log L_ii.
    public var logDeterminant: Double {
        (0..<dimension).reduce(0) { $0 + 2 * log(factor[$1, $1]) }
    }
}

/// LU factorization with partial pivoting P·A = L·U (LAPACK `dgetrf`), for general square systems.
public struct LU: Sendable {
    public let factors: Matrix
    public let pivots: [Int32]
    /// ‖A‖₁ of the factored matrix, kept for the condition estimate.
    public let norm1: Double

    public init(_ a: Matrix) throws {
        guard a.rows == a.cols else { throw LinearAlgebraError.dimensionMismatch("dgetrf needs a square matrix, got \(a.rows)×\(a.cols)") }
        guard a.isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: "dgetrf") }
        var f = a
        let n = Int32(a.rows)
        var piv = [Int32](repeating: 0, count: a.rows)
        var colMax = 0.0
        for j in 0..<a.cols {
            var s = 0.0
            for i in 0..<a.rows { s += abs(a[i, j]) }
            colMax = max(colMax, s)
        }
        norm1 = colMax
        let info = n == 0 ? 0 : f.storage.withUnsafeMutableBufferPointer { fp in
            piv.withUnsafeMutableBufferPointer { pp in
                LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, fp.baseAddress, n, pp.baseAddress)
            }
        }
        try LinearAlgebraError.check(info, routine: "dgetrf") {
            "U(\($0),\($0)) is exactly zero: the matrix is singular"
        }
        factors = f
        pivots = piv
    }

    public var dimension: Int { factors.rows }

    /// Solves A·X = B (LAPACK `dgetrs`).
    public func solve(_ b: Matrix) throws -> Matrix { try solve(b, transposed: false) }

    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, cols: 1, columnMajor: b)).storage
    }

    /// Solves Aᵀ·X = B (LAPACK `dgetrs`, trans = "T"), reusing the same factors.
    public func solveTransposed(_ b: Matrix) throws -> Matrix { try solve(b, transposed: true) }

    func solve(_ b: Matrix, transposed: Bool) throws -> Matrix {
        guard b.rows == dimension else { throw LinearAlgebraError.dimensionMismatch("dgetrs: rhs has \(b.rows) rows, expected \(dimension)") }
        guard b.isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: "dgetrs") }
        var x = b
        let n = Int32(dimension)
        if n == 0 || b.cols == 0 { return x }
        let trans = Int8(UInt8(ascii: transposed ? "T" : "N"))
        let info = factors.storage.withUnsafeBufferPointer { fp in
            pivots.withUnsafeBufferPointer { pp in
                x.storage.withUnsafeMutableBufferPointer { xp in
                    LAPACKE_dgetrs(LAPACK_COL_MAJOR, trans, n, Int32(b.cols), fp.baseAddress, n, pp.baseAddress, xp.baseAddress, n)
                }
            }
        }
        try LinearAlgebraError.check(info, routine: "dgetrs") { "unexpected positive info \($0)" }
        return x
    }

    /// Estimate of the reciprocal 1-norm condition number 1/(‖A‖₁·est ‖A⁻¹‖₁): Higham's
    /// refinement of Hager's estimator, step for step the algorithm of LAPACK's `dlacn2`
    /// (Higham, ACM TOMS 14, 1988), on this factorization's own solves. Not `dgecon`: with
    /// OpenBLAS 0.3.21 its estimate's last bits depend on what the calling thread ran before
    /// (measured: one ddot, dnrm2 or idamax call on the thread flips them), which would make
    /// reports depend on `--jobs`, shard layout and run order. `dgetrs` has no such history.
    public func reciprocalCondition() throws -> Double {
        let n = dimension
        if n == 0 { return 1 }
        guard norm1 > 0 else { return 0 }
        let est = try inverseNorm1Estimate()
        guard est.isFinite, est > 0 else { return 0 }
        return (1 / est) / norm1
    }

    /// A lower bound on ‖A⁻¹‖₁, usually within a factor 3 of it (`dlacn2`, ITMAX = 5);
    /// +∞ when a solve overflows.
    public func inverseNorm1Estimate() throws -> Double {
        let n = dimension
        func apply(_ v: [Double], transposed: Bool) throws -> [Double]? {
            let r = try solve(Matrix(rows: n, cols: 1, columnMajor: v), transposed: transposed).storage
            return r.allSatisfy(\.isFinite) ? r : nil
        }
        func sum1(_ v: [Double]) -> Double { v.reduce(0) { $0 + abs($1) } }
        func signs(_ v: [Double]) -> [Double] { v.map { $0 >= 0 ? 1 : -1 } }
        /// First index of the largest |v_i| (BLAS idamax).
        func argmaxAbs(_ v: [Double]) -> Int {
            var j = 0
            for i in 1..<v.count where abs(v[i]) > abs(v[j]) { j = i }
            return j
        }
        guard let y0 = try apply([Double](repeating: 1 / Double(n), count: n), transposed: false) else { return .infinity }
        if n == 1 { return abs(y0[0]) }
        var est = sum1(y0)
        var sgn = signs(y0)
        guard var z = try apply(sgn, transposed: true) else { return .infinity }
        var j = argmaxAbs(z)
        var iter = 2
        while true {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            guard let y = try apply(e, transposed: false) else { return .infinity }
            let old = est
            est = sum1(y)
            let newSgn = signs(y)
            if newSgn == sgn || est <= old { est = max(est, old); break }
            sgn = newSgn
            guard let zz = try apply(sgn, transposed: true) else { return .infinity }
            z = zz
            let last = j
            j = argmaxAbs(z)
            if z[last] == abs(z[j]) || iter >= 5 { break }
            iter += 1
        }
        // Higham's alternative vector guards against the estimator's known bad cases.
        var alt = [Double](repeating: 0, count: n)
        for i in 0..<n { alt[i] = (i % 2 == 0 ? 1 : -1) * (1 + Double(i) / Double(n - 1)) }
        guard let ya = try apply(alt, transposed: false) else { return .infinity }
        return max(est, 2 * sum1(ya) / Double(3 * n))
    }
}

