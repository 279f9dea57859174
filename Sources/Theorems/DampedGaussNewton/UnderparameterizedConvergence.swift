import Foundation
import Statistics
import Optimizers
import Trajectories

/// **Geometric convergence to the best in-class loss (underparameterized)** (003, abstract;
/// the underparameterized theorems, geodesic PL and smoothness, numbers not available to us;
/// Proofs/DampedGaussNewton.md §6).
///
/// Problem: a teacher-student problem with m > p (three hidden units), L = (1/2m)‖f − y‖².
/// Method: damped GN with negligible constant damping λ = 10⁻⁸ and step η = 0.1 (a
/// discretization of the GN flow); L* from full GN steps continued from the last iterate.
/// Guarantee: geometric convergence to the optimal in-class loss at a rate independent of the
/// conditioning of the Gram matrix.
///
/// Computed beside the theoretical: the gap L_t − L* per step against the previous gap (monotone)
/// and against e^{−η} times it, on the steps that track the flow (the loss change within half of
/// the first-order decrease δ_t) and whose gap is resolved against L*'s uncertainty; and the
/// per-step ratio q̂ fitted over the geometric phase (after the last step that does not track
/// the flow), with its 95% interval.
public enum UnderparameterizedConvergence: StudyTheorem, InstanceTheorem {
    public typealias Evidence = DampedGaussNewtonStudy.Evidence
    typealias S = DampedGaussNewtonStudy
    public static let id: TheoremID = "cayci-underparam"
    /// What `evaluate(instance:)` reads of a configuration; every other option is refused.
    public static var readOptions: [String]? { ["seed", "m", "n", "n0", "activation"] }
    public static var certificationGap: String { "the conclusion compares L(θ_t) − L* with L*, the best in-class loss, which is the checked limit of a computed Levenberg-Marquardt run (Proofs/DampedGaussNewton.md §6), not an enclosure; the verdict rests on the trajectory-sensitivity rule (Proofs/Numerics.md §6)" }

    static let claim = "003 (abstract): when m > p, GN converges geometrically to the best in-class loss"

    public static let info = TheoremInfo(
        id: id, title: "Geometric convergence to the best in-class loss (underparameterized)",
        source: S.source + ", abstract; the underparameterized theorems (geodesic PL and smoothness), numbers not available to us",
        statement: "In the underparameterized regime, ... geometric convergence to the optimal in-class predictor at an explicit rate independent of the conditioning of the Gram matrix.",
        proofs: S.proofs,
        readings: [ReadingInfo("monotone gap", "L_{t+1} − L* ≤ L_t − L* at every step"),
                   ReadingInfo("rate e^{-η}", "L_{t+1} − L* ≤ e^{−η}(L_t − L*) at every step (geodesic PL with half the linearized constant)")],
        hypotheses: ["m > p", "J_t has full column rank (λ_min(J_tᵀJ_t) > 0)", "the step tracks the flow: |(L_t − L_{t+1}) − δ_t| ≤ ½δ_t, δ_t = η∇L(θ_t)ᵀd_t"],
        conclusions: ["gap contracts per step"],
        claim: ClaimReading(
            plain: "With fewer parameters than samples, the Gauss-Newton flow converges geometrically to the best loss the network class can reach, at a rate independent of the Gram matrix's conditioning.",
            intended: "rate e^{-η}",
            why: "The abstract claims \"geometric convergence to the optimal in-class predictor at an explicit rate\", which a merely monotone gap does not express; e^{−η} per step of length η stands in for the rate we could not read",
            section: "Proofs/DampedGaussNewton.md, Our reading(s)",
            units: "e^{−η}(L_t − L*) − (L_{t+1} − L*), L = ‖f − y‖²/(2m) (loss units above the in-class optimum L*)"))

    /// The geometric phase: from the first step after the last one that does not track the
    /// flow, the steps whose gap is resolved (> 100× L*'s uncertainty), and the fitted ratio.
    public struct GeometricPhase: Sendable {
        public var transient: Int
        public var resolved: [Int]
        public var fit: LineFit
        public var q: Double, qLo: Double, qHi: Double
    }

    /// Underparameterized teacher-student problems (m > p = n(n0 + 1)) at the study's quick scale.
    public static var space: String { "seed=0..999,m=24..96,m-test=0,n=1..4,n0=2..6,activation=silu|tanh|softplus" }

    /// The damped-GN run and its L* on one configuration's sizes, seed and activation.
    public static func evaluate(instance c: RunConfig) -> [InstanceResult] {
        var sc = S.Scale.of(.quick)
        sc.mUnder = c.problem.trainCount; sc.nUnder = c.problem.width; sc.n0 = c.problem.inputDimension; sc.seed = c.problem.seed
        var spec = S.underSpec(sc)
        spec.activation = c.problem.activation
        let label = S.instanceLabel(spec, steps: sc.underSteps)
        do { return judge(try S.underRun(sc, label: label, spec: spec), sc).results } catch {
            return info.readings.map { .failure(theorem: id, reading: $0.id, instance: label, reason: "\(error)") }
        }
    }

    public static func evaluate(_ e: Evidence) -> [InstanceResult] {
        guard let u = e.under else {
            return info.readings.map { .failure(theorem: id, reading: $0.id, instance: e.underLabel, reason: e.underFailure ?? "") }
        }
        return judge(u, e.scale).results
    }

    public static func geometricPhase(_ u: DampedGaussNewtonStudy.UnderRun, _ sc: DampedGaussNewtonStudy.Scale) -> GeometricPhase { judge(u, sc).phase }

    /// The checks of both readings and the geometric phase they delimit.
    static func judge(_ u: S.UnderRun, _ sc: S.Scale) -> (results: [InstanceResult], phase: GeometricPhase) {
        let problem = u.problem, p = u.p, losses = u.losses, gaps = u.gaps, lStarErr = u.lStarErr
        let scale = S.outputScale(problem)
        let eps = Double.ulpOfOne
        var results: [InstanceResult] = []
        var untracked: [Int] = []
        for reading in info.readings {
            let monotone = reading.id == "monotone gap"
            var subs: [[Check]] = []
            // Steps whose gap is within 10× L*'s uncertainty are past convergence: not checked.
            // L* cancels in the monotone comparison, which with L* undetermined compares the
            // losses themselves; past convergence is then where the flow's first-order decrease
            // δ_t is within 10× the two losses' rounding (the comparison would be rounding noise).
            let lossesOnly = monotone && !lStarErr.isFinite
            func resolved(_ t: Int) -> Bool {
                guard lossesOnly else { return gaps[t] > 10 * lStarErr }
                return u.firstOrderDecrease[t] > 10 * (S.lossError(losses[t], problem: problem, scale: scale) + S.lossError(losses[t + 1], problem: problem, scale: scale))
            }
            for (t, rec) in u.run.records.filter({ $0.damping != nil }).enumerated() where resolved(t) {
                // e^{−η_t} for the time η_t the step covers (shorter where the step's length was capped to track the flow).
                let factor = monotone ? 1.0 : exp(-rec.alpha)
                // L* cancels in the monotone comparison L_{t+1} − L* ≤ L_t − L*; with factor f < 1
                // it enters as (1 − f)L*, so its uncertainty counts (1 − f) times.
                let eb = S.lossError(losses[t + 1], problem: problem, scale: scale) + factor * S.lossError(losses[t], problem: problem, scale: scale) + (factor == 1 ? 0 : (1 - factor) * lStarErr)
                // The theorem is about the flow: an Euler step whose loss change differs from
                // the flow's first-order decrease δ_t by more than δ_t/2 does not track it (§6).
                let delta = u.firstOrderDecrease[t]
                let discrepancy = abs((losses[t] - losses[t + 1]) - delta)
                let tracks = Check("|(L_t − L_{t+1}) − δ_t| ≤ ½δ_t (step tracks the flow)", .hypothesis, step: t, lhs: discrepancy, rhs: 0.5 * delta,
                                   errorBound: 3 * S.lossError(losses[t], problem: problem, scale: scale) + 8 * eps * abs(delta) * Double(p))
                // The transient is counted over the steps resolved against L* (where L* is not
                // determined, none): past convergence the tracking test is at rounding level.
                if tracks.status == .violated && reading.id == info.readings[0].id && gaps[t] > 10 * lStarErr { untracked.append(t) }
                subs.append([Check.condition("m > p", .hypothesis, step: t, holds: sc.mUnder > p), tracks,
                             Check("λ_min(J_tᵀJ_t) > 0", .hypothesis, step: t, lhs: 0, rhs: rec.gram?.lambdaMin ?? .nan, errorBound: 4 * Double(sc.mUnder) * eps * (rec.gram?.lambdaMax ?? .nan)),
                             Check("L_{t+1} − L* ≤ \(reading.id == "monotone gap" ? "" : "e^{−η}")(L_t − L*)", .conclusion, step: t,
                                   lhs: lossesOnly ? losses[t + 1] : gaps[t + 1], rhs: lossesOnly ? losses[t] : factor * gaps[t],
                                   errorBound: eb)])
            }
            // L* undetermined (or every gap unresolved): nothing is decided, which is not "vacuous".
            if subs.isEmpty {
                results.append(.settled(.inconclusive, theorem: id, reading: reading.id, instance: u.label,
                                        notes: [lStarErr.isFinite ? "no gap is resolved against L*'s uncertainty" : "L* not determined: no tail estimate of the reference run passed its check"]))
                continue
            }
            results.append(InstanceResult(theorem: id, reading: reading.id, instance: u.label, subInstances: subs,
                                          notes: ["m = \(sc.mUnder), p = \(p), η_t = \(S.underEta)·min(1, Δ/‖d_t‖), Δ = \(LevenbergMarquardt.trustRadius)·max(1, ‖θ_t‖), L* from Marquardt's LM (a step only if it lowers L) continued from the last iterate until its tail estimate passed its check (at most \(sc.referenceSteps) steps)" + (lStarErr.isFinite ? "" : "; L* not determined")]))
        }
        // Fitted rate over the geometric phase: after the last step that did not track the
        // flow (a transient the bound's constant absorbs), where the gap is resolved
        // (gap > 100× its uncertainty).
        let transient = (untracked.max() ?? -1) + 1
        let resolved = gaps.indices.filter { $0 >= transient && gaps[$0] > 100 * lStarErr }
        for i in results.indices {
            results[i].notes.append("steps that do not track the flow: \(untracked.count) (last t = \(transient - 1)); geometric-phase fit over \(resolved.count) steps")
        }
        let f = S.fit(resolved.map(Double.init), resolved.map { log(gaps[$0]) })
        let phase = GeometricPhase(transient: transient, resolved: resolved, fit: f,
                                   q: exp(f.slope), qLo: exp(f.slope - f.halfWidth), qHi: exp(f.slope + f.halfWidth))
        return (results, phase)
    }

    public static func headlines(_ e: Evidence, results: [InstanceResult]) -> [HeadlineClaim] {
        guard let u = e.under else {
            return [HeadlineClaim(claim: claim, measured: "the run failed: \(e.underFailure ?? "")", verdict: .inconclusive)]
        }
        let sc = e.scale, sig = S.sig
        let ph = geometricPhase(u, sc)
        let q = ph.q, qLo = ph.qLo, qHi = ph.qHi
        let monotone = results.first?.outcome
        // Confirmed only when the fitted ratio is below 1 and every checked step held; an
        // inconclusive step (e.g. J_t at the edge of rank deficiency) makes it inconclusive.
        let verdict: HeadlineClaim.Verdict
        if ph.resolved.count < 3 || !(qHi.isFinite) { verdict = .inconclusive }
        else if qHi >= 1 || monotone == .counterexample || monotone == .numericalFailure { verdict = .notConfirmed }
        else if monotone == .holds { verdict = .confirmed }
        else { verdict = .inconclusive }
        return [HeadlineClaim(claim: claim,
                              measured: "fitted per-step gap ratio q̂ = \(sig(q)) (95%: \(sig(qLo))–\(sig(qHi))) over the \(ph.resolved.count) resolved steps from t = \(ph.transient) (steps before it include ones that leave the linear regime, where the loss may rise), m = \(sc.mUnder), p = \(u.p), η = \(S.underEta); e^{−η} = \(sig(exp(-S.underEta))); per-step monotone decrease: \(monotone?.rawValue ?? "n/a"); per-step e^{−η} contraction: \(results.count > 1 ? results[1].outcome.rawValue : "n/a") (steps that do not track the flow are vacuous)",
                              verdict: verdict)]
    }
}
