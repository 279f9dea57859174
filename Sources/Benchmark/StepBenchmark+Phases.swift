import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Quantities
import Trajectories

/// The FLOP counts of the instrumented step's parts beyond the plain step (`FlopCount`).
struct Work {
    /// σ(J) by the orthogonal route: LQ of J, bidiagonal reduction of the triangle.
    var sigma: Double
    /// σ(J) by the Gram route: the structured Gram and its tridiagonalization.
    var gram: Double
    /// G̃ from the step's LU ((m+1) right-hand sides).
    var gTilde: Double
    /// Φ(θ_{t+1}), D²Φ[d,d] and Jd.
    var evaluation: Double

    init(m: Int, n: Int, n0: Int, p: Int) {
        sigma = FlopCount.gelqf(m, p) + FlopCount.gebrd(m)
        gram = FlopCount.structuredGram(m: m, n: n, n0: n0) + FlopCount.sytrd(m)
        gTilde = FlopCount.getrs(m + 1, m + 1)
        evaluation = 2 * FlopCount.gemm(m, n, n0) + 2 * Double(m) * Double(p)
    }
}

extension StepBenchmark {
    /// Each phase of the instrumented step timed alone on θ_0's evaluation (median of
    /// max(3, reps)), then the whole recorder once per σ route.
    static func phaseTimings(problem: Problem, config: RunConfig, reps: Int, instrumented: Bool,
                             refinement: (@Sendable (RunConfig) -> @Sendable (StepQuantities) -> Bool)?) throws -> [PhaseTiming] {
        let engine = try TrajectoryEngine(problem: problem, config: config)
        let objective = engine.objective
        var optimizer = engine.optimizer
        let m = problem.sampleCount, n = problem.network.width, n0 = problem.network.inputDimension, p = problem.parameterCount
        var list: [PhaseTiming] = []
        let ev0 = objective.evaluate(problem.theta0)
        let step0 = try optimizer.step(ev0, iteration: 0, objective: objective)
        func phase(_ name: String, _ flops: Double, _ body: () throws -> Void) rethrows {
            list.append(try timed(name, flops, reps: reps, body))
        }
        phase("Φ, J, g and its derivatives", FlopCount.gemm(m, n, n0)) { _ = objective.evaluate(problem.theta0) }
        phase("test loss (not in the instrumented step: no check reads it)", FlopCount.gemm(problem.testInputs.rows, n, n0)) { _ = objective.testLoss(problem.theta0) }
        try phase("GGN system K = ĴH⁻¹Ĵᵀ (syrk), LU, direction", FlopCount.syrk(m + 1, p) + FlopCount.getrf(m + 1) + 2 * Double(m + 1) * Double(p)) { _ = try optimizer.step(ev0, iteration: 0, objective: objective) }
        if instrumented {
            list += try quantityPhases(objective: objective, ev0: ev0, step0: step0, config: config, reps: reps, refinement: refinement)
        }
        return list
    }

    /// `body` once as a warm-up, then timed max(3, reps) times.
    static func timed(_ name: String, _ flops: Double, reps: Int, _ body: () throws -> Void) rethrows -> PhaseTiming {
        try body()
        var ts: [Double] = []
        for _ in 0..<max(3, reps) { ts.append(try Clock.time(body).1) }
        return PhaseTiming(name: name, stats: TimingStats(ts), flops: flops)
    }

    /// The phases of the quantities the checks read, at θ_0's evaluation and step.
    static func quantityPhases(objective: Objective, ev0: PointEvaluation, step0: Step, config: RunConfig, reps: Int,
                               refinement: (@Sendable (RunConfig) -> @Sendable (StepQuantities) -> Bool)?) throws -> [PhaseTiming] {
        let problem = objective.problem
        let m = problem.sampleCount, n = problem.network.width, n0 = problem.network.inputDimension, p = problem.parameterCount
        let w = Work(m: m, n: n, n0: n0, p: p)
        let next0 = step0.next
        var list: [PhaseTiming] = []
        func phase(_ name: String, _ flops: Double, _ body: () throws -> Void) rethrows {
            list.append(try timed(name, flops, reps: reps, body))
        }
        do {
            let net = problem.network, x = problem.trainInputs
            let ws = Spectral.QRWorkspace()
            try phase("σ(J), accurate route: QR of Jᵀ, SVD of the triangle", w.sigma) { _ = try JacobianSpectrum.orthogonalRoute(ev0.jacobian, workspace: ws) }
            try phase("  R of Jᵀ = QR (transpose + dgeqrf)", FlopCount.gelqf(m, p)) { _ = try Spectral.wideTriangle(ev0.jacobian, workspace: ws) }
            let rr = try Spectral.wideTriangle(ev0.jacobian)
            try phase("  singular values of R (dgesdd)", FlopCount.gebrd(m)) { _ = try Spectral.singularValues(rr) }
            try phase("σ(J), interval route: structured Gram, dsytrd, bisection", w.gram) {
                _ = try JacobianSpectrum.gramRoute(network: net, theta: problem.theta0, inputs: x)
            }
            phase("  structured Gram (AAᵀ)∘(XXᵀ) + BBᵀ (dsyrk)", FlopCount.structuredGram(m: m, n: n, n0: n0)) {
                _ = net.jacobianGram(theta: problem.theta0, inputs: x)
            }
            let jg = net.jacobianGram(theta: problem.theta0, inputs: x)
            try phase("  extreme eigenvalues of Ĝ (dsytrd + dstebz)", FlopCount.sytrd(m)) { _ = try Spectral.extremeSymmetricEigenvalues(jg.gram) }
            try phase("G̃ = (A⁻ᵀK)ᵀ and its summaries", w.gTilde) {
                let rc = try step0.system!.factorization.reciprocalCondition()
                let g = try GTilde.matrix(system: step0.system!, reading: .jhat)
                for r in JTildeReading.allCases {
                    _ = try GTilde.summarize(r == .jhat ? g : GTilde.zeroLastRow(g), reading: r, e: ev0.e, residual: ev0.residual,
                                             rcond: rc, parameterCount: p, spectrum: false)
                }
            }
            phase("Φ(θ_{t+1}), J d, D²Φ[d,d]", 2 * FlopCount.gemm(m, n, n0) + 2 * Double(m) * Double(p)) {
                _ = problem.network.outputs(theta: next0, inputs: problem.trainInputs)
                _ = Matrix.multiply(ev0.jacobian, step0.direction)
                _ = problem.network.secondDirectionalDerivative(theta: problem.theta0, inputs: problem.trainInputs, direction: step0.direction)
            }
            phase("GSC ratios (16 sampled pairs)", 0) { _ = QuantityRecorder.gscRatios(ev0.regularizer, nu: 2.6, seed: 0) }
            // The recorder as a trajectory uses it: after its first step (the warm-up call), so
            // the accurate route's Gram attempt is skipped when the last step predicts failure.
            for route in SigmaRoute.allCases {
                var rc = config
                rc.sigmaRoute = route
                let rec = QuantityRecorder(objective: objective, config: rc, spectrumSteps: [], needsRefinement: refinement?(rc))
                var t = 0
                try phase("whole recorder, σ route \(route.rawValue)", (route == .accurate ? w.sigma : w.gram) + w.gTilde + w.evaluation) {
                    t += 1
                    try rec.observe(t: t, ev: ev0, step: step0, next: next0)
                }
            }
        }
        return list
    }
}
