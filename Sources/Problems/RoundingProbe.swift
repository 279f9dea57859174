/// A second evaluation of the same instance from a θ_0 moved by a few ulps: the engine's
/// measure of how much the computed trajectory, not the method, decides a verdict
/// (Proofs/Numerics.md §6). Inside `RoundingProbe.$replicate.withValue(k)` every problem made
/// starts from θ_0 with each entry moved by 1 to 4 ulps, in a direction and by an amount fixed by
/// k and the entry's index (no random stream is consumed, so the data are unchanged).
public enum RoundingProbe {
    /// 0: the nominal run; k ≥ 1: replicate k.
    @TaskLocal public static var replicate: Int = 0

    /// θ_0 as the current replicate sees it (unchanged for replicate 0; zeros stay zero).
    public static func perturbed(_ theta: [Double]) -> [Double] {
        let k = replicate
        guard k > 0 else { return theta }
        var out = theta
        for i in out.indices {
            // A Weyl sequence in the index: signs and sizes spread evenly, the same on every machine.
            let h = (UInt64(i) &+ 1) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(k) &* 0xBF58_476D_1CE4_E5B9
            let ulps = Int((h >> 60) & 3) + 1
            for _ in 0..<ulps { out[i] = (h >> 63) == 0 ? out[i].nextUp : out[i].nextDown }
            if theta[i] == 0 { out[i] = 0 }
        }
        return out
    }
}
