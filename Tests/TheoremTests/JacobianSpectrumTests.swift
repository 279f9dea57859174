import Foundation
import LinearAlgebra
import Problems
import Quantities
import Testing
import Theorems
import Trajectories
import TwoLayerNetwork

/// σ_min(J), σ_max(J) by both routes against the dense SVD of the same J (Proofs/Numerics.md §2):
/// every reported interval must contain the true values, and the route choice must follow the rule.
@Suite("σ(J): estimated Gram intervals and the orthogonal route")
struct JacobianSpectrumTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let m: Int, n: Int, n0: Int
        var testDescription: String { "m=\(m) n=\(n) n0=\(n0) (p=\(n * n0 + n))" }
    }

    static func setUp(_ c: Case) throws -> (TwoLayerNetwork, Matrix, [Double], Matrix) {
        var spec = ProblemSpec()
        spec.trainCount = c.m; spec.testCount = 0; spec.inputDimension = c.n0; spec.width = c.n; spec.seed = 5
        let p = try TeacherStudent.make(spec)
        let jac = p.network.outputsAndJacobian(theta: p.theta0, inputs: p.trainInputs).1
        return (p.network, p.trainInputs, p.theta0, jac)
    }

    /// Dense SVD (with vectors: a different LAPACK path from the routes) and its error bound.
    static func truth(_ jac: Matrix) throws -> (min: Double, max: Double, err: Double) {
        let s = try Spectral.svd(jac).s
        let sMin = jac.rows > jac.cols ? 0 : s.last!
        return (sMin, s.first!, Spectral.singularValueErrorBound(rows: jac.rows, cols: jac.cols, sigmaMax: s.first!))
    }

    static func contains(_ r: JacobianSpectrum, _ t: (min: Double, max: Double, err: Double)) -> Bool {
        abs(r.sigmaMin - t.min) <= r.sigmaMinError + t.err && abs(r.sigmaMax - t.max) <= r.sigmaMaxError + t.err
    }

    @Test("overparameterized, well-conditioned J: the Gram interval is taken, tight, and contains the SVD's values",
          arguments: [Case(m: 12, n: 300, n0: 3), Case(m: 16, n: 500, n0: 6)])
    func wellConditioned(_ c: Case) throws {
        let (net, x, theta, jac) = try Self.setUp(c)
        let t = try Self.truth(jac)
        let r = try JacobianSpectrum.compute(network: net, theta: theta, inputs: x, jacobian: jac)
        #expect(r.method == .gramInterval)
        #expect(Self.contains(r, t), "\(r) vs \(t)")
        #expect(r.sigmaMinError <= JacobianSpectrum.gramRelativeTolerance * r.sigmaMin)
        // Tolerance 0 forbids the Gram route; the orthogonal route's error is O(ε·σ_max).
        let q = try JacobianSpectrum.compute(network: net, theta: theta, inputs: x, jacobian: jac, tolerance: 0)
        #expect(q.method == .orthogonal && Self.contains(q, t))
        #expect(q.sigmaMinError == Spectral.singularValueErrorBound(rows: c.m, cols: jac.cols, sigmaMax: q.sigmaMax))
        // A previous step with κ = 10¹² predicts failure: the Gram attempt is skipped.
        let prev = JacobianSpectrum(sigmaMin: 1e-12, sigmaMax: 1, sigmaMinError: 0, sigmaMaxError: 0, method: .orthogonal)
        let h = try JacobianSpectrum.compute(network: net, theta: theta, inputs: x, jacobian: jac, previous: prev)
        #expect(h.method == .orthogonal)
    }

    @Test("rank-deficient J (m > p): σ_min = 0 lies in the Gram interval; the accurate route falls back to QR",
          arguments: [Case(m: 40, n: 4, n0: 2), Case(m: 60, n: 10, n0: 3)])
    func rankDeficient(_ c: Case) throws {
        let (net, x, theta, jac) = try Self.setUp(c)
        let t = try Self.truth(jac)
        let g = try JacobianSpectrum.compute(network: net, theta: theta, inputs: x, jacobian: jac, route: .interval)
        #expect(g.method == .gramInterval)
        #expect(g.sigmaMin - g.sigmaMinError <= 0, "interval [\(g.sigmaMin - g.sigmaMinError), \(g.sigmaMin + g.sigmaMinError)] must hold 0")
        #expect(Self.contains(g, t))
        let a = try JacobianSpectrum.compute(network: net, theta: theta, inputs: x, jacobian: jac)
        #expect(a.method == .orthogonal && Self.contains(a, t))
        #expect(a.sigmaMinError < g.sigmaMinError)
    }

    /// `--sigma refine`: a wide Gram interval is refined exactly where the engine's question says
    /// so, and the refined value is the orthogonal route's on the same J, bit for bit.
    @Test("refine route: wide intervals refined only where asked, tight ones never")
    func refineFollowsTheQuestion() throws {
        var c = RunConfig()
        c.sigmaRoute = .refine
        c.problem.trainCount = 40; c.problem.testCount = 0; c.problem.width = 4; c.problem.inputDimension = 2  // m > p: σ_min = 0, wide
        c.steps = 4
        let p = try Problem.make(c.problem)
        func record(_ ask: (@Sendable (StepQuantities) -> Bool)?) throws -> QuantityRecorder {
            let engine = try TrajectoryEngine(problem: p, config: c)
            let rec = QuantityRecorder(objective: engine.objective, config: c, needsRefinement: ask)
            _ = engine.run(keepIterates: false) { t, ev, step, next in try rec.observe(t: t, ev: ev, step: step, next: next) }
            return rec
        }
        let never = try record { _ in false }, odd = try record { $0.step % 2 == 1 }, unasked = try record(nil)
        #expect(never.refinedSteps.isEmpty && never.steps.allSatisfy { $0.sigmaMethod == .gramInterval && !$0.spectrum.isTight() })
        #expect(odd.refinedSteps == [1, 3])
        #expect(unasked.refinedSteps == [0, 1, 2, 3])   // no question: every wide interval, as --sigma accurate
        let engine = try TrajectoryEngine(problem: p, config: c)
        let traj = engine.run(keepIterates: true)
        for s in odd.steps {
            let jac = engine.objective.evaluate(traj.iterates[s.step]).jacobian
            if s.step % 2 == 1 {
                #expect(s.spectrum == (try JacobianSpectrum.orthogonalRoute(jac)))
            } else {
                #expect(s.spectrum == never.steps[s.step].spectrum)
            }
        }
        // A well-conditioned J has a tight interval: nothing to refine, whatever the question.
        c.problem.trainCount = 12; c.problem.width = 300; c.problem.inputDimension = 3
        let tightProblem = try Problem.make(c.problem)
        let e2 = try TrajectoryEngine(problem: tightProblem, config: c)
        let rec = QuantityRecorder(objective: e2.objective, config: c, needsRefinement: { _ in true })
        _ = e2.run(keepIterates: false) { t, ev, step, next in try rec.observe(t: t, ev: ev, step: step, next: next) }
        #expect(rec.refinedSteps.isEmpty && rec.steps.allSatisfy { $0.sigmaMethod == .gramInterval && $0.spectrum.isTight() })
    }

    @Test("a check counts as decided at the interval's width only beyond twice its error bound")
    func decisionRule() {
        #expect(SpectrumRefinement.isDecided(Check("a", .conclusion, lhs: 0, rhs: 1, errorBound: 0.49)))
        #expect(SpectrumRefinement.isDecided(Check("a", .conclusion, lhs: 1, rhs: 0, errorBound: 0.49)))
        #expect(!SpectrumRefinement.isDecided(Check("a", .conclusion, lhs: 0, rhs: 1, errorBound: 0.5)))
        #expect(!SpectrumRefinement.isDecided(Check("a", .conclusion, lhs: .nan, rhs: 1, errorBound: 0)))
        #expect(!SpectrumRefinement.isDecided(Check("a", .conclusion, lhs: 0, rhs: 1, errorBound: .infinity)))
    }
}
