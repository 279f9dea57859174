import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Trajectories

/// The NTK-stability lemma over widths (`--suite full` only; Proofs/MomentumDynamics.md §8):
/// m = 40, widths 2^6 … 2^20, the discrete heavy ball of the study (η = h², β = 1 − √(2λ_0)h,
/// h = 0.1/√λ_max(H(0))) for a fixed 32 iterations, J never formed: every evaluation is streamed
/// and H(t) = JJᵀ is its structured Gram, so λ_min(H(t)) costs one 40×40 eigenproblem per step.
extension MomentumDynamicsStudy {
    public static let sweepM = 40
    public static let sweepSteps = 32
    static let sweepStepFraction = 0.1

    /// The sweep's widths at a scale (empty below `full`: the other scales are unchanged).
    public static func sweepWidths(_ scale: StudyScale) -> [Int] { scale == .full ? (6...20).map { 1 << $0 } : [] }

    /// One width of the sweep: λ_0 = λ_min(H(0)) with its error bound, and the heavy-ball run
    /// whose records carry λ_min(H(t)).
    public struct SweepPoint: Sendable {
        public var label: InstanceLabel
        public var width: Int
        public var lambda0: Double
        public var lambda0Error: Double
        public var run: Trajectory
    }

    public static func sweepSetup(width: Int, seed: UInt64) -> Setup {
        Setup(m: sweepM, width: width, n0: 5, seeds: [seed], stepFraction: sweepStepFraction, decayExponent: 0, maxSteps: sweepSteps, activation: .relu)
    }

    static func sweepLabel(width: Int, seed: UInt64) -> InstanceLabel {
        InstanceLabel(problem: "teacher-student", seed: seed, m: sweepM, width: width, tau: 0, mu: 0, steps: sweepSteps, activation: "relu",
                      arguments: ["--study", id, "--sweep", "ntk-width", "--seed", "\(seed)", "--m", "\(sweepM)", "--n", "\(width)"])
    }

    /// The structured Gram's spectrum with its formation bound (no Jacobian error, as `Momentum.ntkSpectrum`).
    static func streamedNTK(_ ev: PointEvaluation) throws -> GramSpectrum {
        guard let g = ev.streamedGram else { throw StepError("the sweep's evaluation carries no structured Gram") }
        return try Spectral.structuredGramSpectrum(g.gram, formationError: g.errorBound, frobeniusSquared: g.frobeniusSquaredBound)
    }

    public static func sweepPoint(width: Int, seed: UInt64) throws -> SweepPoint {
        let pr = try problem(sweepSetup(width: width, seed: seed), seed: seed)
        let objective = Objective(unregularized: pr, scaling: .halfSum, formsGradient: true)
        let h0 = try streamedNTK(objective.streamedEvaluate(pr.theta0))
        guard h0.lambdaMin > h0.errorBound else {
            throw StepError("λ_min(H(0)) = \(h0.lambdaMin) is not estimated positive (error bound \(h0.errorBound))")
        }
        let h = sweepStepFraction / h0.lambdaMax.squareRoot()
        let method = StreamedEvaluation(HeavyBall(h: h, damping: (2 * h0.lambdaMin).squareRoot()))
        let observers = TrajectoryObservers(record: { rec, ev in rec.gram = try streamedNTK(ev) })
        let engine = TrajectoryEngine(objective: objective, optimizer: method, rules: RunRules(steps: sweepSteps, divergence: .none))
        return SweepPoint(label: sweepLabel(width: width, seed: seed), width: width, lambda0: h0.lambdaMin, lambda0Error: h0.errorBound,
                          run: engine.run(observers: observers))
    }

    /// Every width of the sweep for every seed of the setup.
    static func measureSweep(_ scale: StudyScale, seeds: [UInt64], into e: inout Evidence, progress: ((String) -> Void)?) {
        for seed in seeds {
            for width in sweepWidths(scale) {
                progress?("NTK width sweep, seed \(seed), width \(width)")
                do { e.sweep.append(try sweepPoint(width: width, seed: seed)) } catch {
                    e.sweepFailed.append(Failure(label: sweepLabel(width: width, seed: seed), reason: "\(error)"))
                }
            }
        }
    }

    /// min_t λ_min(H(t))/λ_0 against the width, one series per seed.
    static func sweepFigure(_ points: [SweepPoint]) -> StudyFigure? {
        guard !points.isEmpty else { return nil }
        let seeds = Array(Set(points.map(\.label.seed))).sorted()
        let series = seeds.map { s in
            let ps = points.filter { $0.label.seed == s }
            return StudySeries(label: "seed \(s)", x: ps.map { Double($0.width) },
                               y: ps.map { p in (p.run.records.compactMap { $0.gram?.lambdaMin }.min() ?? .nan) / p.lambda0 })
        } + [StudySeries(label: "λ_0/2 (the lemma's bound)", x: [Double(points.map(\.width).min()!), Double(points.map(\.width).max()!)], y: [0.5, 0.5], dashed: true)]
        return StudyFigure(name: "ntk-width-sweep", title: "NTK stability over widths: min_t λ_min(H(t))/λ_0 along \(sweepSteps) heavy-ball steps (m = \(sweepM))",
                           xLabel: "width", yLabel: "min_t λ_min(H(t))/λ_0", logX: true, series: series,
                           caption: "Streamed evaluations (J never formed); H(t) is the structured Gram. The lemma asks the ratio to stay ≥ 1/2 for widths large enough.")
    }
}
