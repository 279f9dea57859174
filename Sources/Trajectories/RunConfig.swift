import Optimizers
import Problems
import Regularizers

/// Every option that defines a run: with the same `RunConfig` the same numbers come out.
/// Exported verbatim (flattened) as `config.json` by `check-bounds trace --export-problem`.
/// The ways to compute σ_min(J_t), σ_max(J_t) for the checks (Proofs/Numerics.md §2).
public enum SigmaRoute: String, Sendable, Codable, CaseIterable {
    /// The default: the structured Gram's estimated interval, refined by the orthogonal route at
    /// the steps where a check that reads σ is not decided at the interval's width (verdicts as
    /// `accurate` gives them, at the Gram route's cost where they allow it; Proofs/Numerics.md §2.4).
    case refine
    /// Error O(ε·σ_max) at every step: the structured Gram's estimated interval when it is that
    /// tight, else Householder QR of Jᵀ and the SVD of its triangle.
    case accurate
    /// Always the structured Gram's estimated interval (half-width up to about
    /// m·√(u)·σ_max when J is near rank-deficient): ~5× cheaper, for large sweeps.
    case interval
}

public struct RunConfig: Sendable, Equatable, Codable {
    public var problem = ProblemSpec()
    public var method: Method = .regularizedGGN(.overparameterized)
    /// The penalty h; `nil` μ means μ = 1/κ(n) (000 "Simulation").
    public var penaltyName = "pseudo-huber"
    public var mu: Double? = nil
    public var tau = 1e-3
    public var stepSize: StepSize = .adaptive(alphaBar: 0.5)
    public var mgOwner: MgOwner = .gBar
    public var steps = 20
    /// Stop early when R̂ falls below this (0: never).
    public var tolerance = 0.0
    /// Compute σ_min(J), σ_max(J) at every step (an extra LQ + SVD per step).
    public var recordSpectra = true
    /// Evaluate the test loss at every step (the paper experiment's curves and `trace`; no
    /// theorem check reads it, so instrumented suite runs turn it off).
    public var recordTestLoss = true
    /// How the theorem quantities get σ_min(J), σ_max(J) (Proofs/Numerics.md §2).
    public var sigmaRoute: SigmaRoute = .refine

    public init() {}

    public var resolvedMu: Double { mu ?? 1 / problem.resolvedKappa }

    public func penalty() throws -> ScalarPenalty {
        switch penaltyName {
        case "pseudo-huber": return .pseudoHuber(mu: resolvedMu)
        case "quadratic": return .quadratic
        default: throw ProblemError("unknown regularizer '\(penaltyName)' (allowed: pseudo-huber, quadratic)")
        }
    }

    public func regularizer() throws -> Regularizer { Regularizer(penalty: try penalty(), tau: tau) }

    public func validate() throws {
        guard tau.isFinite && tau >= 0 else { throw ProblemError("τ must be a non-negative number, got \(tau)") }
        if let mu { guard mu.isFinite && mu > 0 else { throw ProblemError("μ must be a positive number, got \(mu)") } }
        guard steps >= 0 else { throw ProblemError("steps must be non-negative, got \(steps)") }
        switch stepSize {
        case let .adaptive(a): guard a > 0 && a <= 1 else { throw ProblemError("ᾱ must lie in (0, 1], got \(a)") }
        case let .fixed(a): guard a.isFinite && a > 0 else { throw ProblemError("the fixed step must be a positive number, got \(a)") }
        }
        if method.isRegularizedGGN, tau == 0 {
            throw ProblemError("the regularized GGN needs τ > 0 (H = τ∇²ḡ must be invertible); use --method gram-gn for τ = 0")
        }
        _ = try penalty()
    }
}
