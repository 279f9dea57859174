import Foundation
import Optimizers
import Quantities

/// **The τ choice rule** (000, end of "Theory: convergence"; Proofs/TauChoiceRule.md).
///
/// Statement: "It is reasonable to choose τ satisfying 1 + τM_gη_0 ≤ √((m+1)λ_1(G̃_0ᵀG̃_0))".
/// λ_1 may be the largest or the smallest eigenvalue. Since σ_min(G̃)²(m+1) ≤ ‖G̃‖_F² ≤
/// (m+1)σ_max(G̃)², the rule with λ_1 = λ_min implies 1 + τM_gη_0 ≤ ‖G̃_0‖_F, and with
/// λ_1 = λ_max it is implied by that. We check, as hypothesis the rule, and as conclusion
/// either (a) the τ-form 1 + τM_gη_0 ≤ ‖G̃_0‖_F, or (b) the convergence theorem's H1 at t = 0,
/// 1 + M_gη_0 ≤ ‖G̃_0‖_F, which the rule is presumably meant to secure. G̃ under J̃ = Ĵ.
public enum TauChoiceRule: TrajectoryTheorem {
    public static let id: TheoremID = "tau-rule"

    public struct Reading: Sendable {
        public var lambdaMax: Bool
        public var h1Form: Bool
        public var id: ReadingID { ReadingID("lambda_1=\(lambdaMax ? "max" : "min") => \(h1Form ? "H1 at t=0" : "tau-form at t=0")") }
    }

    public static let readings = [false, true].flatMap { l in [false, true].map { Reading(lambdaMax: l, h1Form: $0) } }

    public static let info = TheoremInfo(
        id: id, title: "The τ choice rule and what it implies at t = 0",
        source: Papers.poster000 + ", 'Theory: convergence' (last bullet)",
        statement: "It is reasonable to choose τ satisfying 1 + τ M_g η_0 ≤ √((m+1) λ_1(G̃_0ᵀ G̃_0)).",
        proofs: "Proofs/TauChoiceRule.md",
        readings: readings.map { ReadingInfo($0.id, "λ_1 = \($0.lambdaMax ? "largest" : "smallest") eigenvalue; conclusion: \($0.h1Form ? "1 + M_gη_0 ≤ ‖G̃_0‖_F (H1 of the convergence theorem)" : "1 + τM_gη_0 ≤ ‖G̃_0‖_F") (J̃ = Ĵ)", claimed: !$0.lambdaMax && !$0.h1Form) },
        hypotheses: ["1 + τM_gη_0 ≤ √((m+1)λ_1(G̃_0ᵀG̃_0))"],
        conclusions: ["1 + τM_gη_0 ≤ ‖G̃_0‖_F, or 1 + M_gη_0 ≤ ‖G̃_0‖_F"],
        claim: ClaimReading(
            plain: "Choosing τ with 1 + τM_gη_0 ≤ √((m+1)λ_1(G̃_0ᵀG̃_0)) is offered as a reasonable way to make the convergence theorem's condition H1 hold at the start.",
            intended: "lambda_1=max => H1 at t=0",
            intendedOwner: "gbar",
            why: "The poster numbers spectra from the largest (β̂_1 beside β̂_m = σ_min(J)), so λ_1 = λ_max, and the rule follows the convergence theorem as the way to pick τ so that its H1 holds at t = 0, its left side 1 + τM_gη_0 being H1's left side as the authors' code computes it (the denominator of α_0, M(ḡ)·τη̄_0)",
            section: "Proofs/TauChoiceRule.md, Our reading(s)",
            literal: "lambda_1=max => tau-form at t=0",
            units: "‖G̃_0‖_F − (1 + M_gη_0) (H1's margin at t = 0: Frobenius norm of G̃_0 against H1's left side, dimensionless)", paperScale: RegularizedGGNRegime.paperScale))

    /// Where in (τ, n) the hypotheses hold (Proofs/Exploration.md §4).
    public static var map: MapSpec? { RegularizedGGNRegime.map }

    public static func evaluate(_ run: InstrumentedRun) -> [InstanceResult] {
        readings.map { reading in
            guard let s = run.quantities.first, let lMax = s.gTilde(.jhat).lambdaMaxGtG, let lMin = s.gTilde(.jhat).lambdaMinGtG else {
                return .failure(theorem: id, reading: reading.id, instance: run.label, reason: run.trajectory.outcome.summary)
            }
            let gt = s.gTilde(.jhat)
            let mG = run.config.mgOwner == .gBar ? s.mGBar : s.mGScaled
            let lambda = reading.lambdaMax ? lMax : lMin
            let rule = 1 + s.tau * mG * s.eta
            let rhs = (Double(s.m + 1) * lambda).squareRoot()
            let eps = Double.ulpOfOne
            // Weyl: |σ_i(G̃ + ΔG̃) − σ_i(G̃)| ≤ ‖ΔG̃‖₂ ≤ ‖ΔG̃‖_F (the G̃ bound), plus the SVD's own
            // rounding (m+1)ε·σ_max(G̃); √(m+1)·σ carries √(m+1) times that.
            let sigmaErr = gt.errorBound + Double(s.m + 1) * eps * lMax.squareRoot()
            let hyp = Check("1 + τM_gη_0 ≤ √((m+1)λ_1(G̃_0ᵀG̃_0))", .hypothesis, step: 0, lhs: rule, rhs: rhs,
                            errorBound: Double(s.p + 8) * eps * rule + Double(s.m + 1).squareRoot() * sigmaErr)
            let lhsC = reading.h1Form ? 1 + mG * s.eta : rule
            let con = Check(reading.h1Form ? "1 + M_gη_0 ≤ ‖G̃_0‖_F" : "1 + τM_gη_0 ≤ ‖G̃_0‖_F", .conclusion, step: 0,
                            lhs: lhsC, rhs: gt.frobenius, errorBound: Double(s.p + 8) * eps * lhsC + gt.errorBound)
            return InstanceResult(theorem: id, reading: reading.id, instance: run.label, subInstances: [[hyp, con]])
        }
    }
}
