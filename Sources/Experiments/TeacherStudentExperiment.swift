import Foundation
import Statistics
import LinearAlgebra
import Optimizers
import Problems
import Trajectories

/// **The paper's teacher-student experiment** (000 "Simulation: teacher-student"; 001,
/// "Key Results" and "Open Question 2"), reproduced on our numbers.
///
/// Runs the regularized GGN (adaptive α, the paper's defaults) and gradient descent on the
/// default teacher-student problem; sweeps τ over 10^[−8, 0] and μ over a grid around 1/κ(n);
/// and sets each stated finding of 001 beside what we measure. Wall-clock times are measured
/// too, but only shown in the reports' timing section (they vary between runs).
public struct TeacherStudentExperiment: Sendable {
    public var base: RunConfig
    public var ggnSteps = 30
    public var gdSteps = 300
    public var tauGrid: [Double] = (0...8).map { pow(10, -Double(8 - $0)) }
    /// μ values; the paper's μ = 1/κ(n) = √n is added to these.
    public var muGrid: [Double] = [1, 5, 50, 100]
    /// |θ_i| below this counts as a near-zero weight.
    public var nearZero = 1e-3

    public init(base: RunConfig) { self.base = base }

    public struct Curve: Sendable, Codable {
        public var method: String
        public var trainLoss: [Double]
        public var testLoss: [Double]
        /// The objective both methods minimize, L = R̂ + g.
        public var objective: [Double]
        /// Cumulative seconds after each iteration (timing section only).
        public var seconds: [Double]
        public var outcome: String
        /// α_0, the first step size the method took (NaN for a fixed-step method).
        public var alpha0: Double = .nan
    }

    public struct SweepPoint: Sendable, Codable {
        public var value: Double
        public var finalTrain: Double
        public var finalTest: Double
        public var nearZeroWeights: Int
        public var outcome: String
    }

    public struct Finding: Sendable, Codable {
        /// The claim, quoted from 001.
        public var claim: String
        /// What we measured.
        public var measured: String
        /// true confirmed, false not confirmed, nil not testable as stated.
        public var confirmed: Bool?
    }

    public struct Result: Sendable {
        public var curves: [Curve]
        public var tauSweep: [SweepPoint]
        public var muSweep: [SweepPoint]
        public var findings: [Finding]
        public var parameterCount: Int
    }

    func curve(_ config: RunConfig, problem: Problem, name: String) throws -> Curve {
        var c = config
        c.recordSpectra = false
        let engine = try TrajectoryEngine(problem: problem, config: c)
        var times: [Double] = [0]
        let start = Date()
        let traj = engine.run { _, _, _, _ in times.append(Date().timeIntervalSince(start)) }
        return Curve(method: name, trainLoss: traj.records.map(\.dataLoss), testLoss: traj.records.map(\.testLoss),
                     objective: traj.records.map(\.loss),
                     seconds: Array(times.prefix(traj.records.count)), outcome: traj.outcome.summary,
                     alpha0: traj.records.first?.alpha ?? .nan)
    }

    func sweepPoint(_ config: RunConfig, problem: Problem, value: Double) throws -> SweepPoint {
        var c = config
        c.recordSpectra = false
        let traj = try TrajectoryEngine(problem: problem, config: c).run()
        let last = traj.records.last
        return SweepPoint(value: value, finalTrain: last?.dataLoss ?? .nan, finalTest: last?.testLoss ?? .nan,
                          nearZeroWeights: traj.finalTheta.filter { abs($0) < nearZero }.count, outcome: traj.outcome.summary)
    }

    public func run(progress: ((String) -> Void)? = nil) throws -> Result {
        BLASThreads.setReproducible()
        let problem = try Problem.make(base.problem)
        // GGN with the paper's adaptive step; GD with α = m/λ_max(J_0J_0ᵀ), the largest step
        // that is stable for the Gauss-Newton model of R̂ at θ_0.
        var ggn = base
        ggn.method = .regularizedGGN(.overparameterized)
        ggn.steps = ggnSteps
        let j0 = Objective(problem: problem, regularizer: try base.regularizer()).evaluate(problem.theta0).jacobian
        let lMax = try Spectral.symmetricEigenvalues(Matrix.gram(j0)).last ?? 1
        var gd = base
        gd.method = .gradientDescent
        gd.stepSize = .fixed(Double(problem.sampleCount) / lMax)
        gd.steps = gdSteps
        progress?("GGN \(ggnSteps) iterations")
        let cGGN = try curve(ggn, problem: problem, name: "regularized GGN")
        progress?("GD \(gdSteps) iterations")
        let cGD = try curve(gd, problem: problem, name: "gradient descent")
        // What the authors' code computes on the same problem and iterations (Proofs/ReferenceImplementation.md §8).
        var variants: [Curve] = []
        for v in [ReferenceVariant.automatic, .synthetic] {
            var c = ggn
            c.method = .reference(v)
            progress?("\(v.methodName) \(ggnSteps) iterations")
            variants.append(try curve(c, problem: problem, name: v.methodName))
        }
        var tauSweep: [SweepPoint] = [], muSweep: [SweepPoint] = []
        for tau in tauGrid {
            progress?("τ = \(tau)")
            var c = ggn
            c.tau = tau
            tauSweep.append(try sweepPoint(c, problem: problem, value: tau))
        }
        for mu in Array(Set(muGrid + [base.resolvedMu])).sorted() {
            progress?("μ = \(mu)")
            var c = ggn
            c.mu = mu
            muSweep.append(try sweepPoint(c, problem: problem, value: mu))
        }
        return Result(curves: [cGGN, cGD] + variants, tauSweep: tauSweep, muSweep: muSweep,
                      findings: findings(cGGN, cGD, tauSweep, muSweep), parameterCount: problem.parameterCount)
    }

    func findings(_ ggn: Curve, _ gd: Curve, _ tau: [SweepPoint], _ mu: [SweepPoint]) -> [Finding] {
        // Non-finite values read "undefined" or ±∞, never "nan" (a rank correlation over fewer
        // than 3 points is undefined, and such a finding is not testable).
        func f(_ x: Double) -> String { x.isNaN ? "undefined" : x.isInfinite ? (x > 0 ? "∞" : "−∞") : String(format: "%.3g", x) }
        func rho(_ x: [Double], _ y: [Double]) -> Double { x.count < 3 ? .nan : spearman(x, y) }
        var out: [Finding] = []
        let r0 = ggn.trainLoss.first ?? .nan, rT = ggn.trainLoss.last ?? .nan
        out.append(Finding(
            claim: "GGN with GSC regularization converges to target function that best interpolates training data",
            measured: "training loss R̂ \(f(r0)) → \(f(rT)) after \(ggn.trainLoss.count - 1) GGN iterations (τ = \(f(base.tau))); confirmed when it falls by 10³ or more",
            confirmed: rT <= 1e-3 * r0))
        let gdFinal = gd.objective.last ?? .nan
        let reach = ggn.objective.firstIndex { $0 <= gdFinal }
        out.append(Finding(
            claim: "The approach achieves competitive results compared to standard gradient descent (convergence speed)",
            measured: "both minimize L = R̂ + g; GD reaches L = \(f(gdFinal)) after \(gd.objective.count - 1) iterations; GGN reaches it " + (reach.map { "after \($0) iterations" } ?? "not within \(ggn.objective.count - 1) iterations (its final L is \(f(ggn.objective.last ?? .nan)))") + "; confirmed when GGN needs fewer iterations (wall time in the timing section)",
            confirmed: reach.map { $0 < gd.objective.count - 1 } ?? false))
        let muV = mu.map(\.value)
        let rhoTrain = rho(muV, mu.map(\.finalTrain)), rhoTest = rho(muV, mu.map(\.finalTest))
        out.append(Finding(
            claim: "larger values of µ yield better performance in terms of optimization and generalization",
            measured: "over μ ∈ {\(muV.map(f).joined(separator: ", "))}: Spearman ρ(μ, final train loss) = \(f(rhoTrain)), ρ(μ, final test loss) = \(f(rhoTest)); confirmed when both are negative",
            confirmed: rhoTrain.isNaN || rhoTest.isNaN ? nil : rhoTrain < 0 && rhoTest < 0))
        let testT = ggn.testLoss.last ?? .nan
        out.append(Finding(
            claim: "good generalization performance with a reasonable tradeoff between test error and training error",
            measured: "final test loss \(f(testT)) against training loss \(f(rT)) (ratio \(f(testT / rT))); the claim sets no threshold, so it is not testable as stated",
            confirmed: nil))
        let nz = tau.map { Double($0.nearZeroWeights) }, rhoTau = rho(tau.map(\.value), nz)
        let grid = tau.isEmpty ? "no τ" : "τ = \(f(tau.map(\.value).min()!))…\(f(tau.map(\.value).max()!))"
        out.append(Finding(
            claim: "the GSC regularizer (a smoothing of ℓ1) acts as an explicit regularizer: stronger τ, sparser weights (our reading of 000's 'Regularization with stability')",
            measured: "near-zero weights (|θ_i| < \(f(nearZero))) over \(grid): \(tau.map { String($0.nearZeroWeights) }.joined(separator: ", ")); Spearman ρ(τ, count) = \(f(rhoTau)); confirmed when ρ ≥ 0.5 (a clear increasing trend)",
            confirmed: rhoTau.isNaN ? nil : rhoTau >= 0.5))
        return out
    }
}
