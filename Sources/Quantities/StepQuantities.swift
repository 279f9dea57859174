import Foundation
import LinearAlgebra
import GSCCore
import Optimizers
import Problems
import Regularizers
import SeededRandom
import Trajectories

/// Everything the theorems of 000 read at step t of a regularized-GGN trajectory, computed
/// from θ_t's evaluation, the step's factored (m+1)×(m+1) system, and θ_{t+1}.
/// Names follow the poster; Proofs/ says how each is read.
public struct StepQuantities: Sendable, Codable {
    public var step: Int
    public var m: Int
    public var p: Int
    public var tau: Double
    public var nu: Double
    /// β̂_m = σ_min(J_t), β̂_1 = σ_max(J_t), an absolute error bound for each, and the route
    /// that computed them.
    public var spectrum: JacobianSpectrum
    /// η_t of the step rule that set α_t: ‖∇g(θ_t)‖*_θt for g = τḡ (ours), τη̄_t for the
    /// reference variants (Proofs/ReferenceImplementation.md §2).
    public var eta: Double
    /// M of ḡ from the claimed rule, and of g = τḡ (τ^{1−ν/2} times it).
    public var mGBar: Double
    public var mGScaled: Double
    public var alpha: Double
    /// G̃_t under each reading of J̃.
    public var gTilde: [GTildeSummary]
    /// ‖θ_{t+1} − θ_t‖₂ and ‖θ_{t+1} − θ_t‖_{θ_t} (local norm of g = τḡ).
    public var stepEuclidean: Double
    public var stepLocal: Double
    /// L(θ_t), L(θ_{t+1}).
    public var loss: Double
    public var lossNext: Double
    /// ‖e_t‖, ‖ê_t‖ = √(‖e_t‖² + 1), ‖∇g(θ_t)‖, d_g = min eig H_t, D_g = max eig H_t.
    public var normE: Double
    public var normEHat: Double
    public var normGradG: Double
    public var dG: Double
    public var bigDG: Double
    /// ‖Φ_t − y‖² and ‖Φ_t − Φ_∞‖² is filled in later by the convergence check.
    public var residualSq: Double
    /// Φ_t itself (needed for Φ* = limit readings); not serialized in traces.
    public var outputs: [Double]
    /// ‖Φ(θ_{t+1}) − (Φ_t − α_t Ĝ_t ê_t)‖ (Ĝ_tê_t = J_t d_t), ‖α_t Ĝ_t ê_t‖, and the
    /// second-order prediction ½α_t²‖D²Φ[d_t, d_t]‖ of the residual.
    public var linearizationResidual: Double
    public var linearStepNorm: Double
    public var secondOrderPrediction: Double
    /// Relative rounding level of the loss evaluations (for the loss-decay comparison).
    public var lossRoundingError: Double
    /// The GSC ratio |⟨∇³g[v]u,u⟩| / (‖u‖²_θ‖v‖_θ^{ν−2}‖v‖₂^{3−ν}) of g = τḡ at θ_t: its sup over
    /// coordinate directions u = v = e_i (max_i |g'''_i|/g''_i^{ν/2}), and its max over 16
    /// seeded random pairs (u, v). A claimed M_g below either is violated at θ_t.
    public var gscCoordinateRatio: Double
    public var gscSampledRatio: Double

    /// d_ν(θ_t, θ_{t+1}) with the constant of the chosen owner.
    public func dNu(owner: MgOwner) -> Double {
        GSCFunctions.dNu(nu: nu, M: owner == .gBar ? mGBar : mGScaled, euclidean: stepEuclidean, local: stepLocal)
    }

    public var sigmaMin: Double { spectrum.sigmaMin }
    public var sigmaMax: Double { spectrum.sigmaMax }
    public var sigmaMinError: Double { spectrum.sigmaMinError }
    public var sigmaMaxError: Double { spectrum.sigmaMaxError }
    public var sigmaMethod: JacobianSpectrum.Method { spectrum.method }

    public func gTilde(_ r: JTildeReading) -> GTildeSummary { gTilde.first { $0.reading == r }! }
}

/// Computes `StepQuantities` as a trajectory observer.
public final class QuantityRecorder: @unchecked Sendable {
    public private(set) var steps: [StepQuantities] = []
    let objective: Objective
    let config: RunConfig
    /// Steps at which the spectrum of G̃ (σ's of an (m+1)×(m+1) matrix) is computed.
    let spectrumSteps: Set<Int>
    /// The σ(J) QR's scratch memory, reused at every step of the run.
    let qrWorkspace = Spectral.QRWorkspace()

    /// Under `SigmaRoute.refine`: whether the checks reading σ(J_t) need it refined, asked with
    /// step t's quantities holding the Gram interval (nil: refine every wide interval, as
    /// `.accurate` does). The theorem engine supplies it (Proofs/Numerics.md §2.4).
    let needsRefinement: (@Sendable (StepQuantities) -> Bool)?
    /// Steps whose wide Gram interval was refined by the orthogonal route (`.refine` only).
    public private(set) var refinedSteps: [Int] = []

    public init(objective: Objective, config: RunConfig, spectrumSteps: Set<Int> = [0],
                needsRefinement: (@Sendable (StepQuantities) -> Bool)? = nil) {
        self.objective = objective
        self.config = config
        self.spectrumSteps = spectrumSteps
        self.needsRefinement = needsRefinement
    }

    /// Whether the recorder can compute the theorem quantities along `method`'s steps.
    public static func supports(_ method: Method) -> Bool {
        switch method {
        case .regularizedGGN(.overparameterized), .reference: return true
        default: return false
        }
    }

    /// The (m+1)×(m+1) system of the step taken. Ours and the reference W branch keep the one they
    /// solved. The reference P branch solved the p×p system of the poster's direction: its G̃ is
    /// that of the same direction in Woodbury form (equal by push-through, Proofs/RegularizedGGN.md
    /// §2), computed here; the results say so (Proofs/ReferenceImplementation.md, "Implemented as").
    func system(of step: Step, at ev: PointEvaluation) throws -> GGNSystem {
        if let s = step.system { return s }
        if case .reference = config.method { return try RegularizedGGN.overparameterizedDirection(ev).1 }
        throw StepError("the theorem quantities need the overparameterized GGN system (method ggn)")
    }

    public func observe(t: Int, ev: PointEvaluation, step: Step, next: [Double]) throws {
        let system = try system(of: step, at: ev)
        let m = ev.sampleCount, p = ev.parameterCount
        let reg = objective.regularizer
        let nu = reg.penalty.claimedGSC.nu
        let spectrum = try JacobianSpectrum.compute(network: objective.problem.network, theta: ev.theta,
                                                    inputs: objective.problem.trainInputs, jacobian: ev.jacobian,
                                                    previous: steps.last.map(\.spectrum), route: config.sigmaRoute,
                                                    workspace: qrWorkspace)
        let rcond = try system.factorization.reciprocalCondition()
        let e = ev.e
        var summaries: [GTildeSummary] = []
        let gHat = try GTilde.matrix(system: system, reading: .jhat)
        for r in JTildeReading.allCases {
            let g = r == .jhat ? gHat : GTilde.zeroLastRow(gHat)
            summaries.append(try GTilde.summarize(g, reading: r, e: e, residual: ev.residual, rcond: rcond,
                                                  parameterCount: p, spectrum: spectrumSteps.contains(t)))
        }
        let delta = Vector.sub(next, ev.theta)
        let h = ev.regularizer.hessianDiagonal
        let phiNext = objective.problem.network.outputs(theta: next, inputs: objective.problem.trainInputs)
        let lossNext = Objective.halfMeanSquarePublic(Vector.sub(phiNext, objective.problem.trainTargets)) + reg.value(next)
        let jd = Matrix.multiply(ev.jacobian, step.direction)
        var linRes = [Double](repeating: 0, count: m)
        for i in 0..<m { linRes[i] = phiNext[i] - (ev.outputs[i] - step.alpha * jd[i]) }
        let d2 = objective.problem.network.secondDirectionalDerivative(theta: ev.theta, inputs: objective.problem.trainInputs, direction: step.direction)
        let mBar = GSCConstants.claimedMg(penalty: reg.penalty, parameterCount: p)
        let normE = Vector.norm2(e)
        let (coordRatio, sampledRatio) = Self.gscRatios(ev.regularizer, nu: nu, seed: UInt64(t))
        var q = StepQuantities(
            step: t, m: m, p: p, tau: reg.tau, nu: nu,
            spectrum: spectrum,
            eta: step.eta.isNaN ? ev.regularizer.eta : step.eta, mGBar: mBar, mGScaled: GSCConstants.scaled(mBar, tau: reg.tau, nu: nu),
            alpha: step.alpha, gTilde: summaries,
            stepEuclidean: Vector.norm2(delta), stepLocal: ev.regularizer.localNorm(delta),
            loss: ev.loss, lossNext: lossNext,
            normE: normE, normEHat: (normE * normE + 1).squareRoot(), normGradG: Vector.norm2(ev.regularizer.gradient),
            dG: h.min() ?? 0, bigDG: h.max() ?? 0,
            residualSq: pow(Vector.norm2(ev.residual), 2), outputs: ev.outputs,
            linearizationResidual: Vector.norm2(linRes), linearStepNorm: step.alpha * Vector.norm2(jd),
            secondOrderPrediction: 0.5 * step.alpha * step.alpha * Vector.norm2(d2),
            lossRoundingError: 8 * Double(objective.problem.network.width + p + m) * Double.ulpOfOne * (abs(ev.loss) + abs(lossNext)),
            gscCoordinateRatio: coordRatio, gscSampledRatio: sampledRatio)
        if config.sigmaRoute == .refine, !spectrum.isTight(), needsRefinement?(q) ?? true {
            q.spectrum = try JacobianSpectrum.orthogonalRoute(ev.jacobian, workspace: qrWorkspace)
            refinedSteps.append(t)
        }
        steps.append(q)
    }

    /// The GSC ratios of a separable g at one point (Proofs/StandingAssumptions.md §1):
    /// ⟨∇³g[v]u,u⟩ = Σ g'''_i v_i u_i², ‖u‖²_θ = Σ g''_i u_i².
    public static func gscRatios(_ r: RegularizerEvaluation, nu: Double, seed: UInt64) -> (Double, Double) {
        let h2 = r.hessianDiagonal, h3 = r.thirdDiagonal
        var coord = 0.0
        for i in h2.indices where h2[i] > 0 { coord = max(coord, abs(h3[i]) / pow(h2[i], nu / 2)) }
        var rng = SeededSampler.stream(seed: seed, purpose: 0x65C)
        var sampled = 0.0
        for _ in 0..<16 {
            let u = rng.normals(h2.count), v = rng.normals(h2.count)
            var lhs = 0.0, uu = 0.0, vv = 0.0, v2 = 0.0
            for i in h2.indices {
                lhs += h3[i] * v[i] * u[i] * u[i]
                uu += h2[i] * u[i] * u[i]
                vv += h2[i] * v[i] * v[i]
                v2 += v[i] * v[i]
            }
            let rhs = uu * pow(vv.squareRoot(), nu - 2) * pow(v2.squareRoot(), 3 - nu)
            if rhs > 0 { sampled = max(sampled, abs(lhs) / rhs) }
        }
        return (coord, sampled)
    }
}
