import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Serialization
import Testing
import Trajectories

@Suite("Trajectories: outcomes, records and traces")
struct TrajectoryTests {
    static func config(_ method: Method = .regularizedGGN(.overparameterized), m: Int = 40, n: Int = 60, steps: Int = 8) -> RunConfig {
        var c = RunConfig()
        c.problem.trainCount = m; c.problem.testCount = 20; c.problem.width = n
        c.method = method; c.steps = steps
        if method == .gradientDescent || method == .gramGaussNewton { c.stepSize = .fixed(method == .gramGaussNewton ? 1 : 0.5) }
        return c
    }

    @Test("every method lowers the loss on the teacher-student problem", arguments: Method.names)
    func lossDecreases(name: String) throws {
        let c = Self.config(Method.named(name)!)
        let problem = try Problem.make(c.problem)
        let traj = try TrajectoryEngine(problem: problem, config: c).run()
        #expect(traj.outcome == .completed)
        #expect(traj.records.count == c.steps + 1)
        let first = traj.records.first!, last = traj.records.last!
        #expect(last.dataLoss < first.dataLoss, "R̂ \(first.dataLoss) → \(last.dataLoss)")
    }

    @Test("recorded quantities match their definitions at each step")
    func recordsAreConsistent() throws {
        let c = Self.config()
        let problem = try Problem.make(c.problem)
        let engine = try TrajectoryEngine(problem: problem, config: c)
        let traj = engine.run(keepIterates: true)
        for (t, r) in traj.records.enumerated() {
            let ev = engine.objective.evaluate(traj.iterates[t])
            #expect(r.loss == ev.loss && r.eta == ev.regularizer.eta)
            let s = try Spectral.svd(ev.jacobian).s
            #expect(abs(r.sigmaMaxJ! - s.first!) <= r.sigmaError! && abs(r.sigmaMinJ! - s.last!) <= r.sigmaError!)
            #expect(abs(r.alpha - 0.5 / (1 + r.mG * r.eta)) <= 1e-15)
            if t + 1 < traj.iterates.count {
                #expect(abs(r.stepNorm - Vector.norm2(Vector.sub(traj.iterates[t + 1], traj.iterates[t]))) <= 1e-12 * max(1, r.stepNorm))
            }
        }
    }

    @Test("a singular Gram matrix is a numerical-failure outcome, not a crash")
    func singularGramIsAnOutcome() throws {
        // m = 60 > p = 3·(1+1): JJᵀ (60×60) has rank ≤ 6.
        var c = Self.config(.gramGaussNewton, m: 60, n: 3, steps: 3)
        c.problem.inputDimension = 1
        let traj = try TrajectoryEngine(problem: try Problem.make(c.problem), config: c).run()
        guard case let .numericalFailure(step, reason) = traj.outcome else {
            Issue.record("expected a numerical failure, got \(traj.outcome)"); return
        }
        #expect(step == 0 && reason.contains("dpotrf"))
    }

    @Test("same config, same trace bytes")
    func traceDeterminism() throws {
        // As every reporting entry point does: multithreaded OpenBLAS rounds by thread count, and
        // tests running beside this one set the count (Matrix+BLAS.swift, BLASThreads).
        BLASThreads.setReproducible()
        let c = Self.config()
        let a = try TrajectoryEngine(problem: try Problem.make(c.problem), config: c).run(keepIterates: true)
        let b = try TrajectoryEngine(problem: try Problem.make(c.problem), config: c).run(keepIterates: true)
        #expect(Trace.render(a, includeTheta: true) == Trace.render(b, includeTheta: true))
        let line = Trace.line(a.records[0])
        for key in ["step", "loss", "sigma_min_J", "sigma_max_J", "eta", "alpha", "M_g", "theta_norm"] {
            #expect(line.contains("\"\(key)\":"), "trace line lacks \(key)")
        }
    }
}
