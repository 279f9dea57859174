import Foundation
import Intervals
import Trajectories
import Verified

extension LossDecayTheorem {
    /// The violated bound at step t, enclosed (Proofs/Numerics.md §7): L(θ̂_t) and, over every
    /// exact step θ_{t+1} from θ̂_t, L(θ_{t+1}) and d_ν(θ̂_t, θ_{t+1}); σ(J_t) by verified
    /// eigenvalues of the interval Gram; d_g, D_g the extreme entries of the enclosed H_t.
    /// ϖ_t is not enclosed: ω_ν is increasing, so ϖ_t = ω_ν(d) − ω_ν(−d) ≥ 0 and
    /// L(θ_t) − [ϑL_D²(1 + D_gϖ_t) − ξL_D] ≤ L(θ_t) − ϑL_D² + ξL_D, which is what the proof uses.
    public static func certify(_ config: RunConfig, reading: ReadingID, check: Check) -> Certificate {
        guard let r = Reading(rawValue: reading.rawValue) else { return .notCertified("unknown reading \(reading)") }
        guard let t = check.step else { return .notCertified("the check names no step") }
        let w: GGNWitnessEnclosure
        switch GGNWitnessEnclosure.make(config, through: t) {
        case let .success(x): w = x
        case let .failure(c): return c
        }
        guard let e = w.step(t) else { return .notCertified("the exact step from θ̂_\(t) is not enclosed (H_t not provably positive, or I + Q̂K not provably nonsingular)") }
        guard let sigma = SymmetricEigenEnclosure.singularValueExtremes(e.network.jacobian) else {
            return .notCertified("σ(J_\(t)) is not enclosed (m > p, or the verified eigenvalues of the interval Gram failed)")
        }
        guard let scope = w.scope(through: t) else { return .notCertified("an exact step before step \(t) is not enclosed") }
        let m = Double(w.problem.sampleCount)
        let lossNext = GGNStepEnclosure.loss(box: e.next, network: w.problem.network, inputs: w.problem.trainInputs,
                                             targets: w.problem.trainTargets, regularizer: w.regularizer)
        let h = e.regularizer.hessianDiagonal
        let dG = Interval(h.map(\.lo).min() ?? .nan, h.map(\.hi).min() ?? .nan)
        let bigDG = Interval(h.map(\.lo).max() ?? .nan, h.map(\.hi).max() ?? .nan)
        let normE = e.e.norm2
        let beta = (normE.squared + Interval(1)).squareRoot
        let lD = e.alpha * beta * sigma.max * bigDG / (dG * (bigDG + dG * sigma.min.squared))
        let xi = normE * sigma.max + e.regularizer.gradient.norm2
        let vartheta = r == .thetaZero ? Interval(0) : sigma.max.squared / Interval(m)
        let rhsHi = (e.loss - vartheta * lD.squared + xi * lD).hi
        let con = EnclosedCheck(check.name, step: t, lhs: lossNext, rhs: Interval(-.infinity, rhsHi))
        let hyp = EnclosedCheck("d_ν(θ_t, θ_{t+1}) < 1", step: t, lhs: w.dNu(e, at: t), rhs: Interval(1), strict: true)
        return EnclosedCheck.decide(violated: con, held: [hyp], scope: scope)
    }
}
