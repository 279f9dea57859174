import Foundation
import Trajectories

/// **GGN: the Gram matrix is invertible at every iteration** (002, "Second-order Convergence
/// for Overparameterized Networks", item 1; Proofs/GramGaussNewton.md §2.3, §3).
///
/// Problem: ½‖f(w) − y‖² on m samples, two-layer network of width M.
/// Method: full-batch GGN, w_{t+1} = w_t − J_tᵀ(J_tJ_tᵀ)⁻¹(f(w_t) − y).
/// Guarantee: for M = Ω(poly(n/λ_0)), with high probability G_t = J_tJ_tᵀ is invertible at every
/// iteration (the width condition has no constant, so it is not a checkable hypothesis).
///
/// Computed beside the theoretical: λ̂_min(Ĝ_t) at every step of every run of the width sweep,
/// against its error bound (`Spectral.gramSpectrum`: dsyrk and underflow, rigorous; Jacobian
/// rounding, first order; dsyevd, our reading of LAPACK's constant; Weyl): "estimated" when
/// λ̂_min minus the bound is > 0, i.e. up to the eigensolver's constant (Proofs §3).
public enum GramInvertibility: StudyTheorem, InstanceTheorem {
    public typealias Evidence = GramGaussNewtonStudy.Evidence
    public static let id: TheoremID = "ggn-gram-invertible"
    /// What `evaluate(instance:)` reads of a configuration; every other option is refused.
    public static var readOptions: [String]? { ["seed", "m", "m-test", "n", "n0", "activation", "n-teacher", "kappa-w", "steps"] }

    public static let info = TheoremInfo(
        id: id, title: "GGN: the Gram matrix is invertible at every iteration",
        source: "\(GramGaussNewtonStudy.source), 'Second-order Convergence for Overparameterized Networks', item 1",
        statement: "For two-layer ReLU network, if width M = Ω(poly(n/λ_0)), then with high probability over the random initialization, the full-batch GGN satisfies: 1. The Gram matrix G at each iteration is invertible.",
        proofs: GramGaussNewtonStudy.proofs,
        readings: [ReadingInfo("estimated lambda_min(G_t) > 0", "at every step of the full-batch run, λ̂_min(Ĝ_t) minus the dsyrk (rigorous) + Jacobian (first-order) + dsyevd (estimated constant) error bound is > 0 (no hypothesis: the width condition has no constant)")],
        hypotheses: [],
        conclusions: ["λ_min(J_tJ_tᵀ) > 0 at every t (estimated: λ̂_min − δ_t > 0)"],
        claim: ClaimReading(
            plain: "For a wide enough two-layer network, the Gram matrix J_tJ_tᵀ of full-batch Gram-Gauss-Newton is invertible at every iteration, with high probability.",
            intended: "estimated lambda_min(G_t) > 0",
            why: "It is the only reading: the width condition has no constant, so invertibility is checked at every step as λ̂_min(J_tJ_tᵀ) exceeding its error bound",
            section: "Proofs/GramGaussNewton.md §2.3",
            units: "λ̂_min(J_tJ_tᵀ) − 0 (smallest Gram eigenvalue at step t, squared output per squared parameter, decided against its error bound)"))

    public static func evaluate(_ e: Evidence) -> [InstanceResult] {
        e.runs.map(result)
    }

    /// Small two-layer networks (002 speaks of ReLU; the smooth activations too), widths over
    /// decades: where the width condition M = Ω(poly(n/λ_0)) may fail, the Gram matrix may not stay invertible.
    public static var space: String {
        "seed=0..999,m=4..32,m-test=0,n=4..512:log,n0=2..8,activation=relu|silu|tanh|softplus,steps=5..30"
    }

    /// The full-batch GGN run of one configuration (τ and the step rule play no part: 002's step).
    public static func evaluate(instance config: RunConfig) -> [InstanceResult] {
        var spec = config.problem
        spec.kind = .teacherStudent
        spec.kappa = nil
        return [result(GramGaussNewtonStudy.fullBatchRun(spec, steps: config.steps))]
    }

    public static func result(_ run: GramGaussNewtonStudy.Run) -> InstanceResult {
        let reading = info.readings[0].id
        if let f = run.failure, run.lambda.isEmpty {
            return .failure(theorem: id, reading: reading, instance: run.label, reason: f)
        }
        let subs = run.lambda.enumerated().map { t, l in
            [Check("λ_min(G_t) > 0 (estimated)", .conclusion, step: t, lhs: 0, rhs: l.lambdaMin, errorBound: l.errorBound)]
        }
        var notes: [String] = []
        let uncertified = run.lambda.enumerated().filter { !$0.element.positive }.map(\.offset)
        if !uncertified.isEmpty {
            let l = run.lambda[uncertified[0]]
            notes.append("not estimated at steps \(uncertified): at t = \(uncertified[0]) λ̂_min = \(l.lambdaMin) does not exceed its error bound \(l.errorBound) (dsyrk \(l.syrkError), Jacobian \(l.inputError), dsyevd \(l.eigenError))")
        }
        if let f = run.failure { notes.append("run stopped: \(f)") }
        return InstanceResult(theorem: id, reading: reading, instance: run.label, subInstances: subs, notes: notes)
    }

    public static func headlines(_ e: Evidence, results inv: [InstanceResult]) -> [HeadlineClaim] {
        let runs = e.runs, plan = e.plan
        guard !runs.isEmpty else { return [] }
        let fmt = GramGaussNewtonStudy.fmt
        let all = runs.flatMap(\.lambda)
        let estimated = all.filter(\.positive).count
        let minLower = all.map(\.lowerMin).min() ?? .nan
        let minComputed = all.map(\.lambdaMin).min() ?? .nan
        let failures = runs.filter { $0.failure != nil }.count
        let verdict: HeadlineClaim.Verdict = inv.contains { $0.outcome == .counterexample } ? .notConfirmed
            : (estimated == all.count && failures == 0 && !all.isEmpty ? .confirmed : .inconclusive)
        return [HeadlineClaim(
            claim: "002: the Gram matrix G_t = J_tJ_tᵀ of full-batch GGN is invertible at every iteration (wide two-layer net)",
            measured: "estimated λ_min(G_t) > 0 at \(estimated) of \(all.count) steps (\(runs.count) runs, M = \(plan.widths.map(String.init).joined(separator: ", ")), m = \(plan.m)); smallest λ̂_min \(fmt(minComputed)), smallest estimated lower bound \(fmt(minLower))" + (failures > 0 ? "; \(failures) runs broke down" : ""),
            verdict: verdict)]
    }
}
