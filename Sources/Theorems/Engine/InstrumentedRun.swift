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
        let rec = QuantityRecorder(objective: engine.objective, config: config)
        let traj = engine.run(keepIterates: false) { t, ev, step, next in
            try rec.observe(t: t, ev: ev, step: step, next: next)
        }
        let limit = traj.outcome.isFailure
            ? LimitEstimate(outputs: problem.network.outputs(theta: traj.finalTheta, inputs: problem.trainInputs), tail: nil, extraSteps: 0, contraction: nil)
            : LimitEstimate.estimate(engine, from: traj.finalTheta)
        return InstrumentedRun(config: config, problem: problem, trajectory: traj, quantities: rec.steps,
                               limit: limit, label: label)
    }

    /// T of the convergence theorem for the smallest ε checked, with Φ* = y: the run must be
    /// at least this long (plus slack for the limit reading).
    public static func requiredSteps(problem: Problem, alphaBar: Double, epsilon: Double) -> Int {
        let r0 = Vector.norm2(Vector.sub(problem.network.outputs(theta: problem.theta0, inputs: problem.trainInputs), problem.trainTargets))
        return Int((log((r0 * r0 + 1) / epsilon) / alphaBar).rounded(.up))
    }
}
