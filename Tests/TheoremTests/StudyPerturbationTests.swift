import Foundation
import Testing
import Trajectories
import Optimizers
import TestSupport
import Theorems

/// The companion papers' theorems under falsified evidence: each perturbation makes the
/// theorem's inequality false (or true) by construction, so its verdict must follow.
@Suite("Perturbed study evidence flips verdicts")
struct StudyPerturbationTests {
    /// Evaluates `evaluate` on `evidence` and on a perturbed copy; the results `where` selects
    /// must all have `expected` afterwards, and at least one of them must have changed.
    static func flips<E>(_ id: TheoremID, _ evidence: E, evaluate: (E) -> [InstanceResult], perturb: (inout E) -> Void,
                         where select: (ReadingID) -> Bool = { _ in true }, expected: Outcome) {
        let before = evaluate(evidence).filter { select($0.reading) }
        var falsified = evidence
        perturb(&falsified)
        let after = evaluate(falsified).filter { select($0.reading) }
        #expect(!after.isEmpty && after.count == before.count, "\(id): \(before.count) results before, \(after.count) after")
        for r in after { #expect(r.outcome == expected, "\(id) [\(r.reading)] \(r.instance.arguments.joined(separator: " ")): \(r.outcome), expected \(expected)") }
        #expect(zip(before, after).contains { $0.outcome != $1.outcome }, "\(id): the perturbation changed no verdict")
    }

    static func suite(_ ids: [TheoremID]) -> SuiteSpec { GoldenGrid.studySuite(ids, seed: 0) }

    @Test("002: a negative λ_min, a loss that grows, a residual the Taylor bound cannot cover")
    func gramGaussNewton() {
        let e = GramGaussNewtonStudy.measure(Self.suite(GramGaussNewtonStudy.infos.map(\.id)), progress: nil)
        Self.flips(GramInvertibility.id, e, evaluate: GramInvertibility.evaluate, perturb: { e in
            for i in e.runs.indices { for t in e.runs[i].lambda.indices { e.runs[i].lambda[t].lambdaMin = -1 } }
        }, expected: .counterexample)
        // The claimed Taylor reading: with no step and no linear residual its bound is 0 < ‖f_{t+1} − y‖.
        Self.flips(QuadraticConvergence.id, e, evaluate: QuadraticConvergence.evaluate, perturb: { e in
            for i in e.runs.indices {
                e.runs[i].stepNorm = e.runs[i].stepNorm.map { _ in 0 }
                e.runs[i].linearResidual = e.runs[i].linearResidual.map { _ in 0 }
            }
        }, where: { $0 == QuadraticConvergence.taylorReading }, expected: .counterexample)
        Self.flips(MiniBatchDescent.id, e, evaluate: MiniBatchDescent.evaluate, perturb: { e in
            for i in e.miniBatchRuns!.indices {
                e.miniBatchRuns![i].loss = e.miniBatchRuns![i].loss.indices.map { Double($0 + 1) }
                e.miniBatchRuns![i].batchAfter = e.miniBatchRuns![i].batchBefore.map { 2 * $0 + 1 }
            }
        }, expected: .counterexample)
    }

    @Test("003: iteration counts that grow with 1/λ_min, losses that stall, a gap that doubles")
    func dampedGaussNewton() {
        let e = DampedGaussNewtonStudy.measure(Self.suite(DampedGaussNewtonStudy.infos.map(\.id)), progress: nil)
        Self.flips(ConditioningSweep.id, e, evaluate: ConditioningSweep.evaluate, perturb: { e in
            for i in e.sweep.indices where e.sweep[i].point != nil {
                let grow = Int(1 / e.sweep[i].point!.lambdaMin)
                for k in e.sweep[i].point!.gn.indices { e.sweep[i].point!.gn[k].outcome = .converged(step: grow) }
                e.sweep[i].point!.gd.outcome = .converged(step: 10)
            }
        }, expected: .counterexample)
        // Curvature-aware damping sits exactly at the hypothesis λ_t ≤ λ_min(K_t) (an equality, so
        // undecided in floating point); halved it holds strictly, and a loss that never moves then
        // breaks the conclusion.
        Self.flips(OverparameterizedRate.id, e, evaluate: OverparameterizedRate.evaluate, perturb: { e in
            for i in e.sweep.indices where e.sweep[i].point != nil {
                for k in e.sweep[i].point!.gn.indices {
                    for t in e.sweep[i].point!.gn[k].records.indices {
                        e.sweep[i].point!.gn[k].records[t].loss = 1
                        e.sweep[i].point!.gn[k].records[t].damping = e.sweep[i].point!.gn[k].records[t].damping.map { $0 * 0.5 }
                    }
                }
            }
        }, where: { $0.rawValue.contains("curvature-aware") }, expected: .counterexample)
        Self.flips(UnderparameterizedConvergence.id, e, evaluate: UnderparameterizedConvergence.evaluate, perturb: { e in
            // L* known exactly (the quick-scale run leaves it undetermined: DampedGaussNewton.md §6).
            e.under!.lStarErr = 0
            e.under!.gaps = e.under!.gaps.indices.map { e.under!.gaps[0] * pow(2, Double($0)) }
        }, expected: .counterexample)
    }

    @Test("004: a kernel that collapses, losses above the bound, a Nesterov loss that stalls, a GD that never arrives")
    func momentumDynamics() {
        let e = MomentumDynamicsStudy.measure(Self.suite(MomentumDynamicsStudy.infos.map(\.id)), progress: nil)
        func edit(_ e: inout MomentumDynamicsStudy.Evidence, _ runs: [WritableKeyPath<MomentumDynamicsStudy.Measurement, Trajectory>],
                  _ f: (inout StepRecord, MomentumDynamicsStudy.Measurement) -> Void) {
            for i in e.measured.indices {
                let me = e.measured[i]
                for k in runs { for r in e.measured[i][keyPath: k].records.indices { f(&e.measured[i][keyPath: k].records[r], me) } }
            }
        }
        let all: [WritableKeyPath<MomentumDynamicsStudy.Measurement, Trajectory>] = [\.hbFlow, \.hbFlowRef, \.hbDiscrete, \.nagFlow, \.nagFlowRef, \.nagDiscrete, \.gdFlow, \.gdDiscrete]
        Self.flips(NTKStability.id, e, evaluate: NTKStability.evaluate, perturb: { e in
            edit(&e, all) { r, me in r.gram?.lambdaMin = 0.1 * me.lambda0 }
        }, expected: .counterexample)
        Self.flips(HeavyBallDecay.id, e, evaluate: HeavyBallDecay.evaluate, perturb: { e in
            edit(&e, [\.hbFlow, \.hbFlowRef, \.hbDiscrete]) { r, _ in r.loss *= 1e6 }
        }, expected: .counterexample)
        Self.flips(NesterovDecay.id, e, evaluate: NesterovDecay.evaluate, perturb: { e in
            edit(&e, [\.nagFlow, \.nagFlowRef, \.nagDiscrete]) { r, me in r.loss = me.loss0 }
        }, expected: .counterexample)
        // Gradient descent that never reaches ε: heavy ball is then faster under the run-based readings.
        Self.flips(HeavyBallAgainstGD.id, e, evaluate: HeavyBallAgainstGD.evaluate, perturb: { e in
            edit(&e, [\.gdFlow, \.gdDiscrete]) { r, me in r.loss = me.loss0 }
        }, where: { $0 != "rates" }, expected: .holds)
    }
}
