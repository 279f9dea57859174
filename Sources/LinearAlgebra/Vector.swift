import CLapack

/// Small helpers on `[Double]` used as vectors. Kept as free functions in a namespace so
/// they read like the math (`Vector.dot(a, b)`), without extending `Array` globally.
public enum Vector {
    /// Euclidean norm through BLAS `dnrm2`, which scales to avoid overflow and underflow.
    public static func norm2(_ x: [Double]) -> Double {
        if x.isEmpty { return 0 }
        return x.withUnsafeBufferPointer { cblas_dnrm2(Int32(x.count), $0.baseAddress, 1) }
    }

    public static func dot(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "dot: lengths \(x.count) and \(y.count) differ")
        if x.isEmpty { return 0 }
        return x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in cblas_ddot(Int32(x.count), xp.baseAddress, 1, yp.baseAddress, 1) }
        }
    }

    /// x − y.
    public static func sub(_ x: [Double], _ y: [Double]) -> [Double] {
        precondition(x.count == y.count, "sub: lengths \(x.count) and \(y.count) differ")
        var r = x
        for i in r.indices { r[i] -= y[i] }
        return r
    }

    /// x + a·y.
    public static func axpy(_ x: [Double], _ a: Double, _ y: [Double]) -> [Double] {
        precondition(x.count == y.count, "axpy: lengths \(x.count) and \(y.count) differ")
        var r = x
        for i in r.indices { r[i] += a * y[i] }
        return r
    }

    public static func scaled(_ x: [Double], _ a: Double) -> [Double] { x.map { a * $0 } }

    public static func maxAbs(_ x: [Double]) -> Double { x.reduce(0) { max($0, abs($1)) } }
}
