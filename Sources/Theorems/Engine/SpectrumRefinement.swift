import Foundation
import Quantities
import Trajectories

/// Compute what the verdicts need (`--sigma refine`, the default; Proofs/Numerics.md §2.4).
/// σ_min(J_t) and σ_max(J_t) come first from the structured Gram's estimated interval, a fraction
/// of the cost of the orthogonal route; a step is refined by the orthogonal route only when a
/// registered theorem's check that reads them (`TrajectoryTheorem.spectrumChecks`) is not
/// decided at the interval's width. The engine asks every registered theorem, selected or not,
/// so an instance is the same run in a restricted run as in the whole suite.
public enum SpectrumRefinement {
    /// A check counts as decided at the interval's width when |margin| exceeds this many times
    /// its error bound. With 2, refining cannot change its status: the accurate margin differs
    /// from the interval's by at most the σ part of the interval's bound (Proofs/Numerics.md §2.4).
    public static let decisionFactor = 2.0

    /// Whether refining σ could change `check`'s status (NaN parts: it could).
    public static func isDecided(_ check: Check) -> Bool {
        abs(check.margin) > decisionFactor * check.errorBound
    }

    /// The recorder's question at each step, for runs of `config`.
    public static func predicate(_ config: RunConfig) -> @Sendable (StepQuantities) -> Bool {
        let entries = TheoremRegistry.all.compactMap(\.trajectory)
        return { q in entries.contains { e in e.spectrumChecks(q, config).contains { !isDecided($0) } } }
    }

    /// What a theorem that read σ(J_t) on `run` says about where σ came from (nil when it read
    /// none, or the run did not use `--sigma refine`).
    static func note(_ run: InstrumentedRun, theorem: RegisteredTheorem.TrajectoryEntry) -> String? {
        guard run.config.sigmaRoute == .refine,
              run.quantities.contains(where: { !theorem.spectrumChecks($0, run.config).isEmpty }) else { return nil }
        let q = run.quantities
        let tight = q.filter { $0.sigmaMethod == .gramInterval && $0.spectrum.isTight() }.count
        let wide = q.filter { !$0.spectrum.isTight() }.count
        let refined = run.refinedSteps
        var s = "σ(J_t) at \(q.count) steps: the Gram interval at \(tight + wide) (tight at \(tight), wide but deciding every check at \(wide))"
        let unforced = q.filter { $0.sigmaMethod == .orthogonal }.count - refined.count
        if unforced > 0 { s += ", the orthogonal route at \(unforced) where the Gram matrix was not finite" }
        if refined.isEmpty { return s + "; no step needed refining" }
        let shown = refined.prefix(8).map(String.init).joined(separator: ", ") + (refined.count > 8 ? ", …" : "")
        return s + "; refined by QR of Jᵀ at \(refined.count) (t = \(shown)) where a check was undecided at the interval's width"
    }
}
