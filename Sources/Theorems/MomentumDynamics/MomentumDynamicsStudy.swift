import Foundation
import LinearAlgebra
import Optimizers
import TwoLayerNetwork

/// Bu, Xu, Chen (004), "A Dynamical View on Optimization Algorithms of Overparameterized Neural
/// Networks": on a wide two-layer network under L = ½‖f − y‖², the NTK H(t) = JJᵀ stays positive
/// definite (λ_min(H(t)) ≥ λ_0/2; `NTKStability`), the heavy-ball flow ẅ + √(2λ_0)ẇ + ∇L = 0 gives
/// L(t) ≤ (4/λ_0)e^{−√(λ_0/2)t}L̂(0) (`HeavyBallDecay`), the NAG flow ẅ + (γ/t)ẇ + ∇L = 0 gives
/// L(t) ≤ A t^{−α}L(0) with 4 < α ≤ 2γ/3 (`NesterovDecay`), and heavy ball is faster than GD
/// (`HeavyBallAgainstGD`). Readings, derivations and error bounds: Proofs/MomentumDynamics.md
/// (sections cited as §n). The runs: MomentumDynamicsRuns.swift; the table and figures:
/// MomentumDynamicsPresentation.swift.
public enum MomentumDynamicsStudy: Study {
    public static let id = "momentum-dynamics"
    public static let title = "Momentum dynamics (004, Bu, Xu, Chen)"
    static let source = Papers.bu004
    public static let sources = [source]
    public static let proofs = "Proofs/MomentumDynamics.md"

    public static let theorems: [StudyTheoremEntry<Evidence>] = [
        StudyTheoremEntry(NTKStability.self),
        StudyTheoremEntry(HeavyBallDecay.self),
        StudyTheoremEntry(NesterovDecay.self),
        StudyTheoremEntry(HeavyBallAgainstGD.self),
    ]

    /// NAG's γ: the theorem needs γ > 6 and 4 < α ≤ 2γ/3; γ = 9 allows α up to 6.
    public static let gamma = 9.0
    /// Loss level (relative to L(0)) for the iteration comparison and the table.
    public static let epsilonRelative = 1e-4
    /// Loss levels (relative to L(0)) of the continuous-time comparison, one sub-instance each.
    public static let epsilons = [1e-2, 1e-4, 1e-6]

    // MARK: - Scales

    /// Problem size and integration budget of one scale.
    public struct Setup: Sendable {
        public var m: Int
        public var width: Int
        public var n0: Int
        public var seeds: [UInt64]
        /// RK4 step as a fraction of 1/√λ_max(H(0)).
        public var stepFraction: Double
        /// Heavy-ball horizon: the bound's exponent √(λ_0/2)·T.
        public var decayExponent: Double
        /// Cap on the integration steps of one run.
        public var maxSteps: Int
        public var activation: Activation
        /// Output weights v_0 ∈ {±1} (004 / Du et al.) instead of the project's U(0,1).
        public var signOutputLayer = true
    }

    public static func setup(_ scale: StudyScale) -> Setup {
        switch scale {
        case .quick: return Setup(m: 8, width: 256, n0: 5, seeds: [0], stepFraction: 0.125, decayExponent: 10, maxSteps: 600, activation: .relu)
        case .standard: return Setup(m: 16, width: 1024, n0: 5, seeds: [0, 1], stepFraction: 0.125, decayExponent: 12, maxSteps: 1600, activation: .relu)
        case .full: return Setup(m: 32, width: 4096, n0: 5, seeds: [0, 1, 2], stepFraction: 0.1, decayExponent: 14, maxSteps: 6000, activation: .relu)
        }
    }

    // MARK: - Study

    /// Every trajectory of every seed, whatever is selected (as the study always did).
    /// At standard and full scale the suite's regime seeds join the setup's (issue 27: 10 seeds per claim).
    public static func measure(_ suite: SuiteSpec, progress: ((String) -> Void)?) -> Evidence {
        var s = setup(suite.studyScale)
        if suite.studyScale != .quick { s.seeds = suite.withRegimeSeeds(s.seeds) }
        return measure(suite, setup: s, progress: progress)
    }

    public static var instanceTheorems: [(id: TheoremID, entry: RegisteredTheorem.InstanceEntry)] {
        [(NTKStability.id, RegisteredTheorem.InstanceEntry(NTKStability.self))]
    }

    /// The study on an explicit setup (the tests vary the seeds at quick scale).
    public static func run(_ suite: SuiteSpec, setup s: Setup, progress: ((String) -> Void)?) -> StudyResult {
        BLASThreads.setReproducible()
        return run(suite, evidence: measure(suite, setup: s, progress: progress))
    }

    public static func presentation(_ e: Evidence, results: [InstanceResult], suite: SuiteSpec) -> (tables: [StudyTable], figures: [StudyFigure]) {
        ([table(e.measured)], figures(e.measured) + [sweepFigure(e.sweep)].compactMap { $0 })
    }

    /// The report lists the seeds that could not be measured first (every theorem's failure),
    /// then seed by seed every theorem's results, as the study produced them.
    public static func reportOrder(_ results: [InstanceResult], evidence e: Evidence) -> [InstanceResult] {
        func rank(_ r: InstanceResult) -> Int {
            if r.reading == .all, let k = e.failed.firstIndex(where: { $0.label == r.instance }) { return k }
            return e.failed.count + (e.measured.firstIndex { $0.label == r.instance } ?? e.measured.count)
        }
        return results.enumerated().map { (rank($0.element), $0.offset, $0.element) }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }
}
