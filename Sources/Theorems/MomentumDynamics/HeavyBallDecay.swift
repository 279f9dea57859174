import Foundation
import LinearAlgebra
import Optimizers
import Trajectories

/// **Heavy ball: L(t) ≤ (4/λ_0)·exp(−√(λ_0/2)·t)·L̂(0)** (004, "Optimization with momentum: HBF",
/// Theorem (Informal); Proofs/MomentumDynamics.md §2–§4).
///
/// Problem: a two-layer FCNN (ReLU, output weights ±1) under L = ½‖f − y‖², L̂ = ½ΔᵀHΔ.
/// Method: the heavy-ball flow ẅ + √(2λ_0)ẇ + ∇L = 0 with ẇ(0) = 0, integrated by RK4 at step 2h;
/// and the iteration w_{k+1} = w_k − h²∇L + (1 − √(2λ_0)h)(w_k − w_{k−1}) read at t = kh.
/// Guarantee: for width m = Ω(n⁶/(δ³λ_0⁴)), with probability ≥ 1 − δ,
/// L(t) ≤ (4/λ_0)exp(−√(λ_0/2)t)L̂(0), given λ_min(H(s)) ≥ λ_0/2 for s ≤ t (the Lyapunov proof's use).
///
/// Computed beside the theoretical: L(t) against the bound at every record, with the loss's and
/// the bound's rounding and, for the flow, the step-doubling estimate of RK4's error from the
/// run at step h (§4); tightness max_t L/bound.
public enum HeavyBallDecay: StudyTheorem {
    public typealias Evidence = MomentumDynamicsStudy.Evidence
    typealias S = MomentumDynamicsStudy
    public static let id: TheoremID = "heavy-ball-decay"
    public static var certificationGap: String { "the trajectories integrate the heavy-ball ODE numerically, and a certificate would need a validated ODE integrator, which the checker does not have; the verdict rests on the trajectory-sensitivity rule (Proofs/Numerics.md §6)" }

    public static let info = TheoremInfo(
        id: id, title: "Heavy ball: L(t) ≤ (4/λ_0)·exp(−√(λ_0/2)·t)·L̂(0)",
        source: "\(S.source), \"Optimization with momentum: HBF\", Theorem (Informal)",
        statement: "On a two-layer FCNN with width m = Ω(n⁶/(δ³λ_0⁴)), optimized with Heavy Ball (flow ẅ + √(2λ_0)ẇ + ∂L/∂w = 0), with probability ≥ 1 − δ: L(t) ≤ (4/λ_0)exp(−√(λ_0/2)·t)L̂(0), L̂ = ½ΔᵀHΔ.",
        proofs: S.proofs,
        readings: [ReadingInfo("continuous", "the ODE integrated by RK4 with step 2h; the step-doubling estimate ‖Δ_{2h}‖E + ½E², E = 2‖Δ_{2h} − Δ_h‖, is added to the error bound (§4)"),
                   ReadingInfo("discrete", "the paper's HB iteration with η = h², β = 1 − √(2λ_0)h, read at t = kh (§3; the seed states no discrete theorem)")],
        hypotheses: ["λ_min(H(s)) ≥ λ_0/2 at every recorded s ≤ t (what the Lyapunov proof uses)", "ẇ(0) = 0 (our reading; §2)"],
        conclusions: ["L(t) ≤ (4/λ_0)·exp(−√(λ_0/2)·t)·L̂(0)"],
        claim: ClaimReading(
            plain: "Heavy ball with damping √(2λ_0) on a wide two-layer network gives L(t) ≤ (4/λ_0)·exp(−√(λ_0/2)·t)·L̂(0), with L̂ the NTK pseudo-loss.",
            intended: "continuous",
            why: "The bound is stated in continuous time t and proved with a Lyapunov function of the heavy-ball-with-friction ODE",
            section: "Proofs/MomentumDynamics.md §2",
            literal: "discrete",
            units: "(4/λ_0)e^{−√(λ_0/2)t}L̂(0) − L(t), L = ½‖f − y‖² (loss units)"))

    public static func evaluate(_ e: Evidence) -> [InstanceResult] {
        S.failures(id, e) + e.measured.flatMap(results)
    }

    static func results(_ me: S.Measurement) -> [InstanceResult] {
        let g = MomentumFormat.g
        // Continuous: discretization estimate |L_h − L_{2h}| on the shared grid.
        let disc = discretizationEstimate(me.hbFlow, reference: me.hbFlowRef)
        let cont = checks(me.hbFlow, me, discretization: disc)
        let maxDisc = disc.filter(\.isFinite).max() ?? .nan
        let dis = checks(me.hbDiscrete, me, discretization: nil)
        return [
            S.result(id, "continuous", me, me.hbFlow.failure == nil ? me.hbFlowRef : me.hbFlow, cont.subs, tightness: cont.tightness,
                     notes: ["λ_0 = \(g(me.lambda0)), RK4 step 2h = \(g(2 * me.h)) (reference h), T = \(g(me.horizon)), max discretization estimate = \(g(maxDisc)); tightness = max_t L/bound"]),
            S.result(id, "discrete", me, me.hbDiscrete, dis.subs, tightness: dis.tightness,
                     notes: ["η = h² = \(g(me.h * me.h)), β = 1 − √(2λ_0)h = \(g(1 - (2 * me.lambda0).squareRoot() * me.h))"]),
        ]
    }

    /// Step-doubling estimate of the discretization error of L on the checked (step 2h) run's
    /// records, from the reference run at step h (§4): RK4's error at 2h is ≈ (16/15)·e with
    /// e = ‖Δ_{2h}(t) − Δ_h(t)‖; we take E = 2e and |L_{2h} − L| ≤ ‖Δ_{2h}‖·E + ½E².
    public static func discretizationEstimate(_ checked: Trajectory, reference: Trajectory) -> [Double] {
        checked.records.indices.map { k in
            guard k < reference.records.count else { return .nan }
            let a = checked.records[k], b = reference.records[k]
            let e = 2 * Vector.norm2(Vector.sub(a.residual ?? [], b.residual ?? []))
            return (2 * a.loss).squareRoot() * e + 0.5 * e * e
        }
    }

    /// Heavy-ball bound checks; `discretization[k]` is added to record k's error bound.
    static func checks(_ run: Trajectory, _ me: S.Measurement, discretization: [Double]?) -> (subs: [[Check]], tightness: Double) {
        var subs: [[Check]] = []
        var tight = 0.0
        let hyps = S.runningHypotheses(run, me)
        for (k, r) in run.records.enumerated() {
            let bound = me.hbBound(r.time)
            // The bound's own rounding: λ_0 (relative δ_0/λ_0 enters 1/λ_0 and the exponent) and L̂(0).
            let rel0 = me.lambda0Error / me.lambda0
            let boundErr = bound * (rel0 * (1 + 0.5 * (me.lambda0 / 2).squareRoot() * r.time) + 8 * Double.ulpOfOne * Double(me.label.width * 6))
            let disc = discretization.map { k < $0.count ? $0[k] : .nan } ?? 0
            tight = max(tight, r.loss / bound)
            subs.append([hyps[k],
                         Check("L(t) ≤ (4/λ_0)e^{−√(λ_0/2)t}L̂(0) at t = \(MomentumFormat.g(r.time))", .conclusion, step: k,
                               lhs: r.loss, rhs: bound, errorBound: (r.lossError ?? .nan) + boundErr + disc)])
        }
        return (subs, tight)
    }

    public static func headlines(_ e: Evidence, results rs: [InstanceResult]) -> [HeadlineClaim] {
        let g = MomentumFormat.g
        let hbTight = rs.filter { $0.theorem == id }.map { "\($0.reading) \(g($0.tightness ?? .nan))" }.joined(separator: "; ")
        return [HeadlineClaim(claim: "004: heavy ball with damping √(2λ_0) gives L(t) ≤ (4/λ_0)exp(−√(λ_0/2)t)L̂(0).",
                              measured: "max_t L(t)/bound: \(hbTight)", verdict: S.verdictOf(rs, id))]
    }
}
