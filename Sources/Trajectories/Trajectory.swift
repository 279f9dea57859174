import Foundation
import LinearAlgebra
import Optimizers
import Problems

/// The one trajectory record of every method: the values at θ_t and the α_t, d_t that move it
/// to θ_{t+1}. The common fields are filled by the engine for every method; the optional ones
/// below them by the method's step or by a study's record observer, and nil where not measured.
public struct StepRecord: Sendable, Codable, Equatable {
    public var step: Int
    /// t_k = k·h for a discretized flow (004), k otherwise.
    public var time: Double
    /// L(θ_t) = R̂ + g, R̂ under the run's loss scaling.
    public var loss: Double
    public var dataLoss: Double
    public var regularizerValue: Double
    public var testLoss: Double
    /// β̂_m = σ_min(J_t), β̂_1 = σ_max(J_t), and the absolute error bound on both.
    public var sigmaMinJ: Double?
    public var sigmaMaxJ: Double?
    public var sigmaError: Double?
    public var eta: Double
    public var alpha: Double
    public var mG: Double
    public var thetaNorm: Double
    /// ‖θ_{t+1} − θ_t‖₂ = α_t‖d_t‖.
    public var stepNorm: Double
    /// ‖θ_t − θ_0‖₂.
    public var distanceFromStart: Double

    // Method-specific fields.

    /// Extreme eigenvalues of the Gram matrix of J_t with their error bound: the NTK H = JJᵀ
    /// (004), the smaller of JJᵀ, JᵀJ (003), the estimated G_t (002).
    public var gram: GramSpectrum?
    /// Levenberg–Marquardt's λ_t (nil for every other method, and at the last iterate).
    public var damping: Double?
    /// 004's pseudo-loss L̂ = ½‖J_tᵀ(f_t − y)‖².
    public var pseudoLoss: Double?
    /// Absolute rounding bound of `loss`, when a study's observer computed it.
    public var lossError: Double?
    /// f_t − y, kept when a study compares runs point by point (004's step-doubling estimate).
    public var residual: [Double]?

    public init(step: Int, time: Double, loss: Double, dataLoss: Double, regularizerValue: Double, testLoss: Double,
                eta: Double, alpha: Double, mG: Double, thetaNorm: Double, stepNorm: Double, distanceFromStart: Double) {
        self.step = step
        self.time = time
        self.loss = loss
        self.dataLoss = dataLoss
        self.regularizerValue = regularizerValue
        self.testLoss = testLoss
        self.eta = eta
        self.alpha = alpha
        self.mG = mG
        self.thetaNorm = thetaNorm
        self.stepNorm = stepNorm
        self.distanceFromStart = distanceFromStart
    }
}

/// How a run ended. A numerical failure is an outcome, not a crash.
public enum RunOutcome: Sendable, Equatable, Codable {
    case completed
    case converged(step: Int)
    case numericalFailure(step: Int, reason: String)
    case diverged(step: Int, reason: String)

    public var isFailure: Bool {
        switch self {
        case .completed, .converged: return false
        case .numericalFailure, .diverged: return true
        }
    }

    public var summary: String {
        switch self {
        case .completed: return "completed"
        case let .converged(s): return "converged at step \(s)"
        case let .numericalFailure(s, r): return "numerical failure at step \(s): \(r)"
        case let .diverged(s, r): return "diverged at step \(s): \(r)"
        }
    }
}

/// A run of any method: its records (every recorded iterate, the last included), the iterates
/// when asked for, and how it ended.
public struct Trajectory: Sendable {
    public var records: [StepRecord] = []
    /// θ_0, …, θ_T when `keepIterates` was asked for.
    public var iterates: [[Double]] = []
    public var finalTheta: [Double]
    public var outcome: RunOutcome = .completed

    public init(finalTheta: [Double]) { self.finalTheta = finalTheta }

    /// L(θ_t) at every recorded iterate.
    public var losses: [Double] { records.map(\.loss) }
    /// The outcome's description when the run failed or diverged, nil otherwise.
    public var failure: String? { outcome.isFailure ? outcome.summary : nil }
    /// The first t with R̂(θ_t) ≤ the tolerance, nil when the step cap came first (censored).
    public var convergedStep: Int? {
        if case let .converged(s) = outcome { return s }
        return nil
    }
}
