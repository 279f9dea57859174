import PortableMath

/// Uniform and normal samples from a seeded stream. The conversions are written out
/// (not Swift's `Double.random(in:using:)`, whose algorithm is not a documented contract),
/// so the samples are part of the reproducibility promise too.
public struct SeededSampler: Sendable {
    public var generator: Xoshiro256StarStar
    /// The second normal of the last polar pair, returned by the next call.
    private var spareNormal: Double?

    public init(seed: UInt64) { generator = Xoshiro256StarStar(seed: seed) }

    /// Uniform on [0, 1): the top 53 bits times 2^−53 (every value a multiple of 2^−53).
    public mutating func uniform() -> Double {
        Double(generator.next() >> 11) * 0x1.0p-53
    }

    /// Uniform on [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }

    /// Standard normal by Marsaglia's polar method, with `PortableMath.log` so that the
    /// result does not depend on the platform's libm.
    public mutating func normal() -> Double {
        if let z = spareNormal { spareNormal = nil; return z }
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * PortableMath.log(s) / s).squareRoot()
                spareNormal = v * f
                return u * f
            }
        }
    }

    public mutating func normals(_ count: Int) -> [Double] { (0..<count).map { _ in normal() } }
    public mutating func uniforms(_ count: Int) -> [Double] { (0..<count).map { _ in uniform() } }

    /// A child stream for a named purpose: independent of the parent's later draws, so adding
    /// a draw in one part of problem generation never shifts another part's numbers.
    public static func stream(seed: UInt64, purpose: UInt64) -> SeededSampler {
        var mix = SplitMix64(seed: seed ^ (purpose &* 0xD1B5_4A32_D192_ED03))
        return SeededSampler(seed: mix.next())
    }
}
