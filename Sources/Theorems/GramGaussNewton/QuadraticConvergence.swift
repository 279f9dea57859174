import Foundation
import Statistics
import LinearAlgebra

/// **GGN: quadratic convergence with C/√M** (002, "Second-order Convergence for
/// Overparameterized Networks", item 2; Proofs/GramGaussNewton.md §2.2, §4).
///
/// Problem: ½‖f(w) − y‖² on m samples, two-layer network of width M.
/// Method: full-batch GGN, w_{t+1} = w_t − J_tᵀ(J_tJ_tᵀ)⁻¹(f(w_t) − y).
/// Guarantee: ‖f(w_{t+1}) − y‖ ≤ (C/√M)‖f(w_t) − y‖² for some C independent of M.
///
/// Computed beside the theoretical: Ĉ_t = √M‖f_{t+1} − y‖/‖f_t − y‖² at the steps above the
/// rounding floor of ‖f − y‖; (1) the least-squares slope of log max_t Ĉ_t on log M over the
/// width sweep with its 95% Student-t interval (C independent of M: slope ≤ 0); (2) C* fitted at
/// the smallest width, checked at the larger ones; (3) our Taylor bound on ‖f_{t+1} − y‖ (§2.2,
/// claimed), with the linearized residual the computed step leaves.
public enum QuadraticConvergence: StudyTheorem {
    public typealias Evidence = GramGaussNewtonStudy.Evidence
    typealias Run = GramGaussNewtonStudy.Run
    public static let id: TheoremID = "ggn-quadratic"

    public static let slopeReading: ReadingID = "slope of log max_t Ĉ_t on log M ≤ 0"
    public static let fittedReading: ReadingID = "C fitted at the smallest width holds at larger widths"
    public static let taylorReading: ReadingID = "Taylor bound: ‖f_{t+1} − y‖ ≤ (√m/2)κ(‖v‖_∞L′ + L)‖d_t‖²"

    public static let info = TheoremInfo(
        id: id, title: "GGN: quadratic convergence with C/√M",
        source: "\(GramGaussNewtonStudy.source), 'Second-order Convergence for Overparameterized Networks', item 2",
        statement: "The loss converges to zero in a way that ‖f(w_{t+1}) − y‖₂ ≤ (C/√M)‖f(w_t) − y‖₂² for some constant C that is independent of M.",
        proofs: GramGaussNewtonStudy.proofs,
        readings: [
            ReadingInfo(slopeReading, "Ĉ_t = √M‖f_{t+1} − y‖/‖f_t − y‖²; least-squares slope b of log max_t Ĉ_t on log M over the width sweep (all seeds), 95% Student-t interval as the error bound of the check b ≤ 0"),
            ReadingInfo(fittedReading, "C* = max over seeds and steps of Ĉ_t at the smallest width; at every larger width and step, ‖f_{t+1} − y‖ ≤ (C*/√M)‖f_t − y‖², given estimated λ_min(G_t) > 0"),
            ReadingInfo(taylorReading, "our derivation of the mechanism (Proofs §2.2), with ‖d_t‖ ≤ ‖f_t − y‖/√λ_min(G_t) it gives C = (√m/2)(‖v‖_∞L′ + L)/λ_min; L = 1.1 ≥ sup|ϱ′|, L′ = 1 ≥ sup|ϱ″|, ‖v‖_∞ the larger of both ends; needs ϱ ∈ C²", claimed: true),
        ],
        hypotheses: ["estimated λ_min(G_t) > 0 (the step is defined)", "at least 3 (width, seed) points for the slope fit"],
        conclusions: ["b ≤ 0", "‖f_{t+1} − y‖ ≤ (C*/√M)‖f_t − y‖²"],
        claim: ClaimReading(
            plain: "Full-batch Gram-Gauss-Newton converges quadratically, ‖f(w_{t+1}) − y‖ ≤ (C/√M)‖f(w_t) − y‖², with a constant C that does not grow with the width M.",
            intended: "slope of log max_t Ĉ_t on log M ≤ 0",
            why: "The point of item 2 is the width dependence, a factor C/√M whose C does not grow with M, and the fitted slope tests exactly that, with its uncertainty, without having to fix C",
            section: "Proofs/GramGaussNewton.md §2.2",
            literal: "C fitted at the smallest width holds at larger widths",
            units: "0 − b, b the fitted log-log slope of max_t Ĉ_t = max_t √M‖f_{t+1} − y‖/‖f_t − y‖² on the width M (dimensionless exponent: Ĉ ∝ M^b)"))

    public static func evaluate(_ e: Evidence) -> [InstanceResult] {
        let runs = e.runs
        guard !runs.isEmpty else { return [] }
        return [slopeResult(runs, sweepLabel: sweepLabel(runs)).0] + fittedResults(runs).results + runs.map(taylorResult)
    }

    /// The label of the slope result: the first run's, width 0 ("sweep").
    static func sweepLabel(_ runs: [Run]) -> InstanceLabel {
        var l = runs[0].label
        l.width = 0
        return l
    }

    /// The (log M, log max_t Ĉ_t) points of the runs with at least one usable step.
    public static func sweepPoints(_ runs: [GramGaussNewtonStudy.Run]) -> [(width: Int, seed: UInt64, cMax: Double)] {
        runs.compactMap { r in r.cHat.map(\.value).max().map { (r.width, r.seed, $0) } }
    }

    public static func slopeResult(_ runs: [GramGaussNewtonStudy.Run], sweepLabel: InstanceLabel) -> (InstanceResult, LineFit?) {
        let fmt = GramGaussNewtonStudy.fmt
        let pts = sweepPoints(runs).filter { $0.cMax > 0 }
        let enough = Check.condition("at least 3 (width, seed) points", .hypothesis, holds: pts.count >= 3 && Set(pts.map(\.width)).count >= 2)
        guard Set(pts.map(\.width)).count >= 2 else {
            return (InstanceResult(theorem: id, reading: slopeReading, instance: sweepLabel, subInstances: [[enough]],
                                   notes: ["fewer than two widths with a usable step"]), nil)
        }
        let fit = LineFit.leastSquares(x: pts.map { log(Double($0.width)) }, y: pts.map { log($0.cMax) })
        let con = Check("slope of log max_t Ĉ_t on log M ≤ 0", .conclusion, lhs: fit.slope, rhs: 0, errorBound: fit.halfWidth)
        let note = "slope \(fmt(fit.slope)), 95% interval [\(fmt(fit.lower)), \(fmt(fit.upper))] over \(fit.points) points"
        return (InstanceResult(theorem: id, reading: slopeReading, instance: sweepLabel, subInstances: [[enough, con]], notes: [note]), fit)
    }

    /// C* from the smallest width; checks ‖r_{t+1}‖ ≤ (C*/√M)‖r_t‖² at the larger widths.
    public static func fittedResults(_ runs: [GramGaussNewtonStudy.Run]) -> (results: [InstanceResult], cStar: Double?) {
        guard let smallest = runs.map(\.width).min() else { return ([], nil) }
        let cStar = runs.filter { $0.width == smallest }.flatMap { $0.cHat.map(\.value) }.max()
        guard let cStar else {
            return (runs.filter { $0.width != smallest }.map {
                .failure(theorem: id, reading: fittedReading, instance: $0.label, reason: "no usable step at the smallest width \(smallest) to fit C")
            }, nil)
        }
        let results: [InstanceResult] = runs.filter { $0.width != smallest }.map { r in
            if let f = r.failure, r.lambda.isEmpty { return .failure(theorem: id, reading: fittedReading, instance: r.label, reason: f) }
            let sq = Double(r.width).squareRoot()
            let subs: [[Check]] = r.cHat.map { t, _ in
                let l = r.lambda[t]
                let hyp = Check("λ_min(G_t) > 0 (estimated)", .hypothesis, step: t, lhs: 0, rhs: l.lambdaMin, errorBound: l.errorBound)
                let rhs = cStar / sq * r.residual[t] * r.residual[t]
                let err = r.residualError[t + 1] + cStar / sq * (2 * r.residual[t] * r.residualError[t] + r.residualError[t] * r.residualError[t])
                return [hyp, Check("‖f_{t+1} − y‖ ≤ (C*/√M)‖f_t − y‖²", .conclusion, step: t, lhs: r.residual[t + 1], rhs: rhs, errorBound: err)]
            }
            let dropped = max(0, r.residual.count - 1 - subs.count)
            var notes = ["C* = \(GramGaussNewtonStudy.fmt(cStar)) (fitted at M = \(smallest))"]
            if dropped > 0 { notes.append("\(dropped) steps at the rounding floor of ‖f − y‖ not evaluated") }
            return InstanceResult(theorem: id, reading: fittedReading, instance: r.label, subInstances: subs, notes: notes)
        }
        return (results, cStar)
    }

    /// Our Taylor bound (Proofs §2.2): ‖r_{t+1}‖ ≤ (√m/2)·κ·(‖v‖_∞L′‖x‖² + L‖x‖)·‖d_t‖², with
    /// ‖v‖_∞ the larger of θ_t's and θ_{t+1}'s (v on the segment is a convex combination).
    public static func taylorResult(_ r: GramGaussNewtonStudy.Run) -> InstanceResult {
        if let f = r.failure, r.stepNorm.isEmpty { return .failure(theorem: id, reading: taylorReading, instance: r.label, reason: f) }
        let m = Double(r.label.m)
        let x = r.inputNormMax
        // Only steps whose ‖r_{t+1}‖ is above 100× its rounding floor (as for Ĉ_t; Proofs §4.1).
        let steps = r.stepNorm.indices.filter { r.residual[$0 + 1] > 100 * r.residualError[$0 + 1] }
        let subs: [[Check]] = steps.map { t in
            let v = max(r.vMax[t], r.vMax[t + 1])
            let quad = m.squareRoot() / 2 * r.kappa * (v * GramGaussNewtonMath.lipschitzDerivative * x * x + GramGaussNewtonMath.lipschitzValue * x) * r.stepNorm[t] * r.stepNorm[t]
            let rhs = r.linearResidual[t] + quad
            let err = r.residualError[t + 1] + r.linearResidualError[t] + Rounding.gamma(r.parameterCount + 8) * quad
            return [Check.condition("ϱ ∈ C² (SiLU, tanh, softplus)", .hypothesis, step: t, holds: r.smoothActivation),
                    Check("‖f_{t+1} − y‖ ≤ ‖f_t − y − J_td_t‖ + (√m/2)κ(‖v‖_∞L′‖x‖² + L‖x‖)‖d_t‖²", .conclusion, step: t, lhs: r.residual[t + 1], rhs: rhs, errorBound: err)]
        }
        let ratios = subs.compactMap { c -> Double? in c.last.flatMap { $0.rhs > 0 ? $0.lhs / $0.rhs : nil } }
        let dropped = r.stepNorm.count - steps.count
        return InstanceResult(theorem: id, reading: taylorReading, instance: r.label, subInstances: subs, tightness: ratios.max(),
                              notes: dropped > 0 ? ["\(dropped) steps at the rounding floor of ‖f − y‖ not evaluated"] : [])
    }

    public static func headlines(_ e: Evidence, results: [InstanceResult]) -> [HeadlineClaim] {
        let runs = e.runs, plan = e.plan, fmt = GramGaussNewtonStudy.fmt
        guard !runs.isEmpty else { return [] }
        let f = slopeResult(runs, sweepLabel: sweepLabel(runs)).1
        let cStar = fittedResults(runs).cStar
        let fitted = results.filter { $0.reading == fittedReading }
        let fittedBad = fitted.contains { $0.outcome == .counterexample }
        let fittedOK = !fitted.isEmpty && fitted.allSatisfy { $0.outcome == .holds }
        let held = fitted.reduce(0) { $0 + ($1.counts[.holds] ?? 0) }
        let evaluated = fitted.reduce(0) { $0 + $1.counts.total }
        var verdict: HeadlineClaim.Verdict = .inconclusive
        var measured = "no fit (fewer than two widths with a usable step)"
        if let f {
            let slopeNot = f.lower > 0
            let slopeOK = f.slope <= 0
            verdict = (slopeNot || fittedBad) ? .notConfirmed : (slopeOK && fittedOK ? .confirmed : .inconclusive)
            measured = "\(e.scale.rawValue) scale, m = \(plan.m), M = \(plan.widths.map(String.init).joined(separator: ", ")), seeds \(plan.seeds.map(String.init).joined(separator: ", ")): fitted slope of log max_t Ĉ_t on log M: \(fmt(f.slope)) (95% interval [\(fmt(f.lower)), \(fmt(f.upper))], \(f.points) points)"
                + "; C* = \(cStar.map(fmt) ?? "—") fitted at M = \(plan.widths.min() ?? 0): the bound held at \(held) of \(evaluated) steps at larger widths"
        }
        return [HeadlineClaim(
            claim: "002: ‖f(w_{t+1}) − y‖ ≤ (C/√M)‖f(w_t) − y‖² with C independent of the width M",
            measured: measured, verdict: verdict)]
    }
}
