import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Quantities
import Trajectories

/// A regularized-GGN trajectory with every theorem quantity recorded at each step, plus the
/// run continued to near-stationarity for the "Φ* = limit" readings.
public struct InstrumentedRun: Sendable {
    public let config: RunConfig
    public let problem: Problem
    public var trajectory: Trajectory
    public var quantities: [StepQuantities]
    /// Φ_∞ of the "limit" readings: the run continued until its output steps contract, with the
    /// estimated distance of its last outputs from the limit (`LimitEstimate`).
    public var limit: LimitEstimate
    public var limitOutputs: [Double] { limit.outputs }
    public let label: InstanceLabel
    /// The steps whose σ(J_t) was refined by the orthogonal route (`SpectrumRefinement`).
    public var refinedSteps: [Int] = []

    public var alphaBar: Double {
        if case let .adaptive(a) = config.stepSize { return a }
        return .nan
    }

    /// Runs `config` for its `steps` (the suites choose them long enough for the theorems:
    /// `requiredSteps`). `wrap`, when given, wraps the method's optimizer (`audit` replays a given
    /// trajectory through `ReplayOptimizer`); the run and its quantities are otherwise the same.
    public static func run(_ config: RunConfig, problem: Problem, label: InstanceLabel,
                           wrap: ((any Optimizer) -> any Optimizer)? = nil) throws -> InstrumentedRun {
        BLASThreads.setReproducible()
        // σ(J_t) is computed once per step, by the recorder; the engine need not repeat it.
        var config = config
        config.recordSpectra = false
        // No theorem check reads the test loss.
        config.recordTestLoss = false
        var engine = try TrajectoryEngine(problem: problem, config: config)
        if let wrap { engine = TrajectoryEngine(objective: engine.objective, optimizer: wrap(engine.optimizer), rules: engine.rules) }
        let rec = QuantityRecorder(objective: engine.objective, config: config,
                                   needsRefinement: SpectrumRefinement.predicate(config))
        let traj = engine.run(keepIterates: false) { t, ev, step, next in
            try rec.observe(t: t, ev: ev, step: step, next: next)
        }
        let limit = traj.outcome.isFailure
            ? LimitEstimate(outputs: problem.network.outputs(theta: traj.finalTheta, inputs: problem.trainInputs), tail: nil, extraSteps: 0, contraction: nil)
            : LimitEstimate.estimate(engine, from: traj.finalTheta)
        return InstrumentedRun(config: config, problem: problem, trajectory: traj, quantities: rec.steps,
                               limit: limit, label: label, refinedSteps: rec.refinedSteps)
    }

    /// T of the convergence theorem for the smallest ε checked, with Φ* = y: the run must be
    /// at least this long (plus slack for the limit reading).
    /// A T that is not finite (a non-finite residual ‖Φ(θ_0) − y‖) or beyond `maxSteps` (a tiny ᾱ)
    /// is returned as `maxSteps + 1`, which `SuiteRunner.instrumentedRun` refuses to run.
    public static func requiredSteps(problem: Problem, alphaBar: Double, epsilon: Double) -> Int {
        let r0 = Vector.norm2(Vector.sub(problem.network.outputs(theta: problem.theta0, inputs: problem.trainInputs), problem.trainTargets))
        let t = (log((r0 * r0 + 1) / epsilon) / alphaBar).rounded(.up)
        guard t.isFinite, t <= Double(maxSteps) else { return maxSteps + 1 }
        return Int(t)
    }

    /// Why the run would be that long, in one line: ᾱ and ‖Φ(θ_0) − y‖ (non-finite values in words).
    static func stepsReason(_ problem: Problem, _ step: StepSize) -> String {
        let r0 = Vector.norm2(Vector.sub(problem.network.outputs(theta: problem.theta0, inputs: problem.trainInputs), problem.trainTargets))
        let f = { (x: Double) in x.isNaN ? "undefined" : x.isInfinite ? "∞" : String(format: "%.3g", x) }
        let ab: String
        switch step { case let .adaptive(a): ab = f(a); case let .fixed(a): ab = "fixed step " + f(a) }
        return "ᾱ = \(ab), ‖Φ(θ_0) − y‖ = \(f(r0))"
    }

    /// The longest run an instance may need (README: steps ≤ 10⁶).
    public static let maxSteps = 1_000_000
}
