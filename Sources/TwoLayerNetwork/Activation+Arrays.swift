import PortableMath

/// The activation over whole arrays. The per-element `switch` of `valueAndDerivatives` is
/// hoisted out of the loop and SiLU/tanh are branch-free (PortableMath), so each loop is
/// straight-line code the compiler vectorizes. Same bits as the scalar form, element by element.
extension Activation {
    @inlinable @inline(__always)
    static func silu(_ z: Double) -> (Double, Double, Double) {
        let s = PortableMath.sigmoid(z)
        let ds = s * (1 - s)
        return (z * s, s + z * ds, ds * (2 + z * (1 - 2 * s)))
    }

    @inlinable @inline(__always)
    static func tanhTriple(_ z: Double) -> (Double, Double, Double) {
        let t = PortableMath.tanh(z)
        let d = 1 - t * t
        return (t, d, -2 * t * d)
    }

    /// Which of (ϱ, ϱ', ϱ'') an array evaluation writes, into its first and second output.
    public enum Outputs: Sendable {
        case value, valueAndFirst, firstAndSecond
    }

    /// Evaluates `what` at z[k], k < count, into a[k] (and b[k] for the pairs).
    @inlinable
    public func evaluate(_ what: Outputs, at z: UnsafePointer<Double>, count: Int,
                         into a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>? = nil) {
        switch self {
        case .silu: Self.store(what, Self.silu, z, count, a, b)
        case .tanh: Self.store(what, Self.tanhTriple, z, count, a, b)
        case .softplus, .relu: Self.store(what, valueAndDerivatives, z, count, a, b)
        }
    }

    /// The loops, specialized per activation once `f` is inlined (unused components are dead code).
    @inlinable @inline(__always)
    static func store(_ what: Outputs, _ f: (Double) -> (Double, Double, Double), _ z: UnsafePointer<Double>, _ count: Int,
                      _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>?) {
        switch what {
        case .value:
            for k in 0..<count { a[k] = f(z[k]).0 }
        case .valueAndFirst:
            let b = b!
            for k in 0..<count { let t = f(z[k]); a[k] = t.0; b[k] = t.1 }
        case .firstAndSecond:
            let b = b!
            for k in 0..<count { let t = f(z[k]); a[k] = t.1; b[k] = t.2 }
        }
    }
}
