import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Regularizers
import SeededRandom
import Testing
import Trajectories
import TwoLayerNetwork

@Suite("GGN steps: the two forms agree (Woodbury), exact on linear models")
struct StepTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let m: Int, n: Int, n0: Int, tau: Double, activation: Activation, penalty: String, seed: UInt64
        var testDescription: String { "m=\(m) n=\(n) n0=\(n0) τ=\(tau) \(activation.rawValue) \(penalty) seed=\(seed)" }
    }

    static let cases: [Case] = [
        Case(m: 20, n: 30, n0: 3, tau: 1e-3, activation: .silu, penalty: "pseudo-huber", seed: 1),
        Case(m: 50, n: 100, n0: 5, tau: 1e-1, activation: .tanh, penalty: "pseudo-huber", seed: 2),
        Case(m: 40, n: 60, n0: 4, tau: 1e-5, activation: .softplus, penalty: "quadratic", seed: 3),
        Case(m: 200, n: 500, n0: 5, tau: 1e-3, activation: .silu, penalty: "pseudo-huber", seed: 4),
        Case(m: 60, n: 8, n0: 2, tau: 1e-2, activation: .silu, penalty: "pseudo-huber", seed: 5),  // underparameterized
    ]

    static func evaluation(_ c: Case) throws -> PointEvaluation {
        var cfg = RunConfig()
        cfg.problem.trainCount = c.m; cfg.problem.testCount = 0; cfg.problem.width = c.n
        cfg.problem.inputDimension = c.n0; cfg.problem.activation = c.activation; cfg.problem.seed = c.seed
        cfg.tau = c.tau; cfg.penaltyName = c.penalty
        let problem = try Problem.make(cfg.problem)
        return Objective(problem: problem, regularizer: try cfg.regularizer()).evaluate(problem.theta0)
    }

    /// (ĴᵀQ̂Ĵ + H)⁻¹Ĵᵀ = H⁻¹Ĵᵀ(I + Q̂ĴH⁻¹Ĵᵀ)⁻¹ (Proofs/RegularizedGGN.md §2). The two sides are
    /// computed by different factorizations (p×p Cholesky, (m+1)×(m+1) LU); their agreement
    /// is limited by the conditioning of the systems, far below 1e-9 here.
    @Test("parameter-space and overparameterized directions agree to 1e-9 relative", arguments: cases)
    func woodbury(_ c: Case) throws {
        let ev = try Self.evaluation(c)
        let dP = try RegularizedGGN.parameterSpaceDirection(ev)
        let (dO, _) = try RegularizedGGN.overparameterizedDirection(ev)
        let rel = Vector.norm2(Vector.sub(dP, dO)) / Vector.norm2(dP)
        #expect(rel <= 1e-9, "relative gap \(rel)")
    }

    static func linearEvaluation(m: Int, p: Int, theta: [Double], a: Matrix, y: [Double], reg: Regularizer) -> PointEvaluation {
        let phi = Matrix.multiply(a, theta)
        return PointEvaluation(theta: theta, outputs: phi, jacobian: a, residual: Vector.sub(phi, y), regularizer: reg.evaluate(theta))
    }

    @Test("on Φ = Aθ one full Gram-Gauss-Newton step interpolates; one full GGN step with ½τ‖θ‖² hits the ridge solution",
          arguments: [(5, 12), (10, 40), (30, 31)])
    func linearModel(shape: (Int, Int)) throws {
        let (m, p) = shape
        var rng = SeededSampler(seed: UInt64(m * 1000 + p))
        let a = Matrix(rows: m, cols: p, columnMajor: rng.normals(m * p))
        let y = rng.normals(m)
        let theta = rng.normals(p)
        let tau = 0.05
        let reg = Regularizer(penalty: .quadratic, tau: tau)
        let ev = Self.linearEvaluation(m: m, p: p, theta: theta, a: a, y: y, reg: reg)
        // Gram-GN: A θ⁺ = y exactly, θ⁺ − θ in the row space of A.
        let next = Vector.axpy(theta, -1, try GramGaussNewton.direction(ev))
        #expect(Vector.norm2(Vector.sub(Matrix.multiply(a, next), y)) <= 1e-10 * Vector.norm2(y))
        // Regularized GGN with g = τ/2‖θ‖²: Newton on a quadratic, so θ⁺ = (AᵀA/m + τI)⁻¹Aᵀy/m.
        var normal = Matrix.gram(a, transpose: true, alpha: 1 / Double(m))
        for i in 0..<p { normal[i, i] += tau }
        let ridge = try LU(normal).solve(Matrix.multiply(a, transpose: true, y, alpha: 1 / Double(m)))
        for form in [GGNForm.parameterSpace, .overparameterized] {
            let d = form == .parameterSpace ? try RegularizedGGN.parameterSpaceDirection(ev) : try RegularizedGGN.overparameterizedDirection(ev).0
            let got = Vector.axpy(theta, -1, d)
            #expect(Vector.norm2(Vector.sub(got, ridge)) <= 1e-9 * Vector.norm2(ridge), "\(form)")
        }
    }

    @Test("gradient descent's direction is ∇L, checked by finite differences of L")
    func gradientDirection() throws {
        let c = Self.cases[0]
        var cfg = RunConfig()
        cfg.problem.trainCount = c.m; cfg.problem.width = c.n; cfg.problem.inputDimension = c.n0; cfg.problem.testCount = 0
        cfg.method = .gradientDescent; cfg.stepSize = .fixed(0.1); cfg.tau = 0.01
        let problem = try Problem.make(cfg.problem)
        let obj = Objective(problem: problem, regularizer: try cfg.regularizer())
        var st = Method.gradientDescent.optimizer(objective: obj, stepSize: .fixed(0.1), mgOwner: .gBar)
        let d = try st.step(obj.evaluate(problem.theta0), iteration: 0, objective: obj).direction
        var rng = SeededSampler(seed: 9)
        let u = rng.normals(d.count)
        let h = 1e-6
        let fd = (obj.loss(Vector.axpy(problem.theta0, h, u)) - obj.loss(Vector.axpy(problem.theta0, -h, u))) / (2 * h)
        #expect(abs(fd - Vector.dot(d, u)) <= 1e-6 * max(1, abs(fd)))
    }
}
