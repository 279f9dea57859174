import Foundation
import LinearAlgebra
import Optimizers
import Quantities

/// **Standing assumptions along the trajectory** (000, "Setup & key assumptions" and
/// "Theory: setup"; Proofs/StandingAssumptions.md). Each is a claim the theorems rest on and
/// is checked at every visited θ_t:
/// (A1) g is (M_g, ν)-GSC at θ_t, tested on coordinate directions and 16 seeded random (u, v);
/// (A2) the iterates stay in a ball B_{r0}(θ_0) (r0 unspecified: readings r0 = 0.1‖θ_0‖, ‖θ_0‖);
/// (A3) d_ν(θ_t, θ_{t+1}) < 1; (A4) ϱ is twice differentiable.
/// There are no hypotheses: a violated assumption is reported as a counterexample to the claim
/// that the assumption holds along this trajectory.
public enum StandingAssumptions: TrajectoryTheorem {
    public static let id: TheoremID = "standing-assumptions"
    public static var certificationGap: String { "certificates are computed for the explorer's minimal witnesses (Proofs/Numerics.md §7); a suite instance is not re-run for one, and its verdict rests on the trajectory-sensitivity rule (§6)" }
    public static let radii: [(String, Double)] = [("r0=0.1|theta0|", 0.1), ("r0=|theta0|", 1)]

    public static let info = TheoremInfo(
        id: id, title: "Standing assumptions along the GGN trajectory",
        source: Papers.poster000 + ", 'Setup & key assumptions', 'Theory: setup'",
        statement: "ϱ is twice differentiable, Lipschitz, and smooth; g is thrice differentiable and (M_g, ν)-GSC: |⟨∇³g(x)[v]u, u⟩| ≤ M_g‖u‖²_x‖v‖_x^{ν−2}‖v‖^{3−ν}; the GGN iterates remain inside the ball B_{r0}(θ_0); d_ν(θ_t, θ_{t+1}) < 1.",
        proofs: "Proofs/StandingAssumptions.md",
        readings: radii.map { ReadingInfo(ReadingID($0.0), "ball radius r0 = \($0.1)·‖θ_0‖; M_g of the run's owner; GSC tested on u = v = e_i and 16 random pairs") },
        hypotheses: [],
        conclusions: ["A1: GSC ratio ≤ M_g at θ_t", "A2: ‖θ_t − θ_0‖ ≤ r0", "A3: d_ν(θ_t, θ_{t+1}) < 1", "A4: ϱ ∈ C²"],
        claim: ClaimReading(
            plain: "Along the GGN trajectory, g stays (M_g, ν)-GSC, the iterates stay in a ball around θ_0, d_ν(θ_t, θ_{t+1}) < 1, and the activation is twice differentiable.",
            intended: "r0=0.1|theta0|",
            intendedOwner: "gbar",
            why: "The ball keeps θ_t where the linearization around θ_0 is good (\"When θ_t is close θ_0, the linearization provides a good approximation\"), so the smaller of our two radii is nearer the intent, and M_g is the constant the poster states beside ḡ and the authors' code uses",
            section: "Proofs/StandingAssumptions.md, Our reading(s)",
            units: "per check: M_g − GSC ratio (A1, units of M_g), r0 − ‖θ_t − θ_0‖ (A2, ℓ2 distance in parameter space), 1 − d_ν(θ_t, θ_{t+1}) (A3, dimensionless)"))

    public static func evaluate(_ run: InstrumentedRun) -> [InstanceResult] {
        radii.map { (name, c) in
            let q = run.quantities
            if q.isEmpty { return .failure(theorem: id, reading: ReadingID(name), instance: run.label, reason: run.trajectory.outcome.summary) }
            let theta0Norm = run.trajectory.records.first?.thetaNorm ?? 0
            let owner = run.config.mgOwner
            var subs: [[Check]] = []
            for s in q {
                let mG = owner == .gBar ? s.mGBar : s.mGScaled
                let eps = Double.ulpOfOne
                let dist = run.trajectory.records[s.step].distanceFromStart
                subs.append([
                    Check("A1: max_i |g'''_i|/g''_i^{ν/2} ≤ M_g", .conclusion, step: s.step, lhs: s.gscCoordinateRatio, rhs: mG,
                          errorBound: 16 * eps * (s.gscCoordinateRatio + mG)),
                    Check("A1: sampled GSC ratio ≤ M_g", .conclusion, step: s.step, lhs: s.gscSampledRatio, rhs: mG,
                          errorBound: Double(s.p) * 8 * eps * (s.gscSampledRatio + mG)),
                    Check("A2: ‖θ_t − θ_0‖ ≤ r0", .conclusion, step: s.step, lhs: dist, rhs: c * theta0Norm,
                          errorBound: Double(s.p) * eps * (dist + theta0Norm)),
                    Check("A3: d_ν(θ_t, θ_{t+1}) < 1", .conclusion, step: s.step, lhs: s.dNu(owner: owner), rhs: 1,
                          errorBound: Double(s.p + 16) * eps * s.dNu(owner: owner)),
                    .condition("A4: ϱ twice differentiable", .conclusion, step: s.step,
                               holds: run.problem.network.activation.isTwiceDifferentiable),
                ])
            }
            // A2 also at the final iterate θ_T, which no step's quantities hold (nothing steps from it).
            if let last = run.trajectory.records.last, last.step > (q.last?.step ?? -1) {
                let eps = Double.ulpOfOne, p = q.last?.p ?? 0
                subs.append([Check("A2: ‖θ_t − θ_0‖ ≤ r0", .conclusion, step: last.step, lhs: last.distanceFromStart, rhs: c * theta0Norm,
                                   errorBound: Double(p) * eps * (last.distanceFromStart + theta0Norm))])
            }
            return InstanceResult(theorem: id, reading: ReadingID(name), instance: run.label, subInstances: subs)
        }
    }
}
