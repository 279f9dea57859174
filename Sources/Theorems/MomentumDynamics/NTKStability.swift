import Foundation
import Optimizers
import Trajectories

/// **NTK stays positive definite: λ_min(H(t)) ≥ λ_0/2** (004, proofs of both theorems, "we set
/// the width m = Ω(…)"; the lemma is Du et al. 2018's; Proofs/MomentumDynamics.md §2, §5).
///
/// Problem: a two-layer FCNN (ReLU, output weights ±1) under L = ½‖f − y‖².
/// Method: every trajectory of the study: the heavy-ball, NAG and gradient flows (RK4) and the
/// heavy-ball, NAG and GD iterations.
/// Guarantee: for width m = Ω(n⁶/(δ³λ_0⁴)), with probability ≥ 1 − δ, λ_min(H(t)) ≥ λ_0/2 along
/// the trajectory, H(t) = (∂f/∂w)(∂f/∂w)ᵀ (the constant in Ω is not given: not checkable).
///
/// Computed beside the theoretical: λ_min(H(t)) at every recorded time of every trajectory
/// against λ_0/2, with the eigenvalue error bounds of both (§5), and min_t λ_min(H(t))/λ_0.
public enum NTKStability: StudyTheorem, InstanceTheorem {
    public typealias Evidence = MomentumDynamicsStudy.Evidence
    typealias S = MomentumDynamicsStudy
    public static let id: TheoremID = "momentum-ntk-stability"
    /// What `evaluate(instance:)` reads of a configuration; every other option is refused.
    public static var readOptions: [String]? { ["seed", "m", "n", "n0", "activation"] }
    public static var certificationGap: String { "the trajectories integrate the heavy-ball and Nesterov ODEs numerically, and a certificate would need a validated ODE integrator, which the checker does not have; the verdict rests on the trajectory-sensitivity rule (Proofs/Numerics.md §6)" }

    public static let info = TheoremInfo(
        id: id, title: "NTK stays positive definite: λ_min(H(t)) ≥ λ_0/2",
        source: "\(S.source), proofs of both theorems (\"we set the width m = Ω(…)\"); the lemma is Du et al. 2018's",
        statement: "On a two-layer FCNN with width m = Ω(n⁶/(δ³λ_0⁴)), with probability ≥ 1 − δ the NTK H(t) = (∂f/∂w)(∂f/∂w)ᵀ satisfies λ_min(H(t)) ≥ λ_0/2 along the trajectory.",
        proofs: S.proofs,
        readings: [ReadingInfo("heavy-ball flow", "along the RK4 trajectory of ẅ + √(2λ_0)ẇ + ∇L = 0, λ_0 = λ_min(H(0))"),
                   ReadingInfo("heavy-ball discrete", "along w_{k+1} = w_k − h²∇L + (1 − √(2λ_0)h)(w_k − w_{k−1})"),
                   ReadingInfo("nesterov flow", "along the RK4 trajectory of ẅ + (γ/t)ẇ + ∇L = 0, γ = 9"),
                   ReadingInfo("nesterov discrete", "along NAG with η = h², momentum (k−1)/(k+γ−1)"),
                   ReadingInfo("gradient flow", "along the RK4 trajectory of ẇ = −∇L"),
                   ReadingInfo("gd discrete", "along w_{k+1} = w_k − η∇L, η = h²")],
        hypotheses: ["the width is 'large enough' (the constant in Ω is not given: not checkable, §2)"],
        conclusions: ["λ_min(H(t)) ≥ λ_0/2 at every recorded time (error bound §5)"],
        claim: ClaimReading(
            plain: "For a wide enough two-layer ReLU network, the NTK's smallest eigenvalue stays at least half its initial value λ_0 along the training trajectory.",
            intended: "heavy-ball flow",
            why: "The lemma is the hinge of the proof of the first theorem, which is about the heavy-ball flow; the poster states it inside the proofs, for no trajectory in particular",
            section: "Proofs/MomentumDynamics.md §2",
            units: "λ_min(H(t)) − λ_0/2 (NTK eigenvalue, H = JJᵀ for L = ½‖f − y‖²)"))

    /// Small networks at the study's quick scale, widths over decades: where the width is not
    /// "large enough" the NTK may lose half its smallest eigenvalue (Proofs/Exploration.md §1).
    public static var space: String { "seed=0..999,m=4..12,m-test=0,n=16..512:log,n0=2..8,activation=relu|silu|tanh" }

    /// The six trajectories of the study's quick setup on one configuration's sizes, seed and activation.
    public static func evaluate(instance c: RunConfig) -> [InstanceResult] {
        var s = S.setup(.quick)
        s.m = c.problem.trainCount; s.width = c.problem.width; s.n0 = c.problem.inputDimension
        s.activation = c.problem.activation; s.seeds = [c.problem.seed]
        s.decayExponent = 6; s.maxSteps = 300
        var e = Evidence(scale: .quick)
        do { e.measured = [try S.measure(s, seed: c.problem.seed, scale: .quick)] } catch {
            e.failed = [S.Failure(label: S.instanceLabel(s, seed: c.problem.seed, steps: 0, scale: .quick), reason: "\(error)")]
        }
        return evaluate(e)
    }

    /// The width at which the verdict changes (Proofs/MomentumDynamics.md §2: the lemma asks
    /// for a width "large enough"): the same problem at 4×, 16×, … the width, up to 4096,
    /// with min_t λ_min(H(t))/λ_0 under the reading at each (the check is λ_0/2 ≤ λ_min(H(t)),
    /// so the ratio is rhs/(2·lhs) of its tightest step).
    public static func mechanism(instance c: RunConfig, result r: InstanceResult) -> String? {
        var widths: [Int] = [], ratios: [String] = [], holdsFrom: Int? = nil
        var w = c.problem.width
        while w <= max(4096, c.problem.width) {
            var d = c
            d.problem.width = w
            let res = evaluate(instance: d).first { $0.reading == r.reading }
            let ratio = res?.worstConclusion.map { $0.rhs / (2 * $0.lhs) }
            widths.append(w)
            ratios.append(ratio.map { String(format: "%.3g", $0) } ?? "–")
            if res?.outcome == .holds { holdsFrom = holdsFrom ?? w } else { holdsFrom = nil }
            w *= 4
        }
        let f = "the same problem at widths " + widths.map(String.init).joined(separator: ", ") + ": min_t λ_min(H(t))/λ_0 = " + ratios.joined(separator: ", ")
        return f + (holdsFrom.map { "; the lemma holds from width \($0) on, so this witness is not 'wide enough', which the lemma does not exclude" }
            ?? "; it fails up to width \(widths.last ?? w)")
    }

    /// The six trajectories of a measurement, by reading.
    static func trajectories(_ me: S.Measurement) -> [(ReadingID, Trajectory)] {
        [(ReadingID("heavy-ball flow"), me.hbFlow), ("heavy-ball discrete", me.hbDiscrete), ("nesterov flow", me.nagFlow),
         ("nesterov discrete", me.nagDiscrete), ("gradient flow", me.gdFlow), ("gd discrete", me.gdDiscrete)]
    }

    public static func evaluate(_ e: Evidence) -> [InstanceResult] {
        S.failures(id, e) + e.measured.flatMap { me in
            trajectories(me).map { reading, run in
                let minRatio = run.records.compactMap { $0.gram?.lambdaMin }.min().map { $0 / me.lambda0 }
                return S.result(id, reading, me, run, checks(run, lambda0: me.lambda0, lambda0Error: me.lambda0Error),
                                notes: ["min λ_min(H(t))/λ_0 = \(MomentumFormat.g(minRatio ?? .nan))"])
            }
        } + sweepResults(e)
    }

    /// The width sweep (`full` only, §8), under the discrete heavy-ball reading, one instance per width and seed.
    static func sweepResults(_ e: Evidence) -> [InstanceResult] {
        let reading: ReadingID = "heavy-ball discrete"
        return e.sweepFailed.map { .failure(theorem: id, reading: reading, instance: $0.label, reason: $0.reason) } + e.sweep.map { pt in
            if let f = pt.run.failure { return .failure(theorem: id, reading: reading, instance: pt.label, reason: f) }
            let minRatio = pt.run.records.compactMap { $0.gram?.lambdaMin }.min().map { $0 / pt.lambda0 }
            return InstanceResult(theorem: id, reading: reading, instance: pt.label, subInstances: checks(pt.run, lambda0: pt.lambda0, lambda0Error: pt.lambda0Error),
                                  notes: ["width sweep, streamed: min λ_min(H(t))/λ_0 = \(MomentumFormat.g(minRatio ?? .nan)) over \(S.sweepSteps) steps"])
        }
    }

    /// The NTK check at each record: λ_0/2 ≤ λ_min(H(t)), error δ_t + δ_0/2 (§5).
    static func checks(_ run: Trajectory, lambda0: Double, lambda0Error: Double) -> [[Check]] {
        run.records.enumerated().compactMap { k, r in
            guard let s = r.gram else { return nil }
            return [Check("λ_min(H(t)) ≥ λ_0/2 at t = \(MomentumFormat.g(r.time))", .conclusion, step: k, lhs: lambda0 / 2, rhs: s.lambdaMin,
                          errorBound: s.errorBound + lambda0Error / 2)]
        }
    }

    public static func headlines(_ e: Evidence, results rs: [InstanceResult]) -> [HeadlineClaim] {
        let ms = e.measured, g = MomentumFormat.g
        let minRatio = ms.flatMap { me in [me.hbFlow, me.hbDiscrete, me.nagFlow, me.nagDiscrete, me.gdFlow, me.gdDiscrete]
            .flatMap { $0.records.compactMap { $0.gram.map { $0.lambdaMin / me.lambda0 } } } }.min() ?? .nan
        var sweep = ""
        if !e.sweep.isEmpty {
            let ratios = e.sweep.map { pt in (pt.width, (pt.run.records.compactMap { $0.gram?.lambdaMin }.min() ?? .nan) / pt.lambda0) }
            let widest = ratios.map(\.0).max()!, narrowest = ratios.map(\.0).min()!
            sweep = "; width sweep (m = \(S.sweepM), \(S.sweepSteps) heavy-ball steps, streamed): min ratio \(g(ratios.filter { $0.0 == narrowest }.map(\.1).min()!)) at width \(narrowest), "
                + "\(g(ratios.filter { $0.0 == widest }.map(\.1).min()!)) at width \(widest)"
        }
        return [HeadlineClaim(claim: "004: in the overparameterized regime the NTK stays positive definite, λ_min(H(t)) ≥ λ_0/2.",
                              measured: "min over all runs of λ_min(H(t))/λ_0 = \(g(minRatio)) (λ_0 = \(S.lambda0List(ms)); m = \(ms.first?.label.m ?? 0), width \(ms.first?.label.width ?? 0))" + sweep,
                              verdict: S.verdictOf(rs, id))]
    }
}
