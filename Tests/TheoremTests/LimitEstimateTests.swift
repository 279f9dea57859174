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
