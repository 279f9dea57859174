import Foundation
import LinearAlgebra
import Optimizers

/// Φ_∞ of a run, estimated by running on and checked (Proofs/Convergence.md §5): the run is
/// continued from its last iterate until the output steps s_k = ‖Φ_{k+1} − Φ_k‖ contract
/// geometrically with a tail estimate s_K·q/(1 − q) below `target`, q the largest ratio
/// s_{k+1}/s_k over the last `window` steps (or until the budget would not cut it tenfold). The
/// tail is an estimate, not a bound: it assumes the observed contraction goes on. So it is
/// checked: the run goes on for N more steps, q^N ≤ 1/2, and the estimate stands only if the
/// outputs moved by no more than it predicted, ‖Φ_{K+N} − Φ_K‖ + tail_{K+N} ≤ tail_K. A failed check (the
/// ratios creep toward 1: sublinear convergence) starts a new candidate; none checked within
/// `maxExtraSteps`, or `patience` steps without contraction, leaves `tail` nil: Φ_∞ undetermined,
/// and the readings that need it cannot decide. Steps at the rounding floor (`floor`) are noise,
/// not a failure to contract: there the tail is that of a floor-sized step at the last contraction
/// seen above it, so the estimate does not hinge on how a CPU's BLAS kernel rounds the noise.
public struct LimitEstimate: Sendable, Equatable {
    /// Φ at the last iterate of the continued run.
    public var outputs: [Double]
    /// Estimated ‖outputs − Φ_∞‖ (nil: the steps did not contract).
    public var tail: Double?
    /// Steps run beyond the instrumented run, and the contraction q of the last window.
    public var extraSteps: Int
    public var contraction: Double?

    public init(outputs: [Double], tail: Double?, extraSteps: Int, contraction: Double?) {
        self.outputs = outputs
        self.tail = tail
        self.extraSteps = extraSteps
        self.contraction = contraction
    }

    public static let target = 1e-6
    public static let window = 8
    public static let chunk = 25
    public static let maxExtraSteps = 300
    public static let patience = 100
    /// How far the outputs may overrun the candidate's prediction and it still stand (the tail is
    /// then the larger of the two, times this slack: the drift that passed may go on). A nearly geometric sequence overruns by a few per mille (q
    /// drifts slightly within a chunk), so with no slack its check sat on the threshold and passed
    /// or failed with the BLAS kernel's rounding; a sublinear one overruns by several per cent.
    public static let checkSlack = 1.01

    /// Continues `engine`'s method from `theta` (a memoryless step, so this is the same run), in
    /// chunks, reading Φ_k from the evaluations the engine makes anyway (a record observer).
    public static func estimate(_ engine: TrajectoryEngine, from theta: [Double]) -> LimitEstimate {
        var rules = engine.rules
        rules.steps = chunk
        rules.keepIterates = false
        rules.recordSpectra = false
        rules.recordTestLoss = false
        rules.recordEvery = 1
        let seen = OutputLog()
        let observers = TrajectoryObservers(record: { _, ev in seen.outputs.append(ev.outputs) })
        var current = theta
        var outputs: [Double]? = nil
        var steps: [Double] = []
        var extra = 0
        // A candidate limit (outputs after `extra` steps, its estimated tail) awaiting its check.
        var candidate: (outputs: [Double], tail: Double, at: Int, q: Double)? = nil
        // The contraction last observed above the rounding floor.
        var lastContraction: Double? = nil
        while extra < maxExtraSteps + 4 * chunk {
            seen.outputs = []
            let part = TrajectoryEngine(objective: engine.objective, optimizer: engine.optimizer, theta0: current, rules: rules).run(observers: observers)
            // The chunk's first record is its starting point, the previous chunk's last.
            if outputs == nil { outputs = seen.outputs.first }
            guard !part.outcome.isFailure, var last = outputs, seen.outputs.count > 1 else {
                return LimitEstimate(outputs: outputs ?? engine.problem.network.outputs(theta: theta, inputs: engine.problem.trainInputs),
                                     tail: nil, extraSteps: extra, contraction: nil)
            }
            for next in seen.outputs.dropFirst() {
                steps.append(Vector.norm2(Vector.sub(next, last)))
                last = next
            }
            outputs = last
            extra += seen.outputs.count - 1
            current = part.finalTheta
            var (q, tail) = tailEstimate(steps)
            if tail == nil, let lq = lastContraction, stalled(steps, outputs: last) {
                // At the rounding floor the ratios are noise: what is left is a floor-sized step's tail.
                (q, tail) = (lq, floor(last) * lq / (1 - lq))
            } else if let q, q < 1 {
                lastContraction = q
            }
            if let c = candidate {
                // The check, once the prediction has had time to show (q^N ≤ 1/2): the outputs
                // moved by no more than the candidate's tail minus the tail still estimated.
                guard Double(extra - c.at) * log(max(c.q, 1e-300)) <= log(0.5) || extra >= maxExtraSteps + 3 * chunk else { continue }
                let observed = tail.map { Vector.norm2(Vector.sub(last, c.outputs)) + $0 }
                if let observed, observed <= checkSlack * c.tail {
                    return LimitEstimate(outputs: c.outputs, tail: checkSlack * max(c.tail, observed), extraSteps: c.at, contraction: c.q)
                }
                candidate = nil
            }
            if let tail, let q {
                // A candidate at the target, or when the rest of the budget would not cut the
                // tail tenfold at the observed rate (q^remaining > 1/10).
                let remaining = Double(maxExtraSteps - extra)
                if tail <= target || remaining * log(q) > log(0.1) { candidate = (last, tail, extra, q) }
            } else if extra >= patience {
                break
            }
            if seen.outputs.count - 1 < chunk { break }
        }
        // No candidate passed its check: Φ_∞ is not determined.
        let (q, _) = tailEstimate(steps)
        return LimitEstimate(outputs: outputs!, tail: nil, extraSteps: extra, contraction: q)
    }

    /// The size below which an output step is rounding noise: 16u(‖Φ‖ + 1), u the unit roundoff
    /// (the steps of a converged run hover at about 2u‖Φ‖; Proofs/Convergence.md §5).
    public static func floor(_ outputs: [Double]) -> Double {
        16 * Double.ulpOfOne / 2 * (Vector.norm2(outputs) + 1)
    }

    /// Whether the last window of steps is all at or below the rounding floor: the run has
    /// stalled where the steps are noise, so their ratios say nothing about contraction.
    public static func stalled(_ s: [Double], outputs: [Double]) -> Bool {
        let f = floor(outputs)
        return s.count >= window && s.suffix(window).allSatisfy { $0 <= f }
    }

    /// q = max s_{k+1}/s_k over the last window and the geometric tail s_last·q/(1 − q); a zero
    /// last step is a fixed point (tail 0); nil when q ≥ 1 or too few steps.
    public static func tailEstimate(_ s: [Double]) -> (q: Double?, tail: Double?) {
        guard let last = s.last, last.isFinite else { return (nil, nil) }
        if last == 0 { return (0, 0) }
        guard s.count > window else { return (nil, nil) }
        let w = s.suffix(window + 1)
        let ratios = zip(w.dropFirst(), w).map { $1 > 0 ? $0 / $1 : .infinity }
        guard let q = ratios.max(), q.isFinite else { return (nil, nil) }
        return q < 1 ? (q, last * q / (1 - q)) : (q, nil)
    }
}

/// The outputs a continued run's record observer collects (the observer is an escaping closure).
final class OutputLog: @unchecked Sendable {
    var outputs: [[Double]] = []
}
