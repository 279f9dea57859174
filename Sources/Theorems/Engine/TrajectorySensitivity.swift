import Foundation
import Problems

/// One verdict on every CPU (Proofs/Numerics.md §6). A check's error bound covers the evaluation
/// of its inequality at the computed iterates, not the distance of those iterates from the exact
/// ones, which a trajectory can amplify far beyond the rounding of one step (another BLAS kernel
/// moved a decisive loss by 3.4e-5 relative where the bound was 2e-15). So every instance is
/// evaluated twice: as sampled, and from θ_0 moved by a few ulps (`RoundingProbe`). The two are
/// merged by `merge`: an outcome that differs, or a decisive margin whose change between the two
/// could flip it, makes the instance inconclusive (trajectory-sensitive); otherwise the change is
/// added to the decisive check's error bound. This is an estimate of the sensitivity, not a bound.
public enum TrajectorySensitivity {
    /// The note every trajectory-sensitive instance carries (the reports and tests look for it).
    public static let marker = "trajectory-sensitive"
    /// A decisive margin is kept only when it exceeds its error bound by this many times the
    /// change the perturbed start made.
    public static let safety = 4.0

    /// `body` evaluated on the nominal start and on replicate 1, merged.
    public static func evaluate(_ body: () throws -> [InstanceResult]) rethrows -> [InstanceResult] {
        let nominal = try body()
        let replicate = try RoundingProbe.$replicate.withValue(1) { try body() }
        return merge(nominal, replicate)
    }

    /// The nominal results with each one's replicate (same theorem, reading and instance) folded in.
    public static func merge(_ nominal: [InstanceResult], _ replicate: [InstanceResult]) -> [InstanceResult] {
        var twins: [String: InstanceResult] = [:]
        for r in replicate { twins[key(r)] = r }
        return nominal.map { r in twins[key(r)].map { fold(r, $0) } ?? r }
    }

    static func key(_ r: InstanceResult) -> String {
        "\(r.theorem)|\(r.reading)|\(r.instance.method ?? "")|\(r.instance.arguments.joined(separator: " "))"
    }

    static func fold(_ r: InstanceResult, _ twin: InstanceResult) -> InstanceResult {
        var out = r
        if r.outcome != twin.outcome {
            out.outcome = .inconclusive
            out.trajectorySensitive = true
            out.notes.append("\(marker): \(r.outcome.rawValue) here, \(twin.outcome.rawValue) from θ_0 moved by a few ulps (Proofs/Numerics.md §6)")
            return out
        }
        guard r.outcome == .holds || r.outcome == .counterexample, let d = r.decisive, d.margin.isFinite,
              let t = twin.subChecks(named: d.name, step: d.step) ?? twin.decisive, t.margin.isFinite else { return out }
        let change = abs(d.margin - t.margin)
        out.sensitivity = change
        guard change > 0 else { return out }
        if abs(d.margin) <= d.errorBound + safety * change {
            out.outcome = .inconclusive
            out.trajectorySensitive = true
            // No numbers in the note: they are the part that differs from one machine to another.
            out.notes.append("\(marker): from θ_0 moved by a few ulps the decisive margin moved by more than a \(Int(safety))th of its distance from its error bound (Proofs/Numerics.md §6)")
        } else {
            out.addToErrorBound(change, of: d)
        }
        return out
    }
}

extension InstanceResult {
    /// Adds `extra` to the error bound of every stored copy of check `c`.
    mutating func addToErrorBound(_ extra: Double, of c: Check) {
        func bump(_ x: inout Check?) { if x?.name == c.name && x?.step == c.step { x?.errorBound += extra } }
        bump(&witness); bump(&heldConclusion); bump(&worstConclusion); bump(&worstHypothesis)
    }

    /// The check of this result with the given name and step (the decisive checks are kept).
    func subChecks(named name: String, step: Int?) -> Check? {
        [witness, heldConclusion, worstConclusion, worstHypothesis].compactMap { $0 }.first { $0.name == name && $0.step == step }
    }
}
