import Foundation
import LinearAlgebra
import Problems

/// Damped Gauss-Newton (Levenberg–Marquardt) of Cayci (003) on the plain squared loss
/// L(θ) = (1/2m)‖f(θ) − y‖² (Proofs/DampedGaussNewton.md §1–§2); its first-order baseline is
/// `GradientDescent` (§3).
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

/// Levenberg–Marquardt in the smaller dimension with a damping schedule: one `Optimizer`, run by
/// the trajectory engine like every method. The schedule may need λ_min(K_t), so the step computes
/// the Gram spectrum then (and whenever `recordsSpectrum`), and hands it to the record.
public struct LevenbergMarquardt: Optimizer {
    public let schedule: DampingSchedule
    /// η of θ_{t+1} = θ_t − η·d_t.
    public let stepSize: Double
    public let recordsSpectrum: Bool
    /// Cap the step's length at `trustRadius`·max(1, ‖θ_t‖): a discretization of the GN flow
    /// rather than a fixed Euler step, which on a nonlinear transient leaves the flow and from
    /// there amplifies rounding like a chaotic map (Proofs/DampedGaussNewton.md §6). The cap is
    /// continuous in θ_t (a halving search would be a knife edge between two trajectories).
    public let tracksFlow: Bool
    public static let trustRadius = 0.1

    public init(schedule: DampingSchedule, stepSize: Double = 1, recordsSpectrum: Bool = true, tracksFlow: Bool = false) {
        self.schedule = schedule
        self.stepSize = stepSize
        self.recordsSpectrum = recordsSpectrum
        self.tracksFlow = tracksFlow
    }

    /// η·min(1, Δ/‖d‖), Δ = `trustRadius`·max(1, ‖θ‖).
    static func trackingStep(_ d: [Double], theta: [Double], eta: Double) -> Double {
        let cap = trustRadius * max(1, Vector.norm2(theta)), len = eta * Vector.norm2(d)
        return len > cap ? eta * (cap / len) : eta
    }

    public func alpha(at ev: PointEvaluation) -> Double { stepSize }

    public mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step {
        let j = ev.jacobian, r = ev.residual
        let gram = recordsSpectrum || schedule.needsSpectrum ? try Spectral.gramSpectrum(j, transposed: j.rows > j.cols) : nil
        let lambda: Double
        switch schedule {
        case let .constant(l): lambda = l
        case let .curvature(c): lambda = c * max(gram?.lambdaMin ?? .nan, 0)
        case let .residual(c): lambda = c * Vector.norm2(r)
        }
        let d = try Self.direction(jacobian: j, residual: r, damping: lambda)
        let alpha = tracksFlow ? Self.trackingStep(d, theta: ev.theta, eta: stepSize) : stepSize
        var step = Step.along(d, alpha: alpha, from: ev.theta)
        step.damping = lambda
        step.gram = gram
        return step
    }

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
}

extension DampingSchedule {
    var needsSpectrum: Bool { if case .curvature = self { return true } else { return false } }
}
