import Foundation
import LinearAlgebra
import Optimizers
import Quantities

/// **Standing assumptions along the trajectory** (000, "Setup & key assumptions" and
/// "Theory: setup"; Proofs/StandingAssumptions.md). Each is a hypothesis the theorems rest on and
/// is checked at every visited θ_t:
/// (A1) g is (M_g, ν)-GSC at θ_t, tested on coordinate directions and 16 seeded random (u, v);
/// (A2) the iterates stay in a ball B_{r0}(θ_0) (r0 unspecified: readings r0 = 0.1‖θ_0‖, ‖θ_0‖);
/// (A3) d_ν(θ_t, θ_{t+1}) < 1; (A4) ϱ is twice differentiable.
/// They are hypotheses, not conclusions: a failed assumption makes the instance vacuous (with
/// the assumption named, and the theorems it empties listed in `assumptions`), never a
/// counterexample to the method. The whole trajectory is one sub-instance, because "along the
/// trajectory" fails when one step fails.
public enum StandingAssumptions: TrajectoryTheorem {
    public static let id: TheoremID = "standing-assumptions"
    public static var certificationGap: String { "a failed assumption is a vacuous instance, not a counterexample, and carries no certificate (Proofs/Numerics.md §7)" }

    /// A reading: the ball's radius, and whether A1 pairs each function with its own constant
    /// (ḡ with M(ḡ), equivalently g = τḡ with M(g) = τ^{1−ν/2}M(ḡ)) or, word for word, g = τḡ
    /// with the run owner's M_g, which under owner ḡ is M(ḡ) against τḡ (Proofs/StandingAssumptions.md).
    public struct Reading: Sendable {
        public let id: String
        public let radius: Double
        public let consistentA1: Bool
    }

    public static let literalReading = "r0=0.1|theta0| A1 M_g with tau*gbar"
    public static let readings: [Reading] = [
        Reading(id: "r0=0.1|theta0|", radius: 0.1, consistentA1: true),
        Reading(id: "r0=|theta0|", radius: 1, consistentA1: true),
        Reading(id: literalReading, radius: 0.1, consistentA1: false),
    ]

    public static let info = TheoremInfo(
        id: id, title: "Standing assumptions along the GGN trajectory",
        source: Papers.poster000 + ", 'Setup & key assumptions', 'Theory: setup'",
        statement: "ϱ is twice differentiable, Lipschitz, and smooth; g is thrice differentiable and (M_g, ν)-GSC: |⟨∇³g(x)[v]u, u⟩| ≤ M_g‖u‖²_x‖v‖_x^{ν−2}‖v‖^{3−ν}; the GGN iterates remain inside the ball B_{r0}(θ_0); d_ν(θ_t, θ_{t+1}) < 1.",
        proofs: "Proofs/StandingAssumptions.md",
        readings: readings.map { r in
            ReadingInfo(ReadingID(r.id), "ball radius r0 = \(r.radius)·‖θ_0‖; " + (r.consistentA1
                ? "A1 with each function's own constant (g = τḡ against M(g) = τ^{1−ν/2}M(ḡ))"
                : "A1 as written, g = τḡ against the run owner's M_g (M(ḡ) under owner ḡ: an inconsistent pairing)")
                + "; GSC tested on u = v = e_i and 16 random pairs")
        },
        hypotheses: ["A1: GSC ratio ≤ M_g at θ_t", "A2: ‖θ_t − θ_0‖ ≤ r0", "A3: d_ν(θ_t, θ_{t+1}) < 1", "A4: ϱ ∈ C²"],
        conclusions: [],
        claim: ClaimReading(
            plain: "Along the GGN trajectory, g stays (M_g, ν)-GSC, the iterates stay in a ball around θ_0, d_ν(θ_t, θ_{t+1}) < 1, and the activation is twice differentiable.",
            intended: "r0=0.1|theta0|",
            intendedOwner: "gbar",
            why: "The ball keeps θ_t where the linearization around θ_0 is good (\"When θ_t is close θ_0, the linearization provides a good approximation\"), so the smaller of our two radii is nearer the intent; M_g is the constant the poster states beside ḡ, so A1 asks whether ḡ is (M(ḡ), ν)-GSC, each function with its own constant. Read word for word, A1 pairs M(ḡ) with g = τḡ: a constant with the wrong function",
            section: "Proofs/StandingAssumptions.md, Our reading(s)",
            literal: ReadingID(literalReading),
            units: "per check: M_g − GSC ratio (A1, units of M_g), r0 − ‖θ_t − θ_0‖ (A2, ℓ2 distance in parameter space), 1 − d_ν(θ_t, θ_{t+1}) (A3, dimensionless)", paperScale: RegularizedGGNRegime.paperScale),
        assumptions: [
            AssumptionInfo("A1", "g is (M_g, ν)-GSC", empties: ["convergence", "loss-decay", "tau-rule", "zero-damping-limit"]),
            AssumptionInfo("A2", "θ_t stays in B_{r0}(θ_0)", empties: ["convergence", "loss-decay"],
                           note: "r0 is not given, so the radius is ours"),
            AssumptionInfo("A3", "d_ν(θ_t, θ_{t+1}) < 1", empties: ["loss-decay"],
                           note: "loss-decay also carries it as its own hypothesis"),
            AssumptionInfo("A4", "ϱ twice differentiable", empties: ["convergence", "loss-decay", "tau-rule", "zero-damping-limit"]),
        ])

    /// Where in (τ, n) the hypotheses hold (Proofs/Exploration.md §4).
    public static var map: MapSpec? { RegularizedGGNRegime.map }

    public static func evaluate(_ run: InstrumentedRun) -> [InstanceResult] {
        readings.map { r in
            if run.quantities.isEmpty { return .failure(theorem: id, reading: ReadingID(r.id), instance: run.label, reason: run.trajectory.outcome.summary) }
            return InstanceResult(theorem: id, reading: ReadingID(r.id), instance: run.label, subInstances: [checks(run, r)])
        }
    }

    /// Every step's checks, and A2 at the final iterate θ_T (which no step's quantities hold).
    public static func checks(_ run: InstrumentedRun, _ r: Reading) -> [Check] {
        let q = run.quantities, eps = Double.ulpOfOne
        let theta0Norm = run.trajectory.records.first?.thetaNorm ?? 0
        let owner = run.config.mgOwner
        var out: [Check] = []
        for s in q {
            let mG = r.consistentA1 || owner == .g ? s.mGScaled : s.mGBar
            let dist = run.trajectory.records[s.step].distanceFromStart
            out += [
                Check("A1: max_i |g'''_i|/g''_i^{ν/2} ≤ M_g", .hypothesis, step: s.step, lhs: s.gscCoordinateRatio, rhs: mG,
                      errorBound: 16 * eps * (s.gscCoordinateRatio + mG)),
                Check("A1: sampled GSC ratio ≤ M_g", .hypothesis, step: s.step, lhs: s.gscSampledRatio, rhs: mG,
                      errorBound: Double(s.p) * 8 * eps * (s.gscSampledRatio + mG)),
                Check("A2: ‖θ_t − θ_0‖ ≤ r0", .hypothesis, step: s.step, lhs: dist, rhs: r.radius * theta0Norm,
                      errorBound: Double(s.p) * eps * (dist + theta0Norm)),
                Check("A3: d_ν(θ_t, θ_{t+1}) < 1", .hypothesis, step: s.step, lhs: s.dNu(owner: owner), rhs: 1,
                      errorBound: Double(s.p + 16) * eps * s.dNu(owner: owner)),
                .condition("A4: ϱ twice differentiable", .hypothesis, step: s.step,
                           holds: run.problem.network.activation.isTwiceDifferentiable),
            ]
        }
        if let last = run.trajectory.records.last, last.step > (q.last?.step ?? -1) {
            let p = q.last?.p ?? 0
            out.append(Check("A2: ‖θ_t − θ_0‖ ≤ r0", .hypothesis, step: last.step, lhs: last.distanceFromStart, rhs: r.radius * theta0Norm,
                             errorBound: Double(p) * eps * (last.distanceFromStart + theta0Norm)))
        }
        return out
    }
}
