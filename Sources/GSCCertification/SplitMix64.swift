import PortableMath

/// SplitMix64 (Steele, Lea, Flood 2014): a small seeded generator for the adversarial searches.
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
    /// Uniform in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }
    /// Standard normal by Box–Muller on PortableMath (only used for search directions).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 0x1p-60), u2 = uniform()
        let r = (-2 * PortableMath.log(u1)).squareRoot()
        let a = 2 * Double.pi * u2
        // cos via sin-free rotation: use Taylor-free identity with PortableMath is not available; use built-in.
        return r * _cosApprox(a)
    }
}

/// cos on [0, 2π) by range reduction to [−π/4, π/4] and Taylor series (|error| < 1e-16);
/// only shapes random search directions, so its accuracy is not part of any certificate.
@usableFromInline func _cosApprox(_ x: Double) -> Double {
    var y = x.truncatingRemainder(dividingBy: 2 * Double.pi)
    if y > Double.pi { y -= 2 * Double.pi }
    if y < -Double.pi { y += 2 * Double.pi }
    let flip = abs(y) > Double.pi / 2
    if flip { y = y > 0 ? Double.pi - y : -Double.pi - y }
    let y2 = y * y
    var s = 1.0, term = 1.0
    for k in stride(from: 2, through: 30, by: 2) {
        term *= -y2 / Double(k * (k - 1))
        s += term
    }
    return flip ? -s : s
}
