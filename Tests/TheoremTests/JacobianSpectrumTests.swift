import Foundation
import LinearAlgebra
import Problems
import Quantities
import Testing
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
}
