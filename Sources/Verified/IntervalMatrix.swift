import Intervals
import LinearAlgebra

/// A dense column-major matrix of `Interval` (element (i, j) at `storage[i + j·rows]`), standing
/// for every real matrix whose entries lie in the intervals. Products use outward-rounded
/// interval arithmetic entry by entry, so they contain every product of members: plain loops,
/// no BLAS (BLAS cannot be told to round outward); fine for the sizes a certificate needs.
public struct IntervalMatrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public var storage: [Interval]

    /// A rows × cols matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Interval = Interval(0)) {
        precondition(rows >= 0 && cols >= 0)
        self.rows = rows
        self.cols = cols
        storage = Array(repeating: value, count: rows * cols)
    }

    /// Wraps column-major storage (count must be rows·cols).
    public init(rows: Int, cols: Int, columnMajor storage: [Interval]) {
        precondition(storage.count == rows * cols)
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// The thin (degenerate) interval matrix of a point matrix: its entries are exact.
    public init(_ m: Matrix) {
        self.init(rows: m.rows, cols: m.cols, columnMajor: m.storage.map { Interval($0) })
    }

    @inlinable public subscript(i: Int, j: Int) -> Interval {
        get { storage[i + j * rows] }
        set { storage[i + j * rows] = newValue }
    }

    /// The n × n identity (thin).
    public static func identity(_ n: Int) -> IntervalMatrix {
        var m = IntervalMatrix(rows: n, cols: n)
        for i in 0..<n { m[i, i] = Interval(1) }
        return m
    }

    /// Entry-wise midpoints, the point matrix the approximate (LAPACK) steps work on.
    public var midpoint: Matrix { Matrix(rows: rows, cols: cols, columnMajor: storage.map { $0.mid }) }

    /// The transpose (exact: entries are only moved).
    public var transposed: IntervalMatrix {
        var t = IntervalMatrix(rows: cols, cols: rows)
        for j in 0..<cols { for i in 0..<rows { t[j, i] = self[i, j] } }
        return t
    }

    /// Σ_k a_k·b_k in interval arithmetic (each operation rounded outward).
    @inlinable static func dot(_ n: Int, _ a: (Int) -> Interval, _ b: (Int) -> Interval) -> Interval {
        var s = Interval(0)
        for k in 0..<n { s = s + a(k) * b(k) }
        return s
    }

    /// [A]·[B]: contains A·B for every A ∈ [A], B ∈ [B].
    public static func * (a: IntervalMatrix, b: IntervalMatrix) -> IntervalMatrix {
        precondition(a.cols == b.rows, "dimension mismatch \(a.rows)×\(a.cols) · \(b.rows)×\(b.cols)")
        var c = IntervalMatrix(rows: a.rows, cols: b.cols)
        let at = a.transposed   // rows of A contiguous
        for j in 0..<b.cols {
            for i in 0..<a.rows {
                c[i, j] = dot(a.cols, { at.storage[$0 + i * a.cols] }, { b.storage[$0 + j * b.rows] })
            }
        }
        return c
    }

    /// A·[B] for a point A (taken as exact).
    public static func * (a: Matrix, b: IntervalMatrix) -> IntervalMatrix { IntervalMatrix(a) * b }
    /// [A]·B for a point B (taken as exact).
    public static func * (a: IntervalMatrix, b: Matrix) -> IntervalMatrix { a * IntervalMatrix(b) }

    /// [A]·[x] for an interval vector.
    public static func * (a: IntervalMatrix, x: [Interval]) -> [Interval] {
        precondition(a.cols == x.count)
        return (0..<a.rows).map { i in dot(a.cols, { a[i, $0] }, { x[$0] }) }
    }

    /// [A]·x for a point vector (taken as exact).
    public static func * (a: IntervalMatrix, x: [Double]) -> [Interval] { a * x.map { Interval($0) } }

    /// [A] ± [B] entry by entry.
    public static func + (a: IntervalMatrix, b: IntervalMatrix) -> IntervalMatrix { a.combine(b, +) }
    public static func - (a: IntervalMatrix, b: IntervalMatrix) -> IntervalMatrix { a.combine(b, -) }

    func combine(_ b: IntervalMatrix, _ op: (Interval, Interval) -> Interval) -> IntervalMatrix {
        precondition(rows == b.rows && cols == b.cols)
        return IntervalMatrix(rows: rows, cols: cols, columnMajor: zip(storage, b.storage).map { op($0, $1) })
    }

    /// [J]·[J]ᵀ (rows × rows), symmetric by construction, with x² (not x·x) on the diagonal so a
    /// diagonal entry is never below 0: contains J·Jᵀ for every J ∈ [J].
    public var gram: IntervalMatrix {
        var g = IntervalMatrix(rows: rows, cols: rows)
        let t = transposed   // column i of t is row i of self
        for j in 0..<rows {
            var d = Interval(0)
            for k in 0..<cols { d = d + t.storage[k + j * cols].squared }
            g[j, j] = d
            for i in (j + 1)..<max(j + 1, rows) {
                let v = IntervalMatrix.dot(cols, { t.storage[$0 + i * cols] }, { t.storage[$0 + j * cols] })
                g[i, j] = v
                g[j, i] = v
            }
        }
        return g
    }
}
