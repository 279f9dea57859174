import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Regularizers
import Testing
import Trajectories
import TwoLayerNetwork

/// The streamed passes (J never formed) against the dense implementations on small problems:
/// Φ, the structured Gram, Jᵀw and J(Jᵀw), the Gram-Gauss-Newton step and the regularized GGN
/// step. Each runs with one neuron per block, a few, and every neuron in one block: the same
/// numbers to rounding, which is what lets the block (and so the memory) be as small as wanted.
@Suite("Streamed passes over neuron blocks against the dense J")
struct StreamedStepTests {
    static let blocks = [1, 7, 1 << 20]

    static func problem(m: Int, n: Int, n0: Int, activation: Activation = .silu, seed: UInt64 = 5) throws -> Problem {
        var spec = ProblemSpec()
        spec.trainCount = m; spec.testCount = 0; spec.width = n; spec.inputDimension = n0
        spec.activation = activation; spec.seed = seed
        return try Problem.make(spec)
    }

    static func rel(_ a: [Double], _ b: [Double]) -> Double { Vector.norm2(Vector.sub(a, b)) / Vector.norm2(b) }

    @Test("Φ, JJᵀ, Jᵀw and J(Jᵀw) agree with the dense J to 1e-13", arguments: blocks)
    func products(block: Int) throws {
        for (activation, n) in [(Activation.silu, 30), (.tanh, 9), (.softplus, 70)] {
            let p = try Self.problem(m: 12, n: n, n0: 3, activation: activation)
            let net = p.network, x = p.trainInputs, theta = p.theta0
            let (phi, jac) = net.outputsAndJacobian(theta: theta, inputs: x)
            let dense = net.jacobianGram(theta: theta, inputs: x)
            let (sPhi, sGram) = net.streamedOutputsAndGram(theta: theta, inputs: x, blockSize: block)
            #expect(Self.rel(sPhi, phi) <= 1e-14)
            #expect(Self.rel(net.streamedOutputs(theta: theta, inputs: x, blockSize: block), phi) <= 1e-14)
            // Both are within their rigorous bounds of the same J_cJ_cᵀ (when Z_b has Z's bits).
            let gap = (sGram.gram - dense.gram).frobeniusNorm
            #expect(gap <= 1e-13 * dense.gram.frobeniusNorm && gap <= sGram.errorBound + dense.errorBound, "Gram gap \(gap)")
            #expect(sGram.frobeniusSquaredBound >= jac.frobeniusNorm * jac.frobeniusNorm)
            let w = p.trainTargets
            let (jtw, back) = net.streamedTransposeProduct(theta: theta, inputs: x, w, applyBack: true, blockSize: block)
            let denseJtw = Matrix.multiply(jac, transpose: true, w)
            #expect(Self.rel(jtw, denseJtw) <= 1e-13)
            #expect(Self.rel(back!, Matrix.multiply(jac, denseJtw)) <= 1e-13)
        }
    }

    @Test("the streamed Gram-Gauss-Newton step is the dense one to 100·κ(G)·u, and solves J d = r", arguments: blocks)
    func gramGaussNewton(block: Int) throws {
        let p = try Self.problem(m: 10, n: 40, n0: 3)
        let objective = Objective(unregularized: p)
        let ev = objective.evaluate(p.theta0)
        let dense = try GramGaussNewton.direction(ev)
        let sev = objective.streamedEvaluate(p.theta0, blockSize: block)
        #expect(sev.jacobian.cols == 0)
        #expect(Self.rel(sev.outputs, ev.outputs) <= 1e-14)
        let (d, jd) = try StreamedGramGaussNewton.direction(gram: sev.streamedGram!.gram, residual: sev.residual, theta: p.theta0,
                                                            network: p.network, inputs: p.trainInputs, blockSize: block)
        // The two Gram matrices differ by rounding (structured vs dsyrk), so the solves agree to
        // about κ(G)·u, not to u: the test allows 100·κ(G)·u.
        let eig = try Spectral.symmetricEigenvalues(Matrix.gram(ev.jacobian))
        let kappaG = eig.last! / eig.first!
        #expect(Self.rel(d, dense) <= 100 * kappaG * Rounding.unitRoundoff, "gap \(Self.rel(d, dense)), κ(G) = \(kappaG)")
        #expect(Self.rel(jd, ev.residual) <= 1e-11, "‖Jd − r‖/‖r‖ = \(Self.rel(jd, ev.residual))")
        let step = try StreamedGramGaussNewton.step(network: p.network, inputs: p.trainInputs, targets: p.trainTargets, theta: p.theta0, blockSize: block)
        #expect(step.direction == d)
    }

    @Test("the engine's streamed Gram-GN run follows the dense run")
    func engineRun() throws {
        let p = try Self.problem(m: 10, n: 64, n0: 3)
        var finals: [[Double]] = []
        for opt in [GramGaussNewton(rule: StepRule(.fixed(1))) as any Optimizer, StreamedGramGaussNewton(rule: StepRule(.fixed(1)), blockSize: 5)] {
            let engine = TrajectoryEngine(objective: Objective(unregularized: p), optimizer: opt, rules: RunRules(steps: 2, divergence: .none))
            let traj = engine.run(observers: TrajectoryObservers())
            #expect(traj.failure == nil)
            finals.append(traj.finalTheta)
        }
        #expect(Self.rel(finals[1], finals[0]) <= 1e-11, "gap \(Self.rel(finals[1], finals[0]))")
    }

    /// The regularized step: K, η, α, d and θ_{t+1} against `RegularizedGGN.overparameterizedDirection`.
    @Test("the streamed regularized GGN step is the dense one to 1e-13 (K) and 1e-12 (d)", arguments: [0, 2, 4])
    func regularized(caseIndex: Int) throws {
        let c = StepTests.cases[caseIndex]
        let ev = try StepTests.evaluation(c)
        var cfg = RunConfig()
        cfg.problem.trainCount = c.m; cfg.problem.testCount = 0; cfg.problem.width = c.n
        cfg.problem.inputDimension = c.n0; cfg.problem.activation = c.activation; cfg.problem.seed = c.seed
        cfg.tau = c.tau; cfg.penaltyName = c.penalty
        let reg = try cfg.regularizer()
        let p = try Problem.make(cfg.problem)
        let rule = StepRule(.adaptive(alphaBar: 0.5), mG: 3)
        let (dense, sys) = try RegularizedGGN.overparameterizedDirection(ev)
        for block in Self.blocks {
            var s = StreamedRegularizedGGN(network: p.network, inputs: p.trainInputs, targets: p.trainTargets, regularizer: reg, rule: rule)
            s.blockSize = block
            let step = try s.step(p.theta0)
            #expect((step.kernel - sys.kernel).frobeniusNorm <= 1e-13 * sys.kernel.frobeniusNorm)
            #expect(abs(step.eta - ev.regularizer.eta) <= 1e-13 * ev.regularizer.eta)
            #expect(abs(step.alpha - rule.alpha(eta: ev.regularizer.eta)) <= 1e-14)
            #expect(Self.rel(step.direction, dense) <= 1e-12, "block \(block): gap \(Self.rel(step.direction, dense))")
            #expect(Self.rel(step.next, Vector.axpy(p.theta0, -step.alpha, step.direction)) == 0)
        }
    }

    @Test("a zero Hessian entry is refused as the dense step refuses it")
    func zeroHessian() throws {
        let p = try Self.problem(m: 6, n: 5, n0: 2)
        let s = StreamedRegularizedGGN(network: p.network, inputs: p.trainInputs, targets: p.trainTargets,
                                       regularizer: Regularizer(penalty: .quadratic, tau: 0), rule: StepRule(.fixed(1)))
        #expect(throws: StepError.self) { try s.step(p.theta0) }
    }
}
