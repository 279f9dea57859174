import Foundation

/// **Mini-batch GGN: the loss goes down** (002, "Gram-Gauss-Newton Method (GGN)", remark on the
/// mini-batch scheme; the guarantee is announced in the abstract of arXiv 1905.11675;
/// Proofs/GramGaussNewton.md §2.4, §5).
///
/// Problem: ½‖f(w) − y‖² on m samples, two-layer network of width M.
/// Method: mini-batch GGN, step size 1, a seeded batch order per epoch; each step solves with
/// the Gram matrix G_B = J_BJ_Bᵀ of its batch.
/// Guarantee (abstract): mini-batch GGN converges; we read "the training loss goes down".
///
/// Computed beside the theoretical: the full loss ‖f − y‖²/(2m) at the end of each epoch and
/// after each batch step, and the batch's own loss before and after its step, each with its
/// rounding bound, given a estimated λ_min(G_B) > 0.
public enum MiniBatchDescent: StudyTheorem {
    public typealias Evidence = GramGaussNewtonStudy.Evidence
    public static let id: TheoremID = "ggn-minibatch"
    public static var certificationGap: String { "the mini-batch Gram-Gauss-Newton steps have no interval evaluator; the verdict rests on the trajectory-sensitivity rule (Proofs/Numerics.md §6)" }

    public static let epochReading: ReadingID = "full loss decreases per epoch"
    public static let stepReading: ReadingID = "full loss decreases per batch step"
    public static let batchReading: ReadingID = "batch loss decreases at its own step"

    public static let info = TheoremInfo(
        id: id, title: "Mini-batch GGN: the loss goes down",
        source: "\(GramGaussNewtonStudy.source), 'Gram-Gauss-Newton Method (GGN)', remark on the mini-batch scheme; the convergence guarantee for mini-batch GGN is announced in the abstract of arXiv 1905.11675, not stated in the slides",
        statement: "Combine with the mini-batch scheme, we can only compute the Gram matrix of each batch. (Abstract: we provide convergence guarantee for mini-batch GGN algorithm.)",
        proofs: GramGaussNewtonStudy.proofs,
        readings: [
            ReadingInfo(epochReading, "step size 1, seeded batch order per epoch: ‖f − y‖² over all m samples at the end of each epoch ≤ at its start"),
            ReadingInfo(stepReading, "step size 1: the full training loss after every batch step ≤ before it"),
            ReadingInfo(batchReading, "step size 1: the batch's own loss after its step ≤ before it"),
        ],
        hypotheses: ["estimated λ_min(G_B) > 0 for the batch Gram matrix (the step is defined)"],
        conclusions: ["L(w_{k+1}) ≤ L(w_k) (per epoch, per step, or on the batch)"],
        claim: ClaimReading(
            plain: "Mini-batch Gram-Gauss-Newton, each step solving with its own batch's Gram matrix, converges: its training loss goes down.",
            intended: "full loss decreases per epoch",
            why: "A \"convergence guarantee for mini-batch GGN\" speaks of the loss over all samples and over passes through the data, not of each batch step, and per epoch is the weakest of our readings that says so",
            section: "Proofs/GramGaussNewton.md §2.4",
            units: "L(start of epoch) − L(end of epoch), L = ‖f − y‖²/(2m) over all m training samples (loss units)"))

    public static func evaluate(_ e: Evidence) -> [InstanceResult] {
        (e.miniBatchRuns ?? []).flatMap(results)
    }

    public static func results(_ run: GramGaussNewtonStudy.MiniBatchRun) -> [InstanceResult] {
        if let f = run.failure, run.batchLambda.isEmpty {
            return [epochReading, stepReading, batchReading].map { .failure(theorem: id, reading: $0, instance: run.label, reason: f) }
        }
        func hyp(_ k: Int) -> Check {
            let l = run.batchLambda[k]
            return Check("λ_min(G_B) > 0 (estimated)", .hypothesis, step: k, lhs: 0, rhs: l.lambdaMin, errorBound: l.errorBound)
        }
        let steps = run.batchLambda.count
        let perStep: [[Check]] = (0..<steps).compactMap { k in
            guard k + 1 < run.loss.count else { return nil }
            return [hyp(k), Check("L(w_{k+1}) ≤ L(w_k) (full loss)", .conclusion, step: k, lhs: run.loss[k + 1], rhs: run.loss[k],
                                  errorBound: run.lossError[k + 1] + run.lossError[k])]
        }
        let perBatch: [[Check]] = (0..<steps).map { k in
            [hyp(k), Check("L_B(w_{k+1}) ≤ L_B(w_k) (batch loss)", .conclusion, step: k, lhs: run.batchAfter[k], rhs: run.batchBefore[k], errorBound: run.batchError[k])]
        }
        let s = max(1, run.stepsPerEpoch)
        let epochs = (run.loss.count - 1) / s
        let perEpoch: [[Check]] = (0..<epochs).map { e in
            let a = e * s, b = (e + 1) * s
            return (a..<b).map(hyp) + [Check("L(end of epoch \(e)) ≤ L(start)", .conclusion, step: e, lhs: run.loss[b], rhs: run.loss[a],
                                              errorBound: run.lossError[a] + run.lossError[b])]
        }
        let notes = run.failure.map { ["run stopped: \($0)"] } ?? []
        return [
            InstanceResult(theorem: id, reading: epochReading, instance: run.label, subInstances: perEpoch, notes: notes),
            InstanceResult(theorem: id, reading: stepReading, instance: run.label, subInstances: perStep, notes: notes),
            InstanceResult(theorem: id, reading: batchReading, instance: run.label, subInstances: perBatch, notes: notes),
        ]
    }

    public static func headlines(_ e: Evidence, results mres: [InstanceResult]) -> [HeadlineClaim] {
        guard let mruns = e.miniBatchRuns else { return [] }
        let plan = e.plan, fmt = GramGaussNewtonStudy.fmt
        func count(_ reading: ReadingID) -> (bad: Int, total: Int, outcome: [Outcome]) {
            let rr = mres.filter { $0.reading == reading }
            return (rr.reduce(0) { $0 + ($1.counts[.counterexample] ?? 0) }, rr.reduce(0) { $0 + $1.counts.total }, rr.map(\.outcome))
        }
        let ep = count(epochReading), st = count(stepReading), ba = count(batchReading)
        let ratios = mruns.compactMap { r -> String? in
            guard let a = r.loss.first, let b = r.loss.last else { return nil }
            return "seed \(r.seed): \(fmt(a)) → \(fmt(b))"
        }
        let verdict: HeadlineClaim.Verdict = ep.outcome.contains(.counterexample) ? .notConfirmed
            : (ep.outcome.contains(.numericalFailure) || ep.outcome.contains(.inconclusive) || ep.outcome.isEmpty ? .inconclusive : .confirmed)
        return [HeadlineClaim(
            claim: "002 (abstract; slides: 'compute the Gram matrix of each batch'): mini-batch GGN converges, its training loss goes down",
            measured: "M = \(plan.miniWidth), m = \(plan.m), batch \(plan.batchSize), step 1, \(plan.epochs) epochs; full loss \(ratios.joined(separator: ", ")); loss rose in \(ep.bad) of \(ep.total) epochs, \(st.bad) of \(st.total) batch steps (full loss), \(ba.bad) of \(ba.total) batch steps (batch loss)",
            verdict: verdict)]
    }
}
