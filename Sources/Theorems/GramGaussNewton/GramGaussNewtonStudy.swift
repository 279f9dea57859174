import Foundation
import Optimizers
import Problems

/// **Gram-Gauss-Newton** (Cai et al., 002; Proofs/GramGaussNewton.md).
///
/// Problem: squared loss ½‖f(w) − y‖² on m samples, two-layer network of width M (our n).
/// Method: w ← w − Jᵀ(JJᵀ)⁻¹(f(w) − y) (full batch; `GramGaussNewton`), and
/// its mini-batch form with the Gram matrix of each batch (`MiniBatchGramGaussNewton`).
/// Guarantee (002, "Second-order Convergence for Overparameterized Networks"): for M large,
/// (1) G_t = J_tJ_tᵀ is invertible at every iteration (`GramInvertibility`); (2) ‖f(w_{t+1}) − y‖
/// ≤ (C/√M)‖f(w_t) − y‖² with C independent of M (`QuadraticConvergence`); (abstract) mini-batch
/// GGN converges (`MiniBatchDescent`). The runs: GramGaussNewtonRuns.swift; the section's table
/// and figures: GramGaussNewtonPresentation.swift.
public enum GramGaussNewtonStudy: Study {
    public static let id = "gram-gauss-newton"
    public static let title = "Gram-Gauss-Newton (Cai et al., 002)"
    static let source = Papers.cai002
    public static let sources = [source]
    public static let proofs = "Proofs/GramGaussNewton.md"

    public static var instanceTheorems: [(id: TheoremID, entry: RegisteredTheorem.InstanceEntry)] {
        [(GramInvertibility.id, RegisteredTheorem.InstanceEntry(GramInvertibility.self))]
    }

    public static let theorems: [StudyTheoremEntry<Evidence>] = [
        StudyTheoremEntry(GramInvertibility.self),
        StudyTheoremEntry(QuadraticConvergence.self),
        StudyTheoremEntry(MiniBatchDescent.self),
    ]

    // MARK: - Scales

    /// The sweep at one scale (Proofs/GramGaussNewton.md §6).
    public struct Plan: Sendable, Equatable {
        public var m: Int
        public var widths: [Int]
        public var seeds: [UInt64]
        public var steps: Int
        public var miniWidth: Int
        public var batchSize: Int
        public var epochs: Int
    }

    public static func plan(_ suite: SuiteSpec) -> Plan {
        let seeds = suite.seeds.isEmpty ? [0] : suite.seeds
        switch suite.studyScale {
        case .quick:
            return Plan(m: 12, widths: [32, 64, 128], seeds: Array(seeds.prefix(1)), steps: 6, miniWidth: 128, batchSize: 4, epochs: 4)
        case .standard:
            return Plan(m: 40, widths: (6...11).map { 1 << $0 }, seeds: suite.withRegimeSeeds(Array(seeds.prefix(2))), steps: 8, miniWidth: 1024, batchSize: 10, epochs: 10)
        case .full:
            return Plan(m: 40, widths: (6...20).map { 1 << $0 }, seeds: suite.withRegimeSeeds(seeds), steps: 8, miniWidth: 4096, batchSize: 10, epochs: 20)
        }
    }

    // MARK: - Study

    /// The full-batch sweep when item 1 or 2 is selected, the mini-batch runs when the
    /// mini-batch theorem is.
    public static func measure(_ suite: SuiteSpec, progress: ((String) -> Void)?) -> Evidence {
        let plan = plan(suite)
        var e = Evidence(plan: plan, scale: suite.studyScale)
        if suite.includes(GramInvertibility.id) || suite.includes(QuadraticConvergence.id) {
            for seed in plan.seeds {
                for n in plan.widths {
                    progress?("full-batch GGN, seed \(seed), M = \(n)")
                    e.runs.append(fullBatchRun(spec(suite, plan: plan, seed: seed, width: n), steps: plan.steps))
                }
            }
        }
        if suite.includes(MiniBatchDescent.id) {
            e.miniBatchRuns = plan.seeds.map { seed in
                progress?("mini-batch GGN, seed \(seed), M = \(plan.miniWidth)")
                return miniBatchRun(spec(suite, plan: plan, seed: seed, width: plan.miniWidth), batchSize: plan.batchSize, epochs: plan.epochs)
            }
        }
        return e
    }

    public static func presentation(_ e: Evidence, results: [InstanceResult], suite: SuiteSpec) -> (tables: [StudyTable], figures: [StudyFigure]) {
        var tables: [StudyTable] = [], figures: [StudyFigure] = []
        if suite.includes(QuadraticConvergence.id) && !e.runs.isEmpty {
            figures.append(cHatFigure(e))
            tables.append(runsTable(e))
        }
        if !e.runs.isEmpty { figures.append(lambdaMinFigure(e)) }
        if let f = lossFigure(e) { figures.append(f) }
        return (tables, figures)
    }

    static func fmt(_ x: Double) -> String { String(format: "%.3g", x) }
}
