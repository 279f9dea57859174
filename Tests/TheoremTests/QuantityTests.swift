import Foundation
import GSCCore
import LinearAlgebra
import Optimizers
import Problems
import Quantities
import Regularizers
import Testing
import Theorems
import Trajectories

/// Each quantity against an independent computation on a tiny problem.
@Suite("Quantities against independent computations")
struct QuantityTests {
    static func tiny(tau: Double = 0.05) throws -> (Objective, PointEvaluation) {
        var c = RunConfig()
        c.problem.trainCount = 6; c.problem.testCount = 0; c.problem.width = 4; c.problem.inputDimension = 2
        c.tau = tau
        let p = try Problem.make(c.problem)
        let obj = Objective(problem: p, regularizer: try c.regularizer())
        return (obj, obj.evaluate(p.theta0))
    }

    /// Gauss-Jordan inverse with partial pivoting, written out (no LAPACK).
    static func inverse(_ a: Matrix) -> Matrix {
        let n = a.rows
        var m = a, inv = Matrix.identity(n)
        for c in 0..<n {
            let piv = (c..<n).max { abs(m[$0, c]) < abs(m[$1, c]) }!
            for j in 0..<n { (m[c, j], m[piv, j]) = (m[piv, j], m[c, j]); (inv[c, j], inv[piv, j]) = (inv[piv, j], inv[c, j]) }
            let d = m[c, c]
            for j in 0..<n { m[c, j] /= d; inv[c, j] /= d }
            for r in 0..<n where r != c {
                let f = m[r, c]
                for j in 0..<n { m[r, j] -= f * m[c, j]; inv[r, j] -= f * inv[c, j] }
            }
        }
        return inv
    }

    static func naive(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, cols: b.cols)
        for i in 0..<a.rows { for j in 0..<b.cols { var s = 0.0; for k in 0..<a.cols { s += a[i, k] * b[k, j] }; c[i, j] = s } }
        return c
    }

    @Test("G̃ = J̃H⁻¹Ĵᵀ(I + Q̂ĴH⁻¹Ĵᵀ)⁻¹ against explicit inverses, both readings of J̃")
    func gTildeExplicit() throws {
        let (_, ev) = try Self.tiny()
        let m = ev.sampleCount, p = ev.parameterCount
        var jHat = Matrix(rows: m + 1, cols: p)
        for j in 0..<p { for i in 0..<m { jHat[i, j] = ev.jacobian[i, j] }; jHat[m, j] = ev.regularizer.gradient[j] }
        let hInv = Matrix.diagonal(ev.regularizer.hessianDiagonal.map { 1 / $0 })
        var qHat = Matrix(rows: m + 1, cols: m + 1)
        for i in 0..<m { qHat[i, i] = 1 / Double(m) }
        let k = Self.naive(Self.naive(jHat, hInv), jHat.transposed)
        let aInv = Self.inverse(Matrix.identity(m + 1) + Self.naive(qHat, k))
        let (_, system) = try RegularizedGGN.overparameterizedDirection(ev)
        for reading in JTildeReading.allCases {
            var jTilde = jHat
            if reading == .jzero { for j in 0..<p { jTilde[m, j] = 0 } }
            let expected = Self.naive(Self.naive(Self.naive(jTilde, hInv), jHat.transposed), aInv)
            let got = try GTilde.matrix(system: system, reading: reading)
            #expect((got - expected).frobeniusNorm <= 1e-12 * expected.frobeniusNorm, "\(reading)")
            let s = try GTilde.summarize(got, reading: reading, e: ev.e, residual: ev.residual, rcond: 1, parameterCount: p, spectrum: true)
            #expect(abs(s.g22 - expected[m, m]) <= 1e-12 * expected.frobeniusNorm)
            var cross = 0.0
            for i in 0..<m { cross += (expected[m, i] + expected[i, m]) * ev.e[i] }
            #expect(abs(s.crossE - cross) <= 1e-12 * expected.frobeniusNorm)
            // êᵀG̃ê = eᵀG̃11e + ⟨G̃21ᵀ + G̃12, e⟩ + G̃22 (the block expansion of Proofs/Convergence.md).
            var eg11e = 0.0
            for i in 0..<m { for j in 0..<m { eg11e += ev.e[i] * expected[i, j] * ev.e[j] } }
            #expect(abs(s.quadraticForm - (eg11e + cross + expected[m, m])) <= 1e-12 * expected.frobeniusNorm)
            let sv = try Spectral.svd(expected).s
            #expect(abs(s.lambdaMaxGtG! - sv.first! * sv.first!) <= 1e-10 * sv.first! * sv.first!)
        }
        // Ĝê = J·d: the function-space step of 000 "Regularization with stability".
        let (d, sys) = try RegularizedGGN.overparameterizedDirection(ev)
        let g = try GTilde.matrix(system: sys, reading: .jhat)
        var eHat = ev.e; eHat.append(1)
        let gHatE = Array(Matrix.multiply(g, eHat)[0..<m])
        #expect(maxAbs(Vector.sub(gHatE, Matrix.multiply(ev.jacobian, d))) <= 1e-12 * Vector.norm2(gHatE))
    }

    /// ω_ν(τ) = ∫₀¹(1−s)(1−sτ)^{−2/(ν−2)}ds (ν > 2), ∫₀¹(1−s)e^{sτ}ds (ν = 2): composite
    /// 16-point Gauss-Legendre on 64 panels (exact to ~1e-15 for these smooth integrands).
    @Test("ω_ν against numerical integration of its defining bound", arguments: [2.0, 2.6, 3.0, 3.5, 4.0])
    func omega(nu: Double) {
        for tau in [-3.0, -1, -0.3, -1e-3, -1e-9, 1e-9, 1e-4, 0.1, 0.24, 0.26, 0.5, 0.8, 0.95] {
            let f: (Double) -> Double = nu == 2 ? { (1 - $0) * exp($0 * tau) } : { (1 - $0) * pow(1 - $0 * tau, -2 / (nu - 2)) }
            let exact = gaussLegendre(f, panels: 64)
            let got = GSCFunctions.omega(nu: nu, tau)
            #expect(abs(got - exact) <= 1e-12 * abs(exact), "ω_\(nu)(\(tau)) = \(got), quadrature \(exact)")
        }
        #expect(abs(GSCFunctions.omega(nu: nu, 0) - 0.5) <= 4 * Double.ulpOfOne)  // series prefactors round
        // At τ = 1: ∫₀¹(1−s)^{1−2/(ν−2)}ds = (ν−2)/(2(ν−3)) for ν > 3, divergent for 2 < ν ≤ 3.
        if nu > 3 { #expect(abs(GSCFunctions.omega(nu: nu, 1) - (nu - 2) / (2 * (nu - 3))) <= 1e-15) }
        else if nu > 2 { #expect(GSCFunctions.omega(nu: nu, 1) == .infinity) }
    }

    @Test("d_ν: M‖y−x‖ at ν = 2, (ν/2−1)M‖y−x‖^{3−ν}‖y−x‖_x^{ν−2} above")
    func dNu() {
        #expect(GSCFunctions.dNu(nu: 2, M: 3, euclidean: 0.5, local: 7) == 1.5)
        #expect(abs(GSCFunctions.dNu(nu: 3, M: 2, euclidean: 0.5, local: 0.25) - 0.25) <= 1e-16)
        #expect(abs(GSCFunctions.dNu(nu: 2.6, M: 2, euclidean: 4, local: 9) - 0.3 * 2 * pow(4, 0.4) * pow(9, 0.6)) <= 1e-14)
    }

    @Test("recorded σ's, loss decay terms and GSC ratios against direct evaluation", arguments: SigmaRoute.allCases)
    func recorderAgrees(route: SigmaRoute) throws {
        var c = RunConfig()
        c.sigmaRoute = route
        c.problem.trainCount = 12; c.problem.testCount = 0; c.problem.width = 10; c.problem.inputDimension = 2
        c.steps = 3
        let p = try Problem.make(c.problem)
        let engine = try TrajectoryEngine(problem: p, config: c)
        let rec = QuantityRecorder(objective: engine.objective, config: c)
        let traj = engine.run(keepIterates: true) { t, ev, step, next in try rec.observe(t: t, ev: ev, step: step, next: next) }
        #expect(rec.steps.count == 3)
        for s in rec.steps {
            let ev = engine.objective.evaluate(traj.iterates[s.step])
            if route == .interval { #expect(s.sigmaMethod == .gramInterval) }
            let sv = try Spectral.svd(ev.jacobian).s   // dense SVD, not the recorder's route
            let errSV = Spectral.singularValueErrorBound(rows: ev.jacobian.rows, cols: ev.jacobian.cols, sigmaMax: sv.first!)
            #expect(abs(s.sigmaMax - sv.first!) <= s.sigmaMaxError + errSV && abs(s.sigmaMin - sv.last!) <= s.sigmaMinError + errSV)
            #expect(abs(s.lossNext - engine.objective.loss(traj.iterates[s.step + 1])) <= 1e-14)
            // GSC ratio on u = v = e_i: |g'''_i| / g''_i^{ν/2}, by hand for pseudo-Huber.
            var worst = 0.0
            let mu = c.resolvedMu
            for t in ev.theta {
                let r = (mu * mu + t * t).squareRoot()
                worst = max(worst, c.tau * 3 * mu * mu * abs(t) / pow(r, 5) / pow(c.tau * mu * mu / pow(r, 3), 1.3))
            }
            #expect(abs(s.gscCoordinateRatio - worst) <= 1e-12 * worst)
        }
    }

    @Test("the linearization residual matches its second-order prediction for short steps")
    func linearization() throws {
        let (obj, ev) = try Self.tiny()
        let (d, _) = try RegularizedGGN.overparameterizedDirection(ev)
        for alpha in [1e-2, 1e-3] {
            let next = Vector.axpy(ev.theta, -alpha, d)
            let phi = obj.problem.network.outputs(theta: next, inputs: obj.problem.trainInputs)
            let lin = Vector.axpy(ev.outputs, -alpha, Matrix.multiply(ev.jacobian, d))
            let res = Vector.sub(phi, lin)
            let pred = obj.problem.network.secondDirectionalDerivative(theta: ev.theta, inputs: obj.problem.trainInputs, direction: d).map { 0.5 * alpha * alpha * $0 }
            #expect(Vector.norm2(Vector.sub(res, pred)) <= 0.05 * Vector.norm2(pred), "α = \(alpha)")
        }
    }
}

func maxAbs(_ x: [Double]) -> Double { x.reduce(0) { max($0, abs($1)) } }

/// Composite Gauss-Legendre quadrature on [0, 1] (8 nodes per panel).
func gaussLegendre(_ f: (Double) -> Double, panels: Int) -> Double {
    let x: [Double] = [0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363]
    let w: [Double] = [0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763]
    var sum = 0.0
    let h = 1.0 / Double(panels)
    for k in 0..<panels {
        let mid = (Double(k) + 0.5) * h
        for i in 0..<4 {
            sum += w[i] * (f(mid - 0.5 * h * x[i]) + f(mid + 0.5 * h * x[i]))
        }
    }
    return sum * 0.5 * h
}
