import Foundation
import Theorems

/// The "Reference implementation" section of a suite that ran our regularized GGN beside the
/// variants of what the authors' code computes (Proofs/ReferenceImplementation.md §2, §7): what
/// was compared, one line per discrepancy with its measured effect on this suite's trajectories,
/// and the verdicts that change between ours and each variant.
enum ReferenceReport {
    static func fmt(_ x: Double?) -> String { MarkdownReport.fmt(x) }

    static func section(_ c: ReferenceComparison, _ result: SuiteResult, rootLink: String) -> String {
        var md = "## Reference implementation (the authors' code)\n\n"
        md += "Compared: on every problem of this suite (seed, τ, μ), our regularized GGN (`\(c.methods[0])`, the poster's step) and "
        md += c.methods.dropFirst().map { "`\($0)`" }.joined(separator: ", ")
        md += ", the steps the authors' public code computes, written from the formulas derived in [Proofs/ReferenceImplementation.md](\(rootLink)/Proofs/ReferenceImplementation.md) §2: "
        md += "`ggn-reference` their step on a correct Jacobian (branch W iff m + 1 ≤ p, else P), `ggn-reference-param` branch P always, `ggn-reference-synthetic` what their synthetic experiments ran (W with J/κ and u-columns paired with other weights). "
        md += "All of them with their α_t = min(1, ᾱ/(1 + M_gτη̄_t)). Every per-trajectory theorem is evaluated along each; the variants' rows carry the method in brackets. Final R̂ is the geometric mean over the seeds at the last iterate (the run stops at R̂ ≤ \(fmt(result.suite.base.tolerance)) or after \(result.suite.base.steps) iterations).\n\n"
        md += discrepancies(c, result) + "\n"
        md += lossTable(c) + "\n"
        md += changeTable(c) + "\n"
        return md
    }

    /// The problems at one τ on the τ grid (μ at the suite's default), or one μ of the μ sweep.
    static func atTau(_ c: ReferenceComparison, _ result: SuiteResult, _ tau: Double) -> (ReferenceComparison.Problem) -> Bool {
        let muSweep = result.suite.muSweep
        return { p in abs(p.tau - tau) <= 1e-9 * tau && !(muSweep.map { s in abs(s.tau - tau) <= 1e-12 && s.mus.contains(p.mu) } ?? false) }
    }

    static func loss(_ c: ReferenceComparison, _ method: String, _ include: (ReferenceComparison.Problem) -> Bool) -> String {
        c.methods.contains(method) ? fmt(c.meanFinalDataLoss(method: method, where: include)) : "not run (in `paper-full`)"
    }

    static func alpha0(_ c: ReferenceComparison, _ method: String, _ include: (ReferenceComparison.Problem) -> Bool) -> String {
        fmt(c.problems.filter(include).compactMap { $0.runs[method]?.alpha0 }.first)
    }

    /// One line per discrepancy of Proofs/ReferenceImplementation.md §7 that a variant isolates.
    static func discrepancies(_ c: ReferenceComparison, _ result: SuiteResult) -> String {
        let taus = result.suite.taus
        let tRef = taus.min { abs(log10($0) + 4) < abs(log10($1) + 4) } ?? 1e-4
        let at = atTau(c, result, tRef), atOne = atTau(c, result, taus.last ?? 1)
        let ours = c.methods[0]
        let wins = taus.filter { t in
            let f = atTau(c, result, t)
            guard let a = c.meanFinalDataLoss(method: "ggn-reference", where: f), let b = c.meanFinalDataLoss(method: ours, where: f) else { return false }
            return a < b
        }.count
        var md = "| discrepancy (§7) | their code | the poster | measured on this suite's trajectories |\n|---|---|---|---|\n"
        md += "| 1. curvature of the W branch | H̄ = ∇²ḡ (no τ) | H = ∇²g = τ∇²ḡ | final R̂ at τ = \(fmt(tRef)): `\(ours)` \(loss(c, ours, at)), `ggn-reference` \(loss(c, "ggn-reference", at)); `ggn-reference` ends lower at \(wins) of \(taus.count) τ values |\n"
        md += "| 2. two branches | W iff m + 1 ≤ p, else P; they differ | one step, two equal forms | here m + 1 = \(result.suite.base.problem.trainCount + 1) ≤ p, so W ran; `ggn-reference-param` (P: the poster's direction, their α) at τ = \(fmt(tRef)): \(loss(c, "ggn-reference-param", at)) |\n"
        md += "| 3–4. synthetic Jacobian | J/κ, u-columns paired with other weights | ∇_θΦ | final R̂ at τ = \(fmt(tRef)): `ggn-reference-synthetic` \(loss(c, "ggn-reference-synthetic", at)) against `ggn-reference` \(loss(c, "ggn-reference", at)) (both departures together) |\n"
        md += "| 5. η in α_t | τη̄ (dual norm under ∇²ḡ) | √τη̄ (dual norm under ∇²g; our `gbar`) | α_0 at τ = \(fmt(tRef)): `\(ours)` \(alpha0(c, ours, at)), `ggn-reference` \(alpha0(c, "ggn-reference", at)); at τ = \(fmt(taus.last)): \(alpha0(c, ours, atOne)) and \(alpha0(c, "ggn-reference", atOne)) |\n"
        return md
    }

    /// Final R̂ and iterations per problem group (τ grid, then μ sweep) and method.
    static func lossTable(_ c: ReferenceComparison) -> String {
        var md = "| τ | μ | " + c.methods.map { "`\($0)` final R̂ (iterations)" }.joined(separator: " | ") + " |\n|---:|---:|" + c.methods.map { _ in "---:|" }.joined() + "\n"
        var seen: [String] = []
        for p in c.problems {
            let k = "\(p.tau)|\(p.mu)"
            if seen.contains(k) { continue }
            seen.append(k)
            let same: (ReferenceComparison.Problem) -> Bool = { $0.tau == p.tau && $0.mu == p.mu }
            let cells = c.methods.map { m -> String in
                let its = c.problems.filter(same).compactMap { $0.runs[m].map { Double($0.loss.count - 1) } }
                let mean = its.isEmpty ? nil : its.reduce(0, +) / Double(its.count)
                return "\(fmt(c.meanFinalDataLoss(method: m, where: same))) (\(fmt(mean)))"
            }
            md += "| \(fmt(p.tau)) | \(fmt(p.mu)) | " + cells.joined(separator: " | ") + " |\n"
        }
        return md
    }

    static func changeTable(_ c: ReferenceComparison) -> String {
        guard !c.changes.isEmpty else { return "No verdict differs between `\(c.methods[0])` and a variant on the same problem.\n" }
        var md = "Verdicts that change between `\(c.methods[0])` and a variant on the same problem (number of problems):\n\n"
        md += "| theorem \\| reading | variant | ours → variant | problems |\n|---|---|---|---:|\n"
        for x in c.changes {
            md += "| \(MarkdownReport.cell(x.theoremReading)) | `\(x.method)` | \(x.ours.rawValue) → \(x.theirs.rawValue) | \(x.count) |\n"
        }
        return md
    }
}
