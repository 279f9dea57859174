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

    /// Estimate of the reciprocal 1-norm condition number (LAPACK `dgecon`).
    public func reciprocalCondition() throws -> Double {
        let n = Int32(dimension)
        if n == 0 { return 1 }
        var rcond = 0.0
        let info = factors.storage.withUnsafeBufferPointer { fp in
            LAPACKE_dgecon(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "1")), n, fp.baseAddress, n, norm1, &rcond)
        }
        try LinearAlgebraError.check(info, routine: "dgecon") { "unexpected positive info \($0)" }
        return rcond
    }
}

