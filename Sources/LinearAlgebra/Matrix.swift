/// A dense column-major matrix of `Double`, the storage layout BLAS and LAPACK expect.
///
/// Element (i, j) lives at `storage[i + j * rows]`. Value semantics come from the
/// underlying `Array` (copy on write), so passing a matrix around never aliases.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    public var storage: [Double]

    /// A `rows` × `cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        self.storage = Array(repeating: value, count: rows * cols)
    }

    /// A `rows` × `cols` matrix whose every entry `fill` writes through the column-major buffer
    /// it is given (no zero fill first: for J, formed once per step and written whole).
    public init(rows: Int, cols: Int, writingEveryEntry fill: (UnsafeMutableBufferPointer<Double>) -> Void) {
        precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        self.storage = [Double](unsafeUninitializedCapacity: rows * cols) { buffer, count in
            fill(buffer)
            count = rows * cols
        }
    }

    /// Wraps column-major storage; `storage.count` must be `rows * cols`.
    public init(rows: Int, cols: Int, columnMajor storage: [Double]) {
        precondition(storage.count == rows * cols, "storage has \(storage.count) entries, expected \(rows * cols)")
        self.rows = rows
        self.cols = cols
        self.storage = storage
    }

    /// Builds a matrix from row arrays (convenient in tests and small examples).
    public init(_ rowArrays: [[Double]]) {
        let r = rowArrays.count
        let c = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == c }, "ragged rows")
        self.init(rows: r, cols: c)
        for i in 0..<r { for j in 0..<c { self[i, j] = rowArrays[i][j] } }
    }

    /// The n × n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// A square matrix with `d` on its diagonal.
    public static func diagonal(_ d: [Double]) -> Matrix {
        var m = Matrix(rows: d.count, cols: d.count)
        for i in 0..<d.count { m[i, i] = d[i] }
        return m
    }

    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i + j * rows] }
        set { storage[i + j * rows] = newValue }
    }

    /// Column `j` as a new array.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// Row `i` as a new array.
    public func row(_ i: Int) -> [Double] {
        (0..<cols).map { self[i, $0] }
    }

    /// The transpose, as a new matrix (copied in 32×32 tiles so both sides stay in cache).
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        let r = rows, c = cols, bs = 32
        storage.withUnsafeBufferPointer { s in
            t.storage.withUnsafeMutableBufferPointer { d in
                var j0 = 0
                while j0 < c {
                    let j1 = Swift.min(j0 + bs, c)
                    var i0 = 0
                    while i0 < r {
                        let i1 = Swift.min(i0 + bs, r)
                        for j in j0..<j1 { for i in i0..<i1 { d[j + i * c] = s[i + j * r] } }
                        i0 = i1
                    }
                    j0 = j1
                }
            }
        }
        return t
    }

    /// True when every entry is finite (no NaN, no ±∞).
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }

    /// Frobenius norm, computed with scaling so it neither overflows nor underflows.
    public var frobeniusNorm: Double { Vector.norm2(storage) }

    /// The sub-matrix of rows `r` and columns `c`.
    public func block(rows r: Range<Int>, cols c: Range<Int>) -> Matrix {
        var b = Matrix(rows: r.count, cols: c.count)
        for (jj, j) in c.enumerated() { for (ii, i) in r.enumerated() { b[ii, jj] = self[i, j] } }
        return b
    }
}
