import Foundation
import Optimizers

/// **Nesterov: L(t) ≤ A·t^{−α}·L(0), 4 < α ≤ 2γ/3** (004, "On optimization algorithms: NAG",
/// Theorem (Informal), eq. (1); Proofs/MomentumDynamics.md §3, §6).
///
/// Problem: a two-layer FCNN (ReLU, output weights ±1) under L = ½‖f − y‖².
/// Method: the NAG flow ẅ + (γ/t)ẇ + ∇L = 0, γ = 9, by RK4 at step 2h (reference h); and NAG with
/// η = h², momentum (k−1)/(k+γ−1), read at t = kh.
/// Guarantee: for width m = Ω(n^{5α/2−4}/(δ^{3α/2−3}λ_0^{3α/2−2})), 4 < α ≤ 2γ/3, γ > 6:
/// L(t) ≤ A(α, γ, λ_0)t^{−α}L(0); A is not given, so only the asymptotic exponent is checkable.
///
/// Computed beside the theoretical: the decay exponent α̂ fitted to the upper envelope of log L
/// against log t on [T/2, T] (both step sizes for the flow) against 2γ/3 = 6, beside the fits
/// on [T/4, T] and [T/4, T/2] and the smallest A with L ≤ A t^{−2γ/3}L(0) on the run.
public enum NesterovDecay: StudyTheorem {
    public typealias Evidence = MomentumDynamicsStudy.Evidence
    typealias S = MomentumDynamicsStudy
    public static let id: TheoremID = "nesterov-decay"
    public static var certificationGap: String { "the trajectories integrate the Nesterov ODE numerically, and a certificate would need a validated ODE integrator, which the checker does not have; the verdict rests on the trajectory-sensitivity rule (Proofs/Numerics.md §6)" }

    public static let info = TheoremInfo(
        id: id, title: "Nesterov: L(t) ≤ A·t^{−α}·L(0), 4 < α ≤ 2γ/3",
        source: "\(S.source), \"On optimization algorithms: NAG\", Theorem (Informal), eq. (1)",
        statement: "With width m = Ω(n^{5α/2−4}/(δ^{3α/2−3}λ_0^{3α/2−2})), 4 < α ≤ 2γ/3, γ > 6, optimized with NAG (flow ẅ + (γ/t)ẇ + ∂L/∂w = 0): L(t) ≤ A(α, γ, λ_0)t^{−α}L(0), A a constant.",
        proofs: S.proofs,
        readings: [ReadingInfo("continuous", "RK4 flow, γ = 9: the exponent fitted to the upper envelope of log L against log t on [T/2, T] (at steps 2h and h) is at least 2γ/3 = 6"),
                   ReadingInfo("discrete", "NAG with η = h², t = kh, the same fit")],
        hypotheses: ["λ_min(H(s)) ≥ λ_0/2 along the run", "γ > 6"],
        conclusions: ["decay exponent fitted on [T/2, T] α̂ ≥ 2γ/3 (A is not given, so only the asymptotic exponent is checkable; §6)"],
        claim: ClaimReading(
            plain: "Nesterov's method with γ/t damping on a wide two-layer network gives the polynomial decay L(t) ≤ A·t^(−α)·L(0) for 4 < α ≤ 2γ/3.",
            intended: "continuous",
            why: "The bound is stated in continuous time t and proved with Su, Boyd and Candès' Lyapunov function of the ODE ẅ + (γ/t)ẇ + ∇L = 0",
            section: "Proofs/MomentumDynamics.md §2",
            literal: "discrete",
            units: "α̂ − 2γ/3 = α̂ − 6, α̂ the decay exponent of the loss's upper envelope fitted on [T/2, T] (dimensionless power of t)"))

    public static func evaluate(_ e: Evidence) -> [InstanceResult] {
        S.failures(id, e) + e.measured.flatMap(results)
    }

    /// The late-window fit estimates the asymptotic exponent (§6).
    static func results(_ me: S.Measurement) -> [InstanceResult] {
        let g = MomentumFormat.g, gamma = S.gamma
        let target = 2 * gamma / 3
        return [(ReadingID("continuous"), me.nagFlow, Optional(me.nagFlowRef)), ("discrete", me.nagDiscrete, nil)].map { reading, run, extra in
            let all = S.exponents(run, horizon: me.horizon)
            var late = S.lateExponent(run, horizon: me.horizon).map { [$0] } ?? []
            if let e = extra, e.failure == nil, let a = S.lateExponent(e, horizon: me.horizon) { late.append(a) }
            let hyp = S.runningHypothesis(run, me)
            let low = late.min() ?? .nan
            let aMin = run.records.filter { $0.time > 0 }.map { pow($0.time, target) * $0.loss / me.loss0 }.max() ?? .nan
            let subs = [hyp + [Check.condition("γ > 6", .hypothesis, holds: gamma > 6),
                               Check("late-window exponent α̂ ≥ 2γ/3", .conclusion, lhs: target, rhs: low, errorBound: 0)]]
            return S.result(id, reading, me, run, subs, notes: [
                "α̂ on [T/2,T]\(extra == nil ? "" : " at steps 2h and h"): " + late.map { g($0) }.joined(separator: ", ")
                + "; on [T/4,T], [T/4,T/2], [T/2,T]: " + all.map { g($0) }.joined(separator: ", ")
                + "; 2γ/3 = \(g(target)); linear-model rate γ = \(g(gamma)) (§6); smallest A with L ≤ A t^{−2γ/3}L(0) on the run: \(g(aMin))"])
        }
    }

    public static func headlines(_ e: Evidence, results rs: [InstanceResult]) -> [HeadlineClaim] {
        let g = MomentumFormat.g
        let alphas = e.measured.flatMap { me in [S.lateExponent(me.nagFlow, horizon: me.horizon), S.lateExponent(me.nagDiscrete, horizon: me.horizon)].compactMap { $0 } }
        return [HeadlineClaim(claim: "004: NAG (γ/t damping) gives L(t) ≤ A t^{−α}L(0) for 4 < α ≤ 2γ/3 (γ = 9: α up to 6).",
                              measured: "envelope exponents fitted on [T/2, T] (flow, discrete per seed) \(alphas.map(g).joined(separator: ", ")); the constant A is not given, only the exponent is checked",
                              verdict: S.verdictOf(rs, id))]
    }
}
