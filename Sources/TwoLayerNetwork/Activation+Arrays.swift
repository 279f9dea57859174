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

    /// values[k] = ϱ(z[k]) for k < count.
    @inlinable
    public func values(_ z: UnsafePointer<Double>, into values: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .silu: for k in 0..<count { values[k] = Self.silu(z[k]).0 }
        case .tanh: for k in 0..<count { values[k] = PortableMath.tanh(z[k]) }
        case .softplus, .relu: for k in 0..<count { values[k] = valueAndDerivatives(z[k]).0 }
        }
    }

    /// ϱ(z[k]) and ϱ'(z[k]).
    @inlinable
    public func valuesAndFirst(_ z: UnsafePointer<Double>, values: UnsafeMutablePointer<Double>,
                               first: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .silu:
            for k in 0..<count { let t = Self.silu(z[k]); values[k] = t.0; first[k] = t.1 }
        case .tanh:
            for k in 0..<count { let t = Self.tanhTriple(z[k]); values[k] = t.0; first[k] = t.1 }
        case .softplus, .relu:
            for k in 0..<count { let t = valueAndDerivatives(z[k]); values[k] = t.0; first[k] = t.1 }
        }
    }

    /// ϱ'(z[k]) and ϱ''(z[k]).
    @inlinable
    public func firstAndSecond(_ z: UnsafePointer<Double>, first: UnsafeMutablePointer<Double>,
                               second: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .silu:
            for k in 0..<count { let t = Self.silu(z[k]); first[k] = t.1; second[k] = t.2 }
        case .tanh:
            for k in 0..<count { let t = Self.tanhTriple(z[k]); first[k] = t.1; second[k] = t.2 }
        case .softplus, .relu:
            for k in 0..<count { let t = valueAndDerivatives(z[k]); first[k] = t.1; second[k] = t.2 }
        }
    }
}
