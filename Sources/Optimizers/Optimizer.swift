import Foundation
import LinearAlgebra
import Regularizers

/// A method: its update rule with its own state (a momentum buffer, the RK4 velocity, a damping
/// schedule, a batch order). The one trajectory engine (`Trajectories/TrajectoryEngine.swift`)
/// evaluates θ_t, records it and asks the method for θ_{t+1}; methods never loop themselves, so
/// every method shares the engine's stop rules, failure handling, records and observers.
public protocol Optimizer: Sendable {
    /// The evaluation at θ_t the step starts from: the objective's, or a mini-batch's.
    mutating func evaluate(_ theta: [Double], iteration t: Int, objective: Objective) -> PointEvaluation
    /// The step from θ_t, given its evaluation. `objective` evaluates elsewhere when the rule
    /// needs it (the RK4 stages, a mini-batch). Throws `StepError` on a singular system.
    mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step
    /// α_t at θ_t without stepping (for the record of the last iterate); NaN if the method has none.
    func alpha(at ev: PointEvaluation) -> Double
    /// The M_g of the adaptive step rule (NaN for methods without one).
    var mG: Double { get }
    /// Time per iteration: h for a discretized flow (t_k = k·h), 1 otherwise.
    var timeStep: Double { get }
}

extension Optimizer {
    public mutating func evaluate(_ theta: [Double], iteration t: Int, objective: Objective) -> PointEvaluation {
        objective.evaluate(theta)
    }
    public func alpha(at ev: PointEvaluation) -> Double { .nan }
    public var mG: Double { .nan }
    public var timeStep: Double { 1 }
}

/// Errors a step can raise; a trajectory records them as a numerical failure.
public struct StepError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The (m+1)×(m+1) system of the overparameterized GGN form, kept so the theorem checks
/// can reuse it: K = ĴH⁻¹Ĵᵀ, A = I + Q̂K factored, and z = A⁻¹ê.
public struct GGNSystem: Sendable {
    /// K = Ĵ H⁻¹ Ĵᵀ = W Wᵀ with W = Ĵ H^{−1/2}.
    public let kernel: Matrix
    public let factorization: LU
    public let z: [Double]
}

/// One step: θ_{t+1} = θ_t − α_t d_t, and what set it. Methods whose update is not along one
/// direction (heavy ball, Nesterov, RK4 flows) report d_t = θ_t − θ_{t+1} with α_t = 1.
public struct Step: Sendable {
    /// θ_{t+1}, as the method computed it (the engine never recomputes it from d_t).
    public let next: [Double]
    public let direction: [Double]
    public let alpha: Double
    /// η_t = ‖∇g(θ_t)‖*_{θ_t}.
    public let eta: Double
    /// The M_g used by the adaptive rule (also recorded for fixed steps).
    public let mG: Double
    public let system: GGNSystem?
    /// Levenberg–Marquardt's λ_t.
    public var damping: Double?
    /// The Gram spectrum of J_t when the step computed it (the curvature-aware schedule).
    public var gram: GramSpectrum?
    /// J_t d_t, when a streamed step computed it alongside d_t (J itself was never formed).
    public var jacobianTimesDirection: [Double]?

    public init(next: [Double], direction: [Double], alpha: Double, eta: Double = .nan, mG: Double = .nan,
                system: GGNSystem? = nil, damping: Double? = nil, gram: GramSpectrum? = nil) {
        self.next = next
        self.direction = direction
        self.alpha = alpha
        self.eta = eta
        self.mG = mG
        self.system = system
        self.damping = damping
        self.gram = gram
    }

    /// θ_t − α·d.
    public static func along(_ d: [Double], alpha: Double, from theta: [Double], eta: Double = .nan, mG: Double = .nan,
                             system: GGNSystem? = nil) -> Step {
        Step(next: Vector.axpy(theta, -alpha, d), direction: d, alpha: alpha, eta: eta, mG: mG, system: system)
    }

    /// A step to a given θ_{t+1} (d = θ_t − θ_{t+1}, α = 1).
    public static func to(_ next: [Double], from theta: [Double]) -> Step {
        Step(next: next, direction: Vector.sub(theta, next), alpha: 1)
    }
}

/// The step-size rule of 000's methods: α_t = ᾱ/(1 + M_gη_t) or a fixed α, with the M_g of the
/// chosen owner for this p (Proofs/RegularizedGGN.md §4).
public struct StepRule: Sendable, Equatable {
    public let stepSize: StepSize
    public let mG: Double

    public init(_ stepSize: StepSize, mG: Double = .nan) {
        self.stepSize = stepSize
        self.mG = mG
    }

    /// The rule of `objective` under `owner`: M_g from the claimed GSC constants.
    public init(_ stepSize: StepSize, objective: Objective, owner: MgOwner) {
        let reg = objective.regularizer
        let mBar = GSCConstants.claimedMg(penalty: reg.penalty, parameterCount: objective.problem.parameterCount)
        switch owner {
        case .gBar: self.init(stepSize, mG: mBar)
        case .g: self.init(stepSize, mG: GSCConstants.scaled(mBar, tau: reg.tau, nu: reg.penalty.claimedGSC.nu))
        }
    }

    public func alpha(eta: Double) -> Double {
        switch stepSize {
        case let .adaptive(alphaBar): return alphaBar / (1 + mG * eta)
        case let .fixed(a): return a
        }
    }
}
