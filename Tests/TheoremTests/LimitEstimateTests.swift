import Foundation
import LinearAlgebra
import Optimizers
import Problems
import TestSupport
import Testing
import Theorems
import Trajectories

/// Φ_∞ of the "Φ* = limit" readings, against closed forms and a long run (Proofs/Convergence.md §5).
@Suite struct LimitEstimateTests {
    /// On an exactly geometric sequence the tail estimate is the exact remaining sum.
    @Test(arguments: [0.1, 0.5, 0.9, 0.99])
    func geometricTailIsExact(q: Double) {
        let s = (0..<20).map { 0.3 * pow(q, Double($0)) }
        let (rate, tail) = LimitEstimate.tailEstimate(s)
        #expect(abs(rate! - q) <= 1e-12 * q)
        let exact = 0.3 * pow(q, 20) / (1 - q)   // Σ_{k ≥ 20} 0.3 q^k
        #expect(abs(tail! - exact) <= 1e-10 * exact)
    }

    @Test func noContractionNoTail() {
        #expect(LimitEstimate.tailEstimate([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]).tail == nil)
        #expect(LimitEstimate.tailEstimate([1, 0.5]).tail == nil, "too few steps to estimate a rate")
        #expect(LimitEstimate.tailEstimate([1, 0.5, 0]).tail == 0, "a fixed point")
    }

    /// Steps that have fallen to the rounding floor hover at about 2u‖Φ‖ with ratios above 1:
    /// that is a stalled run, not a failure to contract (the estimate then uses the last
    /// contraction seen above the floor).
    @Test func floorNoiseIsNotAFailureToContract() {
        let phi = [Double](repeating: 10 / 20.0.squareRoot(), count: 20)   // ‖Φ‖ = 10
        let u = Double.ulpOfOne / 2
        let geometric = (0..<12).map { 1e-12 * pow(0.8, Double($0)) }   // down to 8.6e-14, above the floor
        let noise = [2.1, 3.4, 1.2, 4.0, 2.6, 3.9, 1.8, 2.9, 3.3].map { $0 * u * 10 }
        #expect(LimitEstimate.tailEstimate(geometric + noise).tail == nil, "noise ratios exceed 1")
        #expect(LimitEstimate.stalled(geometric + noise, outputs: phi))
        #expect(!LimitEstimate.stalled(geometric, outputs: phi), "steps above the floor are not noise")
        #expect(abs(LimitEstimate.floor(phi) - 16 * u * 11) <= 1e-12 * LimitEstimate.floor(phi))
    }

    /// A grid instance whose continued run contracts at q ≈ 0.877 with the ratio drifting by a few
    /// per mille per chunk: its check used to sit on the threshold, so Φ_∞ was determined under one
    /// BLAS kernel and not under another. It is determined, and the tail covers a 4000-step limit.
    @Test func nearlyGeometricRunIsDetermined() throws {
        var c = RunConfig()
        c.problem.trainCount = 20; c.problem.testCount = 10; c.problem.width = 40; c.problem.inputDimension = 3
        c.problem.activation = .softplus; c.problem.seed = 1
        c.tau = 1e-3; c.mgOwner = .g; c.steps = 24; c.recordSpectra = false; c.recordTestLoss = false
        let problem = try Problem.make(c.problem)
        let engine = try TrajectoryEngine(problem: problem, config: c)
        let run = engine.run()
        let est = LimitEstimate.estimate(engine, from: run.finalTheta)
        let tail = try #require(est.tail, "Φ_∞ not determined after \(est.extraSteps) steps (last ratio \(est.contraction ?? .nan))")
        var long = engine
        long.rules.steps = 4000
        let far = TrajectoryEngine(objective: long.objective, optimizer: long.optimizer, theta0: run.finalTheta, rules: long.rules).run()
        let limit = problem.network.outputs(theta: far.finalTheta, inputs: problem.trainInputs)
        let actual = Vector.norm2(Vector.sub(est.outputs, limit))
        #expect(actual <= tail + 1e-12, "‖Φ_last − Φ_∞‖ = \(actual) exceeds the estimated tail \(tail)")
        #expect(tail < 1e-6)
    }

    /// The estimate's tail covers the true distance of its last outputs from the limit of a run
    /// continued for 4000 more steps, and the continued run's outputs are closer to it than Φ_T.
    @Test func estimateCoversALongRunLimit() throws {
        var c = RunConfig()
        c.problem.trainCount = 8; c.problem.testCount = 0; c.problem.width = 16; c.problem.inputDimension = 3
        c.tau = 0.01; c.steps = 30; c.recordSpectra = false; c.recordTestLoss = false
        let problem = try Problem.make(c.problem)
        let engine = try TrajectoryEngine(problem: problem, config: c)
        let run = engine.run()
        let est = LimitEstimate.estimate(engine, from: run.finalTheta)
        var long = engine
        long.rules.steps = 4000
        let far = TrajectoryEngine(objective: long.objective, optimizer: long.optimizer, theta0: run.finalTheta, rules: long.rules).run()
        let limit = problem.network.outputs(theta: far.finalTheta, inputs: problem.trainInputs)
        let tail = try #require(est.tail)
        let actual = Vector.norm2(Vector.sub(est.outputs, limit))
        #expect(actual <= tail + 1e-12, "‖Φ_last − Φ_∞‖ = \(actual) exceeds the estimated tail \(tail)")
        let fromT = Vector.norm2(Vector.sub(problem.network.outputs(theta: run.finalTheta, inputs: problem.trainInputs), limit))
        #expect(actual < fromT)
    }

    /// The convergence theorem's limit readings carry the tail in their error bound: on an
    /// instance whose limit is well determined the bound is tiny, and the verdict is that of the
    /// long-run limit.
    @Test func limitReadingUsesTheTail() throws {
        var c = RunConfig()
        c.problem.trainCount = 8; c.problem.testCount = 0; c.problem.width = 16; c.problem.inputDimension = 3
        c.tau = 0.01
        let run = try SuiteRunner.instrumentedRun(c)
        let r = ConvergenceTheorem.evaluate(run).first { $0.reading.rawValue == "J~=jhat v~=zero Phi*=limit" }!
        #expect(r.notes.contains { $0.contains("further steps") })
        let tail = try #require(run.limit.tail)
        #expect(tail < 1e-3)
    }
}
