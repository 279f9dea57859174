import Foundation
import GSCCore
import Optimizers
import Quantities
import Trajectories

/// **Loss decay of the regularized GGN** (000, "Theory: loss decay"; Proofs/LossDecay.md).
///
/// Guarantee: L(θ_{t+1}) ≤ L(θ_t) − [ϑ L_{D_t}²(1 + D_g ϖ_t) − ξ L_{D_t}] for t ≥ 0, when
/// d_ν(θ_t, θ_{t+1}) < 1, with L_{D_t} = α_t β β̂_1 D_g / (d_g(D_g + d_g β̂_m²)),
/// ξ = B_R B_Φ + B_g, ϑ = B_Φ²(γ_R − D_R), ϖ_t = ω_ν(d_ν) − ω_ν(−d_ν).
///
/// The poster never defines B_R, B_Φ, B_g, d_g, D_g, D_R, β. Our readings take each as the
/// tightest value at step t (B_R = ‖e_t‖, B_Φ = σ_max(J_t), B_g = ‖∇g(θ_t)‖, d_g/D_g = the
/// extreme eigenvalues of H_t, β = ‖ê_t‖), and differ in D_R:
/// - `thetaZero`: D_R = upper Hessian bound of R̂ = 1/m = γ_R, so ϑ = 0 for the squared loss
///   and the bound only limits how much L may rise;
/// - `thetaPositive`: D_R = 0 (a bound on R̂'s third derivative, zero for the squared loss),
///   ϑ = B_Φ²γ_R, the only reading in which the bound can promise a decrease.
/// Computed beside the theoretical: the observed change L(θ_{t+1}) − L(θ_t) and the bound.
public enum LossDecayTheorem: TrajectoryTheorem {
    public static let id: TheoremID = "loss-decay"
    public static var certificationGap: String { "certificates are computed for the explorer's minimal witnesses (Proofs/Numerics.md §7); a suite instance is not re-run for one, and its verdict rests on the trajectory-sensitivity rule (§6)" }

    public enum Reading: String, CaseIterable, Sendable {
        case thetaZero = "D_R=gamma_R (theta=0)"
        case thetaPositive = "D_R=0 (theta=B_Phi^2 gamma_R)"
    }

    public static let info = TheoremInfo(
        id: id, title: "Per-step loss decay of the regularized GGN",
        source: Papers.poster000 + ", 'Theory: loss decay'",
        statement: "The loss decays according to L(θ_{t+1}) ≤ L(θ_t) − [ϑ L_{D_t}²(1 + D_g ϖ_t) − ξ L_{D_t}], for t ≥ 0, where L_{D_t} ≜ α_t β β̂_1 D_g/(d_g(D_g + d_g β̂_m²)), ξ ≜ B_R B_Φ + B_g, ϑ ≜ B_Φ²(γ_R − D_R), ϖ_t ≜ ω_ν(d_ν(θ_t, θ_{t+1})) − ω_ν(−d_ν(θ_t, θ_{t+1})), and we assume d_ν(θ_t, θ_{t+1}) < 1.",
        proofs: "Proofs/LossDecay.md",
        readings: Reading.allCases.map { ReadingInfo(ReadingID($0.rawValue), $0 == .thetaZero
            ? "D_R = γ_R = 1/m (Hessian bound of R̂): ϑ = 0; B_R = ‖e_t‖, B_Φ = σ_max(J_t), B_g = ‖∇g(θ_t)‖, d_g/D_g = min/max eig H_t, β = ‖ê_t‖"
            : "D_R = 0 (third-derivative bound of R̂): ϑ = σ_max(J_t)²/m; other constants as in the first reading") },
        hypotheses: ["d_ν(θ_t, θ_{t+1}) < 1 (M of the run's M_g owner)"],
        conclusions: ["L(θ_{t+1}) ≤ L(θ_t) − [ϑ L_D²(1 + D_g ϖ_t) − ξ L_D]"],
        claim: ClaimReading(
            plain: "Each regularized GGN step lowers the objective L = R̂ + g by at least ϑL_D²(1 + D_gϖ_t) − ξL_D, whenever d_ν(θ_t, θ_{t+1}) < 1.",
            intended: "D_R=0 (theta=B_Phi^2 gamma_R)",
            intendedOwner: "gbar",
            why: "The theorem is worded as a decay (\"the loss decays according to\"), and only ϑ > 0 gives the bracket a term that can promise a decrease, whereas D_R = γ_R makes ϑ = 0 and leaves only a bound on an increase",
            section: "Proofs/LossDecay.md, Our reading(s)",
            literal: "D_R=gamma_R (theta=0)",
            units: "L(θ_t) − [ϑL_D²(1 + D_gϖ_t) − ξL_D] − L(θ_{t+1}) (objective value R̂ + g, in loss units)", paperScale: RegularizedGGNRegime.paperScale))

    /// The bound's terms at one step.
    public struct Terms: Sendable {
        public var lD: Double, xi: Double, vartheta: Double, varpi: Double, dNu: Double
        /// The promised decrease ϑL_D²(1 + D_gϖ) − ξL_D (negative: a permitted increase).
        public var promisedDecrease: Double
    }

    public static func terms(_ s: StepQuantities, reading: Reading, owner: MgOwner) -> Terms {
        let beta = s.normEHat
        let lD = s.alpha * beta * s.sigmaMax * s.bigDG / (s.dG * (s.bigDG + s.dG * s.sigmaMin * s.sigmaMin))
        let xi = s.normE * s.sigmaMax + s.normGradG
        let gammaR = 1 / Double(s.m)
        let dR = reading == .thetaZero ? gammaR : 0
        let vartheta = s.sigmaMax * s.sigmaMax * (gammaR - dR)
        let d = s.dNu(owner: owner)
        let varpi = GSCFunctions.omega(nu: s.nu, d) - GSCFunctions.omega(nu: s.nu, -d)
        return Terms(lD: lD, xi: xi, vartheta: vartheta, varpi: varpi, dNu: d,
                     promisedDecrease: vartheta * lD * lD * (1 + s.bigDG * varpi) - xi * lD)
    }

    public static func evaluate(_ run: InstrumentedRun) -> [InstanceResult] {
        Reading.allCases.map { evaluate(run, $0) }
    }

    /// Where in (τ, n) the hypotheses and the conclusion hold, at a small m (Proofs/Exploration.md §4).
    public static var map: MapSpec? { RegularizedGGNRegime.map }

    /// Each reading's margin per step, and β̂_1, β̂_m, which enter L_D.
    public static func series(_ run: InstrumentedRun) -> [RunSeries] {
        let q = run.quantities
        // The bound lies decades below the loss under D_R = 0, so the figure plots each reading's
        // margin rhs − lhs = L(θ_t) − promised decrease − L(θ_{t+1}) on a symmetric-log axis.
        let marginFig = ("margin", "Loss decay: margin of the bound at each step", "rhs − lhs = bound − L(θ_{t+1})",
                         "The margin of L(θ_{t+1}) ≤ L(θ_t) − [ϑL_D²(1 + D_gϖ_t) − ξL_D] under each reading: below 0 the bound fails at that step. Symmetric log axis: logarithmic beyond a small threshold, linear through 0.",
                         "Loss-decay margin per step under each reading")
        let sigmaFig = ("sigma", "Extreme singular values of J_t", "σ(J_t)",
                        "β̂_1 and β̂_m enter the loss-decay constant L_D; a collapsing σ_min signals that the Gram matrix JJᵀ is losing rank. Where no check needed β̂_m finer than the Gram route resolves it (about m·√u·σ_max), the upper end of its interval is drawn: β̂_m lies below it.",
                        "Singular values of J")
        let t = q.indices.map(Double.init)
        let margins: [RunSeries] = Reading.allCases.map { reading in
            let y = q.map { $0.loss - terms($0, reading: reading, owner: run.config.mgOwner).promisedDecrease - $0.lossNext }
            return RunSeries(figure: marginFig.0, title: marginFig.1, yLabel: marginFig.2, caption: marginFig.3, alt: marginFig.4,
                             curve: StudySeries(label: reading == .thetaZero ? "D_R = γ_R (ϑ = 0)" : "D_R = 0 (ϑ = B_Φ²γ_R)", x: t, y: y, markers: true),
                             autoLog: false, symlog: true)
        }
        // β̂_m is drawn only where it is known to O(ε·σ_max) or six digits; where the checks were
        // decided by a wide Gram interval (`--sigma refine` and `interval`), the interval's upper
        // end is drawn instead, as separate markers, so the figure claims no digits it lacks.
        let sigma = { (label: String, y: [Double], markers: Bool) in
            RunSeries(figure: sigmaFig.0, title: sigmaFig.1, yLabel: sigmaFig.2, caption: sigmaFig.3, alt: sigmaFig.4,
                      curve: StudySeries(label: label, x: t, y: y, markers: markers))
        }
        var out = margins + [sigma("σ_max(J_t) = β̂_1", q.map(\.sigmaMax), false)]
        if q.contains(where: { $0.spectrum.isTight() }) {
            out.append(sigma("σ_min(J_t) = β̂_m", q.map { $0.spectrum.isTight() ? $0.sigmaMin : .nan }, false))
        }
        if q.contains(where: { !$0.spectrum.isTight() }) {
            out.append(sigma("upper end of β̂_m's Gram interval (not refined: no check needed it)",
                             q.map { $0.spectrum.isTight() ? .nan : $0.sigmaMin + $0.sigmaMinError }, true))
        }
        return out
    }

    /// Step t's hypothesis and conclusion under `reading`.
    static func stepChecks(_ s: StepQuantities, reading: Reading, owner: MgOwner) -> [Check] {
        let tm = terms(s, reading: reading, owner: owner)
        let eps = Double.ulpOfOne
        let hyp = Check("d_ν(θ_t, θ_{t+1}) < 1", .hypothesis, step: s.step, lhs: tm.dNu, rhs: 1,
                        errorBound: Double(s.p + 16) * eps * tm.dNu)
        let rhs = s.loss - tm.promisedDecrease
        // First-order propagation of the σ error bound and the rounding of the sums
        // (Proofs/Numerics.md §3): β̂_1 enters L_D, ξ and ϑ linearly or squared; β̂_m only
        // through D_g + d_gβ̂_m², with relative sensitivity 2d_gβ̂_m·δσ/(D_g + d_gβ̂_m²).
        let base = Double(s.p + s.m) * eps
        let relMax = s.sigmaMaxError / max(s.sigmaMax, Double.leastNormalMagnitude)
        let relLD = base + relMax + 2 * s.dG * s.sigmaMin * s.sigmaMinError / (s.bigDG + s.dG * s.sigmaMin * s.sigmaMin)
        let relXi = base + relMax
        let quad = tm.vartheta * tm.lD * tm.lD * (1 + s.bigDG * tm.varpi)
        let termErr = abs(tm.xi * tm.lD) * (relXi + relLD) + abs(quad) * (2 * relLD + 2 * relMax + base)
        let con = Check("L(θ_{t+1}) ≤ L(θ_t) − [ϑL_D²(1 + D_gϖ_t) − ξL_D]", .conclusion, step: s.step,
                        lhs: s.lossNext, rhs: rhs, errorBound: s.lossRoundingError + termErr)
        return [hyp, con]
    }

    /// Both readings' conclusions read β̂_1 and β̂_m; a step whose hypothesis is violated cannot
    /// decide a verdict, so its conclusion needs no refined σ.
    public static func spectrumChecks(_ step: StepQuantities, config: RunConfig) -> [Check] {
        Reading.allCases.flatMap { reading -> [Check] in
            let c = stepChecks(step, reading: reading, owner: config.mgOwner)
            return c[0].status == .violated ? [] : [c[1]]
        }
    }

    public static func evaluate(_ run: InstrumentedRun, _ reading: Reading) -> InstanceResult {
        let q = run.quantities
        if q.isEmpty {
            return .failure(theorem: id, reading: ReadingID(reading.rawValue), instance: run.label, reason: run.trajectory.outcome.summary)
        }
        var subs: [[Check]] = []
        var ratios: [Double] = []
        for s in q {
            subs.append(stepChecks(s, reading: reading, owner: run.config.mgOwner))
            let promised = terms(s, reading: reading, owner: run.config.mgOwner).promisedDecrease
            if promised != 0 { ratios.append((s.loss - s.lossNext) / promised) }
        }
        // Tightness: observed decrease over promised decrease (median over steps).
        let tight = ratios.isEmpty ? nil : ratios.sorted()[ratios.count / 2]
        var r = InstanceResult(theorem: id, reading: ReadingID(reading.rawValue), instance: run.label, subInstances: subs, tightness: tight)
        if run.trajectory.outcome.isFailure { r.notes.append("run ended early: \(run.trajectory.outcome.summary)") }
        if r.outcome == .counterexample, let t = r.witness?.step, let s = q.first(where: { $0.step == t }) {
            r.mechanism = mechanism(s, terms(s, reading: reading, owner: run.config.mgOwner))
        }
        return r
    }

    /// The failure in measured terms (Proofs/LossDecay.md, "Why it fails"): the promised
    /// decrease against L(θ_t) (above it, no θ_{t+1} of any method satisfies the bound, since
    /// L = R̂ + g ≥ 0), L_D against the step actually taken, and the 1/d_g that makes ϑL_D² grow
    /// like 1/τ² as τ → 0 (d_g = λ_min(∇²g) = τλ_min(∇²ḡ)).
    static func mechanism(_ s: StepQuantities, _ tm: Terms) -> String {
        let f = { (x: Double) in String(format: "%.3g", x) }
        var md = "at step \(s.step) the promised decrease ϑL_D²(1 + D_gϖ_t) − ξL_D = \(f(tm.promisedDecrease)) "
        if tm.promisedDecrease > s.loss {
            md += "exceeds L(θ_t) = \(f(s.loss)) (\(f(tm.promisedDecrease / max(s.loss, .leastNormalMagnitude)))×), so the bound asks for L(θ_{t+1}) < 0, which no method attains (L = R̂ + g ≥ 0)"
        } else {
            md += "against L(θ_t) − L(θ_{t+1}) = \(f(s.loss - s.lossNext)) achieved"
        }
        md += "; L_D = \(f(tm.lD)) is \(f(tm.lD / max(s.stepEuclidean, .leastNormalMagnitude)))× the step taken, ‖θ_{t+1} − θ_t‖ = \(f(s.stepEuclidean))"
        md += "; L_D carries 1/d_g with d_g = λ_min(∇²g) = \(f(s.dG)) at τ = \(f(s.tau)), so ϑL_D² grows like 1/τ² as τ → 0"
        return md
    }
}
