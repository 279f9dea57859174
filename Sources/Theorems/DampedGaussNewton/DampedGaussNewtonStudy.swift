import Foundation
import Optimizers

/// **Damped Gauss-Newton** (Cayci, 003, arXiv 2412.14031; Proofs/DampedGaussNewton.md).
///
/// Problem: two-layer network, L(θ) = (1/2m)‖f(θ) − y‖². Method: Levenberg–Marquardt
/// θ − η(JᵀJ + λ_tI)⁻¹Jᵀ(f − y) in Gram form, constant or adaptive damping; baseline gradient
/// descent with step m/λ_max(K_0). Guarantees checked: (a) iterations to reach ε do not grow
/// with 1/λ_min(K_0) for GN, and grow roughly like it for GD (fitted exponents, §4;
/// `ConditioningSweep`); (b) a per-step contraction of the loss in the overparameterized regime,
/// under the damping range λ_t ≤ λ_min(K_t) (§5; `OverparameterizedRate`); (c) geometric
/// convergence to the best in-class loss when m > p (§6; `UnderparameterizedConvergence`).
/// The runs: DampedGaussNewtonRuns.swift; the tables and figures: DampedGaussNewtonPresentation.swift.
public enum DampedGaussNewtonStudy: Study {
    public static let id = "damped-gn"
    public static let title = "Damped Gauss-Newton (Cayci, 003)"
    static let source = Papers.cayci003 + " (abstract)"
    public static let sources = [Papers.cayci003]
    public static let proofs = "Proofs/DampedGaussNewton.md"

    public static let theorems: [StudyTheoremEntry<Evidence>] = [
        StudyTheoremEntry(ConditioningSweep.self),
        StudyTheoremEntry(OverparameterizedRate.self),
        StudyTheoremEntry(UnderparameterizedConvergence.self),
    ]

    /// The sizes of one scale (§7).
    public struct Scale: Sendable {
        public var m: Int, n: Int, n0: Int
        /// Target λ_min(K_0) values (all reachable for (m, n, n0), seed 0).
        public var targets: [Double]
        public var gdCap: Int, gnCap: Int
        /// Underparameterized problem: m_u samples, n_u hidden units (p = n_u(n0+1) < m_u).
        public var mUnder: Int, nUnder: Int, underSteps: Int, referenceSteps: Int
        public var seed: UInt64 = 0

        public static func of(_ s: StudyScale) -> Scale {
            switch s {
            case .quick: return Scale(m: 16, n: 32, n0: 5, targets: [1e-3, 4.6e-4, 2.15e-4], gdCap: 20000, gnCap: 200,
                                      mUnder: 48, nUnder: 3, underSteps: 150, referenceSteps: 200)
            case .standard: return Scale(m: 16, n: 32, n0: 5, targets: [1e-3, 2.15e-4, 4.6e-5, 1e-5], gdCap: 400_000, gnCap: 400,
                                         mUnder: 96, nUnder: 3, underSteps: 400, referenceSteps: 400)
            case .full: return Scale(m: 16, n: 32, n0: 5, targets: [1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6],
                                     gdCap: 5_000_000, gnCap: 1000, mUnder: 200, nUnder: 3, underSteps: 600, referenceSteps: 1000)
            }
        }
    }

    public static var instanceTheorems: [(id: TheoremID, entry: RegisteredTheorem.InstanceEntry)] {
        [(UnderparameterizedConvergence.id, RegisteredTheorem.InstanceEntry(UnderparameterizedConvergence.self))]
    }

    /// Loss target ε, relative to L(θ_0) (our reading: the paper fixes no ε).
    public static let relativeEpsilon = 1e-6
    /// GD step α·m/λ_max(K_0): α = 1 is the 1/L_smooth rule at θ_0.
    public static let gdAlpha = 1.0
    /// The damping schedules compared: constant, curvature-aware, residual-adaptive (§2).
    public static let schedules: [DampingSchedule] = [.constant(1e-5), .curvature(1), .residual(1e-2)]
    /// Damping range of the rate reading: λ_t ≤ cBar·λ_min(K_t) (our reading of "appropriately chosen").
    public static let cBar = 1.0
    /// Thresholds of the exponent readings (§4): GN "does not grow" means exponent ≤ 0.2; GD
    /// "grows roughly like 1/λ_min" means exponent ≥ 0.5.
    public static let flatExponent = 0.2, growingExponent = 0.5
    /// Step size of the underparameterized run (a discretization of the GN flow, §6).
    public static let underEta = 0.1
    /// Damping of the underparameterized runs: negligible against λ_min(JᵀJ) where J has full
    /// column rank, and keeps the p×p Cholesky defined where it nearly does not.
    public static let underDamping = 1e-8

    // MARK: - Study

    /// Every run at the suite's scale, whatever is selected (as the study always did).
    public static func measure(_ suite: SuiteSpec, progress: ((String) -> Void)?) -> Evidence {
        measure(scale: Scale.of(suite.studyScale), progress: progress)
    }

    public static func presentation(_ e: Evidence, results: [InstanceResult], suite: SuiteSpec) -> (tables: [StudyTable], figures: [StudyFigure]) {
        var tables: [StudyTable] = [], figures: [StudyFigure] = []
        if let t = conditioningTable(e) { tables.append(t) }
        figures += sweepFigures(e.points, e.scale)
        if let u = e.under {
            let phase = UnderparameterizedConvergence.geometricPhase(u, e.scale)
            figures.append(underFigure(u, phase, e.scale))
            tables.append(underTable(u, phase, e.scale))
        }
        return (tables, figures)
    }

    /// The report lists the per-step rate results first: they were produced in the sweep, before
    /// the fits of the conditioning reading and the underparameterized run.
    public static func reportOrder(_ results: [InstanceResult], evidence: Evidence) -> [InstanceResult] {
        let order: [TheoremID] = [OverparameterizedRate.id, ConditioningSweep.id, UnderparameterizedConvergence.id]
        return order.flatMap { id in results.filter { $0.theorem == id } }
    }
}
