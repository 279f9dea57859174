import Foundation
import Optimizers

/// **Heavy ball is faster than GD at the same width** (004, footnote 1; Proofs/MomentumDynamics.md §7).
///
/// Problem: a two-layer FCNN (ReLU, output weights ±1) under L = ½‖f − y‖².
/// Method: the heavy-ball flow (damping √(2λ_0)) against the gradient flow ẇ = −∇L, both by RK4;
/// heavy ball (η = h², β = 1 − √(2λ_0)h) against GD at the same η.
/// Guarantee: √(λ_0/2) > λ_0, "suggesting HB is faster than GD, at the same order of width"
/// (the rates of the two bounds; the inequality holds iff λ_0 < 1/2).
///
/// Computed beside the theoretical: the footnote's inequality on the measured λ_0; the times for
/// L to reach ε ∈ {1e-2, 1e-4, 1e-6}·L(0) along both flows (to the flows' resolution); the
/// iterations to 1e-4·L(0) of both methods at equal η; each under λ_min(H) ≥ λ_0/2 along both runs.
public enum HeavyBallAgainstGD: StudyTheorem {
    public typealias Evidence = MomentumDynamicsStudy.Evidence
    typealias S = MomentumDynamicsStudy
    public static let id: TheoremID = "heavy-ball-faster-than-gd"
    public static var certificationGap: String { "the claim compares times to ε along numerically integrated ODEs, and a certificate would need a validated ODE integrator, which the checker does not have; the verdict rests on the trajectory-sensitivity rule (Proofs/Numerics.md §6)" }

    public static let info = TheoremInfo(
        id: id, title: "Heavy ball is faster than GD at the same width",
        source: "\(S.source), footnote 1: \"we can show √(λ_0/2) > λ_0, suggesting HB is faster than GD, at the same order of width\"",
        statement: "√(λ_0/2) > λ_0, suggesting HB is faster than GD at the same order of width.",
        proofs: S.proofs,
        readings: [ReadingInfo("rates", "the footnote's inequality √(λ_0/2) > λ_0 (true iff λ_0 < 1/2; §7)"),
                   ReadingInfo("continuous time to ε", "time for L to reach ε ∈ {1e-2, 1e-4, 1e-6}·L(0): heavy-ball flow ≤ gradient flow"),
                   ReadingInfo("iterations to ε at equal η", "iterations to ε: HB (η = h², β = 1 − √(2λ_0)h) ≤ GD (same η)")],
        hypotheses: ["λ_min(H(t)) ≥ λ_0/2 along both runs"],
        conclusions: ["HB reaches ε no later than GD"],
        claim: ClaimReading(
            plain: "Because the heavy-ball rate √(λ_0/2) exceeds gradient descent's rate λ_0, heavy ball is faster than gradient descent at the same width.",
            intended: "continuous time to ε",
            why: "\"HB is faster than GD\" is a claim about reaching a given loss sooner along the dynamics the theorems treat, and the rate inequality is the evidence offered for it",
            section: "Proofs/MomentumDynamics.md §2",
            literal: "rates",
            units: "t_ε(gradient flow) − t_ε(heavy-ball flow) (time of the flows, the ODEs' t), per ε ∈ {1e-2, 1e-4, 1e-6}·L(0)"))

    public static func evaluate(_ e: Evidence) -> [InstanceResult] {
        S.failures(id, e) + e.measured.flatMap { [rates($0), continuous($0), iterations($0)] }
    }

    static func rates(_ me: S.Measurement) -> InstanceResult {
        let rates = [[Check("√(λ_0/2) > λ_0", .conclusion, lhs: me.lambda0, rhs: (me.lambda0 / 2).squareRoot(), errorBound: me.lambda0Error)]]
        return InstanceResult(theorem: id, reading: "rates", instance: me.label, subInstances: rates, notes: ["λ_0 = \(MomentumFormat.g(me.lambda0))"])
    }

    static func continuous(_ me: S.Measurement) -> InstanceResult {
        let g = MomentumFormat.g
        let hypBoth = S.runningHypothesis(me.hbFlow, me) + S.runningHypothesis(me.gdFlow, me)
        var contSubs: [[Check]] = [], contNotes: [String] = []
        for rel in S.epsilons {
            let e = rel * me.loss0
            let tHB = S.timeTo(e, me.hbFlow), tGD = S.timeTo(e, me.gdFlow)
            // Not reaching ε within a horizon means the time exceeds the horizon (a lower bound).
            contSubs.append(hypBoth + [Check("t_ε(heavy-ball flow) ≤ t_ε(gradient flow), ε = \(g(rel))·L(0)", .conclusion,
                                             lhs: tHB ?? .infinity, rhs: tGD ?? me.gdHorizon, errorBound: 6 * me.h)])
            contNotes.append("ε = \(g(rel))·L(0): HB \(tHB.map { g($0) } ?? "> " + g(me.horizon)), GD \(tGD.map { g($0) } ?? "> " + g(me.gdHorizon))")
        }
        if me.hbFlow.failure ?? me.gdFlow.failure == nil {
            return InstanceResult(theorem: id, reading: "continuous time to ε", instance: me.label, subInstances: contSubs,
                                  notes: ["times to ε: " + contNotes.joined(separator: "; ")])
        }
        return .failure(theorem: id, reading: "continuous time to ε", instance: me.label, reason: me.hbFlow.failure ?? me.gdFlow.failure ?? "")
    }

    static func iterations(_ me: S.Measurement) -> InstanceResult {
        let g = MomentumFormat.g
        let eps = S.epsilonRelative * me.loss0
        let kHB = S.timeTo(eps, me.hbDiscrete).map { ($0 / me.h).rounded() }
        let kGD = S.timeTo(eps, me.gdDiscrete).map { ($0 / (me.h * me.h)).rounded() }
        let gdIterCap = (me.gdDiscrete.records.last?.time ?? 0) / (me.h * me.h)
        let hypD = S.runningHypothesis(me.hbDiscrete, me) + S.runningHypothesis(me.gdDiscrete, me)
        let itCheck = Check("iterations to ε: HB ≤ GD (η = h²)", .conclusion, lhs: kHB ?? .infinity, rhs: kGD ?? gdIterCap, errorBound: 2)
        if me.hbDiscrete.failure ?? me.gdDiscrete.failure == nil {
            return InstanceResult(theorem: id, reading: "iterations to ε at equal η", instance: me.label, subInstances: [hypD + [itCheck]],
                                  notes: ["iterations to ε: heavy ball \(kHB.map { g($0) } ?? "∞"), GD \(kGD.map { g($0) } ?? "> \(g(gdIterCap))")"])
        }
        return .failure(theorem: id, reading: "iterations to ε at equal η", instance: me.label, reason: me.hbDiscrete.failure ?? me.gdDiscrete.failure ?? "")
    }

    public static func headlines(_ e: Evidence, results rs: [InstanceResult]) -> [HeadlineClaim] {
        let g = MomentumFormat.g, ms = e.measured
        let times = ms.map { me -> String in
            "seed \(me.label.seed): " + S.epsilons.map { rel -> String in
                let e = rel * me.loss0
                return "ε = \(g(rel))·L(0): HB \(S.timeTo(e, me.hbFlow).map(g) ?? "> " + g(me.horizon)) vs GD \(S.timeTo(e, me.gdFlow).map(g) ?? "> " + g(me.gdHorizon))"
            }.joined(separator: ", ")
        }.joined(separator: "; ")
        return [HeadlineClaim(claim: "004 footnote 1: √(λ_0/2) > λ_0, so heavy ball is faster than GD at the same width.",
                              measured: "λ_0 = \(S.lambda0List(ms)); continuous times to ε: \(times)",
                              verdict: S.verdictOf(rs, id, readings: ["continuous time to ε", "iterations to ε at equal η"]))]
    }
}
