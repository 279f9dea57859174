/// xoshiro256** 1.0 (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 2021), seeded through SplitMix64. Integer arithmetic only, so one seed gives
/// the same stream, bit for bit, on every machine. Period 2^256 − 1.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    public private(set) var s: (UInt64, UInt64, UInt64, UInt64)

    /// Seeds the four state words with four SplitMix64 outputs (never all zero).
    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s = (sm.next(), sm.next(), sm.next(), sm.next())
    }

    @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = Self.rotl(s.3, 45)
        return result
    }
}
