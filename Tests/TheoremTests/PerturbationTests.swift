import Foundation
import Testing
import TestSupport
import Theorems

/// Each theorem's verdict must move when one input quantity is deliberately falsified: a
/// check that cannot fail is no check. The hooks are test-only edits of the evidence a
/// theorem reads; every registered theorem must have one (a new theorem without one fails
/// `everyTheoremHasAPerturbation`).
@Suite("Perturbed evidence flips verdicts")
struct PerturbationTests {
    /// A falsified copy of a trajectory's quantities and the outcome every reading must then have.
    struct TrajectoryPerturbation: Sendable {
        var what: String
        var apply: @Sendable (inout InstrumentedRun) -> Void
        var expected: Outcome
    }

    static let trajectory: [TheoremID: TrajectoryPerturbation] = [
        ConvergenceTheorem.id: .init(what: "η_t × 10¹² (H1: 1 + M_gη_t ≤ ‖G̃_t‖_F fails)",
                                     apply: { r in for i in r.quantities.indices { r.quantities[i].eta *= 1e12 } }, expected: .vacuous),
        LossDecayTheorem.id: .init(what: "L(θ_{t+1}) raised by 10⁶ (d_ν unchanged)",
                                   apply: { r in for i in r.quantities.indices { r.quantities[i].lossNext += 1e6 } }, expected: .counterexample),
        TauChoiceRule.id: .init(what: "η_0 × 10¹² (the rule 1 + τM_gη_0 ≤ √((m+1)λ_1) fails)",
                                apply: { r in r.quantities[0].eta *= 1e12 }, expected: .vacuous),
        // The default instance leaves the ball (vacuous: an assumption failed); repaired evidence must hold.
        StandingAssumptions.id: .init(what: "GSC ratios, distances from θ_0 and steps set to 0 (every assumption satisfied)",
                                      apply: { r in
                                          for i in r.quantities.indices {
                                              r.quantities[i].gscCoordinateRatio = 0
                                              r.quantities[i].gscSampledRatio = 0
                                              r.quantities[i].stepEuclidean = 0
                                              r.quantities[i].stepLocal = 0
                                          }
                                          for i in r.trajectory.records.indices { r.trajectory.records[i].distanceFromStart = 0 }
                                      }, expected: .holds),
    ]

    static let trajectoryIDs = TheoremRegistry.all.filter { $0.trajectory != nil }.map(\.id)

    @Test("trajectory theorems: falsified evidence gives the expected outcome under every reading", arguments: trajectoryIDs)
    func trajectoryTheorem(_ id: TheoremID) throws {
        let p = try #require(Self.trajectory[id], "no perturbation for \(id)")
        let entry = try #require(TheoremRegistry.theorem(id)?.trajectory)
        let run = try TheoremInstance.grid[0].instrumentedRun()
        let before = entry.evaluate(run)
        var falsified = run
        p.apply(&falsified)
        let after = entry.evaluate(falsified)
        #expect(after.count == before.count)
        for r in after { #expect(r.outcome == p.expected, "\(id) [\(r.reading)] after \(p.what): \(r.outcome)") }
        #expect(zip(before, after).contains { $0.outcome != $1.outcome }, "\(id): \(p.what) changed no verdict (all were \(p.expected) already)")
    }

    @Test("zero-damping limit: a τ-gap that does not shrink makes the claimed Z3 reading a counterexample")
    func zeroDamping() throws {
        let suite = GoldenGrid.sweepSuite(ZeroDampingLimit.id, seed: 0)
        let configs = ZeroDampingLimit.configs(suite)
        let points = try configs.map(ZeroDampingLimit.measure)
        let labels = configs.map(label(for:))
        var sweepLabel = labels[0]
        sweepLabel.width = 0
        let sweep = Sweep(points: points, labels: labels, sweepLabel: sweepLabel)
        let z3 = ReadingID(ZeroDampingLimit.Reading.z3.rawValue)
        let before = ZeroDampingLimit.evaluate(sweep).filter { $0.reading == z3 }
        #expect(!before.isEmpty && before.allSatisfy { $0.outcome == .holds })
        var falsified = sweep
        for i in falsified.points.indices { falsified.points[i].z3 = falsified.points[i].z3.map { _ in 0.5 } }
        let after = ZeroDampingLimit.evaluate(falsified).filter { $0.reading == z3 }
        #expect(after.count == before.count && after.allSatisfy { $0.outcome == .counterexample })
    }

    @Test("every registered theorem has a perturbation test")
    func everyTheoremHasAPerturbation() {
        let covered = Set(Self.trajectory.keys).union([ZeroDampingLimit.id]).union(StudyPerturbations.covered)
        for t in TheoremRegistry.all { #expect(covered.contains(t.id), "no perturbation test flips a verdict of \(t.id)") }
    }
}

/// The theorems `StudyPerturbationTests` falsifies.
enum StudyPerturbations {
    static let covered: Set<TheoremID> = [GramInvertibility.id, QuadraticConvergence.id, MiniBatchDescent.id,
                                          ConditioningSweep.id, OverparameterizedRate.id, UnderparameterizedConvergence.id,
                                          NTKStability.id, HeavyBallDecay.id, NesterovDecay.id, HeavyBallAgainstGD.id]
}
