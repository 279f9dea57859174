import Foundation
import LinearAlgebra
import Problems

/// Damped Gauss-Newton (Levenberg–Marquardt) of Cayci (003) on the plain squared loss
/// L(θ) = (1/2m)‖f(θ) − y‖², and the first-order baseline it is compared with
/// (Proofs/DampedGaussNewton.md §1–§3).
///
/// The step is θ_{t+1} = θ_t − η·(JᵀJ + λ_tI)⁻¹Jᵀ(f − y). λ_t lives on the scale of the kernel
/// K = JJᵀ (λ_t = m·ρ_t for a damping ρ_t on the 1/(2m)-normalized loss, §1).
public enum DampingSchedule: Sendable, Equatable, Codable {
    /// λ_t ≡ λ.
    case constant(Double)
    /// λ_t = c·λ_min(K_t): curvature-aware (our reading of 003's adaptive schedule, §2).
    case curvature(Double)
    /// λ_t = c·‖f_t − y‖: residual-adaptive (the classical Fan–Yuan LM rule; our second reading).
    case residual(Double)

    public var name: String {
        switch self {
        case let .constant(l): return "constant λ=\(l)"
        case let .curvature(c): return "curvature-aware λ_t=\(c)·λ_min(K_t)"
        case let .residual(c): return "residual-adaptive λ_t=\(c)·‖r_t‖"
        }
    }
}

/// One recorded step of a run: the values at θ_t and the damping used to leave it.
public struct KernelStepRecord: Sendable, Codable, Equatable {
    /// L(θ_t) = (1/2m)‖f_t − y‖².
    public var loss: Double
    /// λ_t (0 for gradient descent).
    public var damping: Double
    /// Smallest and largest eigenvalue of the smaller Gram matrix (K_t = J_tJ_tᵀ if m ≤ p, else
    /// J_tᵀJ_t, whose spectrum is K_t's nonzero spectrum); nan when not recorded.
    public var lambdaMin: Double
    public var lambdaMax: Double
    /// (1/2m)‖r_t − ηJ_td_t‖²: the loss the linearized model predicts after the step (nan for GD).
    public var linearizedNextLoss: Double = .nan
    /// η·∇L(θ_t)ᵀd_t = (η/m)(J_td_t)ᵀr_t: the loss decrease of the flow θ̇ = −d to first order
    /// over a time η (nan for GD).
    public var firstOrderDecrease: Double = .nan
}

/// A run of LM or GD: per-step records, and why it stopped.
public struct KernelRun: Sendable {
    public var records: [KernelStepRecord]
    /// Loss after the last step (records hold the losses before each step).
    public var finalLoss: Double
    /// Index of the first t with L(θ_t) ≤ ε, nil when not reached within the cap (censored).
    public var iterationsToTolerance: Int?
    /// nil on normal completion, otherwise the numerical failure (singular system, divergence).
    public var failure: String?
    public var theta: [Double]
    public var losses: [Double] { records.map(\.loss) + [finalLoss] }
}

public enum LevenbergMarquardt {
    /// d = (JᵀJ + λI)⁻¹Jᵀr, computed in the smaller dimension: the Gram form Jᵀ(JJᵀ + λI)⁻¹r
    /// when m ≤ p (push-through identity, §1; Cholesky of an m×m matrix, no p×p matrix is
    /// formed), the parameter form when p < m (the underparameterized regime).
    public static func direction(jacobian j: Matrix, residual r: [Double], damping lambda: Double) throws -> [Double] {
        if j.rows <= j.cols { return try gramDirection(jacobian: j, residual: r, damping: lambda) }
        var a = Matrix.gram(j, transpose: true)
        for i in 0..<j.cols { a[i, i] += lambda }
        do {
            return try Cholesky(a).solve(Matrix.multiply(j, transpose: true, r))
        } catch let e as LinearAlgebraError {
            throw StepError("JᵀJ + λI (λ = \(lambda)): \(e)")
        }
    }

    /// d = Jᵀ(JJᵀ + λI)⁻¹r (m×m Cholesky).
    public static func gramDirection(jacobian j: Matrix, residual r: [Double], damping lambda: Double) throws -> [Double] {
        var k = Matrix.gram(j)
        for i in 0..<j.rows { k[i, i] += lambda }
        do {
            return Matrix.multiply(j, transpose: true, try Cholesky(k).solve(r))
        } catch let e as LinearAlgebraError {
            throw StepError("JJᵀ + λI (λ = \(lambda)): \(e)")
        }
    }

    /// Extreme eigenvalues of the smaller Gram matrix of J.
    public static func gramExtremes(_ j: Matrix) throws -> (min: Double, max: Double) {
        let s = try Spectral.gramSpectrum(j, transposed: j.rows > j.cols)
        return (s.lambdaMin, s.lambdaMax)
    }

    static func halfMean(_ r: [Double]) -> Double {
        let n = Vector.norm2(r)
        return n * n / (2 * Double(r.count))
    }

    /// Runs LM from θ_0 for at most `maxSteps` steps with step size η, stopping once L ≤
    /// `tolerance` (0: never). Records λ_min, λ_max of the Gram matrix at each step when
    /// `spectrum` (always for the curvature-aware schedule, which needs λ_min).
    public static func run(_ problem: Problem, schedule: DampingSchedule, stepSize eta: Double = 1, maxSteps: Int,
                           tolerance: Double = 0, spectrum: Bool = true, theta0: [Double]? = nil) -> KernelRun {
        var theta = theta0 ?? problem.theta0
        var records: [KernelStepRecord] = []
        var hit: Int? = nil
        let net = problem.network, x = problem.trainInputs, y = problem.trainTargets
        for t in 0...maxSteps {
            let (f, j) = net.outputsAndJacobian(theta: theta, inputs: x)
            let r = Vector.sub(f, y)
            let loss = halfMean(r)
            guard loss.isFinite else {
                return KernelRun(records: records, finalLoss: loss, iterationsToTolerance: hit, failure: "loss is not finite at step \(t)", theta: theta)
            }
            if hit == nil && loss <= tolerance { hit = t }
            if t == maxSteps || hit != nil {
                return KernelRun(records: records, finalLoss: loss, iterationsToTolerance: hit, failure: nil, theta: theta)
            }
            do {
                var ext = (min: Double.nan, max: Double.nan)
                if spectrum || schedule.needsSpectrum { ext = try gramExtremes(j) }
                let lambda: Double
                switch schedule {
                case let .constant(l): lambda = l
                case let .curvature(c): lambda = c * max(ext.min, 0)
                case let .residual(c): lambda = c * Vector.norm2(r)
                }
                let d = try direction(jacobian: j, residual: r, damping: lambda)
                let jd = Matrix.multiply(j, d)
                let lin = halfMean(Vector.axpy(r, -eta, jd))
                let first = eta * Vector.dot(jd, r) / Double(r.count)
                records.append(KernelStepRecord(loss: loss, damping: lambda, lambdaMin: ext.min, lambdaMax: ext.max,
                                                linearizedNextLoss: lin, firstOrderDecrease: first))
                theta = Vector.axpy(theta, -eta, d)
            } catch {
                return KernelRun(records: records, finalLoss: loss, iterationsToTolerance: hit, failure: "\(error)", theta: theta)
            }
        }
        return KernelRun(records: records, finalLoss: .nan, iterationsToTolerance: hit, failure: "unreachable", theta: theta)
    }

    /// Gradient descent on L = (1/2m)‖f − y‖²: θ ← θ − (η/m)Jᵀr, the first-order baseline
    /// (step η = α·m/λ_max(K_0), i.e. α/L_smooth at θ_0, §3). Only the loss is recorded.
    public static func gradientDescent(_ problem: Problem, stepSize eta: Double, maxSteps: Int, tolerance: Double = 0) -> KernelRun {
        var theta = problem.theta0
        var records: [KernelStepRecord] = []
        let net = problem.network, x = problem.trainInputs, y = problem.trainTargets
        let scale = eta / Double(problem.sampleCount)
        for t in 0...maxSteps {
            let (f, j) = net.outputsAndJacobian(theta: theta, inputs: x)
            let r = Vector.sub(f, y)
            let loss = halfMean(r)
            guard loss.isFinite, loss < 1e100 else {
                return KernelRun(records: records, finalLoss: loss, iterationsToTolerance: nil, failure: "gradient descent diverged at step \(t)", theta: theta)
            }
            if loss <= tolerance || t == maxSteps {
                return KernelRun(records: records, finalLoss: loss, iterationsToTolerance: loss <= tolerance ? t : nil, failure: nil, theta: theta)
            }
            records.append(KernelStepRecord(loss: loss, damping: 0, lambdaMin: .nan, lambdaMax: .nan))
            theta = Vector.axpy(theta, -scale, Matrix.multiply(j, transpose: true, r))
        }
        return KernelRun(records: records, finalLoss: .nan, iterationsToTolerance: nil, failure: "unreachable", theta: theta)
    }
}

extension DampingSchedule {
    var needsSpectrum: Bool { if case .curvature = self { return true } else { return false } }
}
