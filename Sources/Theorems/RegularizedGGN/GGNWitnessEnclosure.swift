import Foundation
import Intervals
import LinearAlgebra
import Optimizers
import Problems
import Regularizers
import Trajectories
import Verified

/// A regularized-GGN witness re-run for its certificate (Proofs/Numerics.md §7): the computed
/// iterates θ̂_0 … θ̂_t, and at any of them the exact step of the method enclosed
/// (`GGNStepEnclosure`) with the owner's M_g as the exact real the claimed rule defines.
struct GGNWitnessEnclosure {
    let problem: Problem
    let config: RunConfig
    let regularizer: Regularizer
    let iterates: [[Double]]
    let mG: Interval
    /// M(g) for g = τḡ whatever the owner: the constant A1's consistent pairing uses.
    let mGOfG: Interval
    let nu: Interval

    /// Interval operations a certificate may spend (about a few seconds); beyond, it says so.
    static let workLimit = 4e8

    /// Re-runs `config` through step `through` (the same steps as its instrumented run), or says why not.
    static func make(_ config: RunConfig, through t: Int) -> Result<GGNWitnessEnclosure, Certificate> {
        do {
            var c = config
            c.steps = t + 1
            c.recordSpectra = false
            c.recordTestLoss = false
            let problem = try Problem.make(c.problem)
            let m = Double(problem.sampleCount), p = Double(problem.parameterCount)
            let work = m * m * p * Double(t + 1)
            guard work <= workLimit else {
                return .failure(.notCertified(String(format: "m = %d, p = %d over %d steps need about %.1e outward-rounded operations for the step enclosures (limit %.0e); the verdict rests on the trajectory-sensitivity rule (Proofs/Numerics.md §6)", problem.sampleCount, problem.parameterCount, t + 1, work, workLimit)))
            }
            BLASThreads.setReproducible()
            let traj = try TrajectoryEngine(problem: problem, config: c).run(keepIterates: true)
            guard traj.iterates.count > t else {
                return .failure(.notCertified("the re-run stopped at step \(traj.iterates.count - 1) before step \(t): \(traj.outcome.summary)"))
            }
            let reg = try c.regularizer()
            let mBar = GSCConstantEnclosure.claimedMg(penalty: reg.penalty, parameterCount: problem.parameterCount)
            let nuD = reg.penalty.claimedGSC.nu
            let ofG = GSCConstantEnclosure.scaled(mBar, tau: reg.tau, nu: nuD)
            return .success(GGNWitnessEnclosure(problem: problem, config: c, regularizer: reg, iterates: traj.iterates,
                                                mG: c.mgOwner == .gBar ? mBar : ofG, mGOfG: ofG, nu: GSCConstantEnclosure.nu(nuD)))
        } catch {
            return .failure(.notCertified("the witness could not be re-run: \(error)"))
        }
    }

    /// The exact step from θ̂_t, enclosed (nil: H not provably positive or the system not provably nonsingular).
    func step(_ t: Int) -> GGNStepEnclosure? {
        let ab: Double?, fixed: Double?
        switch config.stepSize {
        case let .adaptive(a): ab = a; fixed = nil
        case let .fixed(a): ab = nil; fixed = a
        }
        return GGNStepEnclosure(theta: iterates[t], network: problem.network, inputs: problem.trainInputs,
                                targets: problem.trainTargets, regularizer: regularizer, alphaBar: ab, fixedStep: fixed, mG: mG)
    }

    /// What a certificate reading θ̂_0 … θ̂_t (and the exact step from θ̂_t) covers: the exact
    /// method when t = 0; else each step from the computed iterate, with the largest distance of
    /// θ̂_{s+1} from the exact step from θ̂_s (relative to that step), or nil when one is not enclosed.
    /// `known` holds step enclosures the caller already computed (index s), so none is made twice.
    func scope(through t: Int, known: [GGNStepEnclosure] = []) -> String? {
        guard t > 0 else { return "the exact method from θ₀: θ₀ and the data are the sampled doubles, θ₁ every exact step from them" }
        var worst = 0.0
        for s in 0..<t {
            guard let e = s < known.count ? known[s] : step(s) else { return nil }
            let stepLength = Vector.norm2(Vector.sub(iterates[s + 1], iterates[s]))
            worst = max(worst, e.distanceUpperBound(iterates[s + 1]) / max(stepLength, Double.leastNormalMagnitude))
        }
        // A power of ten above the defect: its leading digits depend on the BLAS kernel, its decade does not.
        let decade = worst > 0 ? Foundation.pow(10, Foundation.ceil(Foundation.log10(worst))) : 0
        return String(format: "each step from the computed iterate: θ̂_{s+1} lies within %.0e of the exact step from θ̂_s, relative to the step, for s < %d", decade, t)
    }

    /// d_ν(θ̂_t, θ) over θ in the exact step's box: (ν/2 − 1)·M·‖Δ‖₂^{3−ν}·‖Δ‖_θ^{ν−2} (ν ≠ 2).
    func dNu(_ e: GGNStepEnclosure, at t: Int) -> Interval {
        let delta = (0..<e.next.count).map { e.next[$0] - Interval(iterates[t][$0]) }
        let euclid = delta.norm2, local = e.regularizer.localNorm(delta)
        if nu.lo == 2 && nu.hi == 2 { return mG * euclid }
        return (nu / Interval(2) - Interval(1)) * mG * GSCConstantEnclosure.pow(euclid, Interval(3) - nu)
            * GSCConstantEnclosure.pow(local, nu - Interval(2))
    }
}
