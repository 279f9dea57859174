import Foundation
import Intervals
import SeededRandom
import Trajectories
import Verified

extension StandingAssumptions {
    /// The violated assumption at θ̂_t (the hypothesis that makes the instance vacuous), enclosed (Proofs/Numerics.md §7): A1 from the enclosed
    /// derivatives of g = τḡ (coordinate directions, or the run's 16 seeded pairs (u, v), taken
    /// as exact doubles) against the claimed M_g as a real; A2 from ‖θ̂_t − θ_0‖ against r0;
    /// A3 over every exact step from θ̂_t; A4 is a property of ϱ, exact.
    public static func certify(_ config: RunConfig, reading: ReadingID, check: Check) -> Certificate {
        guard let r = readings.first(where: { $0.id == reading.rawValue }) else { return .notCertified("unknown reading \(reading)") }
        let radius = r.radius
        guard let t = check.step else { return .notCertified("the check names no step") }
        if check.name.hasPrefix("A4") {
            return Certificate(status: .certified, scope: "a property of the activation", detail: "A4: ϱ = \(config.problem.activation.rawValue) is not twice differentiable (exact)")
        }
        let w: GGNWitnessEnclosure
        switch GGNWitnessEnclosure.make(config, through: t) {
        case let .success(x): w = x
        case let .failure(c): return c
        }
        guard let scope = t == 0 ? "at θ₀ as sampled, before any step" : w.scope(through: t) else {
            return .notCertified("an exact step before step \(t) is not enclosed")
        }
        let theta = w.iterates[t]
        let g = RegularizerEnclosure(w.regularizer, box: theta.map { Interval($0) })
        let mG = r.consistentA1 ? w.mGOfG : w.mG
        let con: EnclosedCheck
        if check.name.hasPrefix("A1: max_i") {
            con = EnclosedCheck(check.name, step: t, lhs: coordinateRatio(g, nu: w.nu), rhs: mG)
        } else if check.name.hasPrefix("A1: sampled") {
            con = EnclosedCheck(check.name, step: t, lhs: sampledRatio(g, nu: w.nu, seed: UInt64(t)), rhs: mG)
        } else if check.name.hasPrefix("A2") {
            let d = (0..<theta.count).map { Interval(theta[$0]) - Interval(w.iterates[0][$0]) }.norm2
            con = EnclosedCheck(check.name, step: t, lhs: d, rhs: Interval(radius) * w.iterates[0].map { Interval($0) }.norm2)
        } else if check.name.hasPrefix("A3") {
            guard let e = w.step(t) else { return .notCertified("the exact step from θ̂_\(t) is not enclosed") }
            con = EnclosedCheck(check.name, step: t, lhs: w.dNu(e, at: t), rhs: Interval(1), strict: true)
        } else {
            return .notCertified("no enclosure for the check \(check.name)")
        }
        return EnclosedCheck.decide(violated: con, held: [], scope: scope)
    }

    /// max_i |g'''_i|/g''_i^{ν/2}, over the coordinates with g''_i provably positive (the others
    /// are skipped by the floating-point check too: a zero g'' makes no ratio; one not provably
    /// 0 or positive leaves the upper end open).
    static func coordinateRatio(_ g: RegularizerEnclosure, nu: Interval) -> Interval {
        var lo = 0.0, hi = 0.0
        for i in g.hessianDiagonal.indices {
            // An H_ii that may be 0 or positive: its ratio may be anything (no upper end).
            guard g.hessianDiagonal[i].lo > 0 else { if g.hessianDiagonal[i].hi > 0 { hi = .infinity }; continue }
            let r = g.thirdDiagonal[i].magnitude / GSCConstantEnclosure.pow(g.hessianDiagonal[i], nu / Interval(2))
            lo = max(lo, r.lo)
            hi = max(hi, r.hi)
        }
        return Interval(lo, hi)
    }

    /// The largest |⟨∇³g[v]u, u⟩|/(‖u‖²_θ‖v‖_θ^{ν−2}‖v‖₂^{3−ν}) over the recorder's 16 seeded pairs
    /// (`QuantityRecorder.gscRatios`), the pairs taken as the exact doubles drawn.
    static func sampledRatio(_ g: RegularizerEnclosure, nu: Interval, seed: UInt64) -> Interval {
        let h2 = g.hessianDiagonal, h3 = g.thirdDiagonal
        var rng = SeededSampler.stream(seed: seed, purpose: 0x65C)
        var lo = 0.0, hi = 0.0
        for _ in 0..<16 {
            let u = rng.normals(h2.count), v = rng.normals(h2.count)
            var lhs = Interval(0), uu = Interval(0), vv = Interval(0), v2 = Interval(0)
            for i in h2.indices {
                let ui = Interval(u[i]), vi = Interval(v[i])
                lhs = lhs + h3[i] * vi * ui.squared
                uu = uu + h2[i] * ui.squared
                vv = vv + h2[i] * vi.squared
                v2 = v2 + vi.squared
            }
            let rhs = uu * GSCConstantEnclosure.pow(vv.squareRoot, nu - Interval(2)) * GSCConstantEnclosure.pow(v2.squareRoot, Interval(3) - nu)
            guard rhs.lo > 0 else { if rhs.hi > 0 { hi = .infinity }; continue }
            let r = lhs.magnitude / rhs
            lo = max(lo, r.lo)
            hi = max(hi, r.hi)
        }
        return Interval(lo, hi)
    }
}
