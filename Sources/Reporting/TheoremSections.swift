import Foundation
import Figures
import Theorems

/// The per-theorem sections of a suite report: statement, readings × outcomes, instances,
/// counterexamples grouped by the command that reproduces them; and the companion studies.
extension MarkdownReport {
    /// A companion study: its headline claims (confirmed or not, with the measured figures),
    /// its tables, a section per theorem, and its figures.
    func studySection(_ study: StudyResult, shown: inout Set<String>) -> String {
        var md = "## \(study.title)\n\n"
        md += "Sources: \(study.sources.joined(separator: ", ")). Our reading and derivations: [\(study.proofs)](\(rootLink)/\(study.proofs)).\n\n"
        if !study.headlines.isEmpty {
            md += "| headline claim | our measurement | verdict |\n|---|---|---|\n"
            let claims = claimVerdicts
            for h in study.headlines { md += "| \(Self.cell(h.claim)) | \(Self.cell(h.measured)) | **\(Self.verdict(h, claims: claims))** |\n" }
            md += "\n"
        }
        for t in study.tables { md += Self.table(t) + "\n" }
        for info in study.infos where result.suite.includes(info.id) { md += section(info, level: "###", shown: &shown) }
        for f in study.figures {
            md += "![\(f.title)](figures/\(result.suite.name)-\(study.id)-\(f.name).svg)\n\n"
        }
        return md
    }

    /// "margin (relative) @ step" of a worst check.
    /// A margin within 10× its error bound is rounding-level: its digits follow the BLAS kernel,
    /// so only its sign and the power of ten above 10× the bound are printed ("−<1e-16").
    static func worstCell(_ c: Check?) -> String {
        guard let c else { return "–" }
        let e = c.errorBound
        let margin = e > 0 && e.isFinite && abs(c.margin) <= 10 * e
            ? (c.margin < 0 ? "−" : "+") + "<" + MarkdownReport.bound(10 * e) : fmt(c.margin)
        return "\(margin) (\(fmt(c.relativeMargin)))" + (c.step.map { " @\($0)" } ?? "")
    }

    /// Counts per reading (with its M_g owner and method), in the order they first appear.
    static func readingCounts(_ rows: [InstanceResult]) -> String {
        var keys: [String] = [], counts: [String: [Outcome: Int]] = [:], undecided: [String: Int] = [:]
        for r in rows {
            let k = readingCell(r)
            if counts[k] == nil { keys.append(k); counts[k] = [:] }
            counts[k]![r.outcome, default: 0] += 1
            if r.hypotheses == .undecided { undecided[k, default: 0] += 1 }
        }
        var md = "| reading | holds | vacuous | counterexample | inconclusive | numerical failure | hypotheses undecided |\n|---|---:|---:|---:|---:|---:|---:|\n"
        for k in keys {
            md += "| `\(k)` | " + [Outcome.holds, .vacuous, .counterexample, .inconclusive, .numericalFailure].map { String(counts[k]![$0] ?? 0) }.joined(separator: " | ") + " | \(undecided[k] ?? 0) |\n"
        }
        return md
    }

    func section(_ info: TheoremInfo, level: String = "##", shown: inout Set<String>) -> String {
        let rows = result.results.filter { $0.theorem == info.id }
        var md = "\(level) \(PlainMath.unicode(info.title)) (`\(info.id)`)\n\n"
        md += "Source: \(info.source). Our reading and derivations: [\(info.proofs)](\(rootLink)/\(info.proofs)).\n\n"
        md += "> \(info.statement)\n\n"
        md += "Hypotheses: " + (info.hypotheses.isEmpty ? "none." : info.hypotheses.joined(separator: "; ") + ".") + " Conclusions: " + info.conclusions.joined(separator: "; ") + ".\n\n"
        md += "Readings: " + info.readings.map { "`\($0.id)` \($0.description)" }.joined(separator: " · ") + ".\n\n"
        md += Self.readingCounts(rows) + "\n"
        md += "Instances. Worst = smallest relative margin (rhs − lhs)/max(|lhs|, |rhs|) over steps and ε, as margin (relative) @ step; hypotheses: held at every step, failed beyond the error bound at one, or undecided (within it) at one. A margin within 10× its error bound prints as its sign and a power of ten (−<1e-16): its digits are rounding.\n\n"
        md += "| reading | problem | seed | n | τ | μ | steps | outcome | hypotheses | worst hypothesis | worst conclusion | tightness |\n"
        md += "|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|\n"
        for r in rows {
            let l = r.instance
            md += "| \(Self.readingCell(r)) | \(l.problem) | \(l.seed) | \(l.width == 0 ? "sweep" : String(l.width)) | \(Self.fmt(l.tau)) | \(Self.fmt(l.mu)) | \(l.steps) | **\(r.outcome.rawValue)** | "
            md += "\(r.hypotheses?.rawValue ?? "–") | \(Self.worstCell(r.worstHypothesis)) | \(Self.worstCell(r.worstConclusion)) | \(Self.fmt(r.tightness)) |\n"
        }
        md += counterexamples(rows.filter { $0.outcome == .counterexample }, shown: &shown)
        let notes = rows.filter { !$0.notes.isEmpty }
        if !notes.isEmpty {
            md += "\nNotes:\n\n" + notes.map { "- `\(Self.readingCell($0))` seed \($0.instance.seed), n = \($0.instance.width == 0 ? "sweep" : String($0.instance.width)): " + $0.notes.joined(separator: "; ") }.joined(separator: "\n") + "\n"
        }
        return md + "\n"
    }

    /// Counterexamples grouped by the command that reproduces them: one line per distinct
    /// command, with the readings it covers and each reading's failing conclusion. A command the
    /// report already printed (the findings' witness) is named, not repeated.
    func counterexamples(_ ce: [InstanceResult], shown: inout Set<String>) -> String {
        guard !ce.isEmpty else { return "" }
        var order: [String] = [], groups: [String: [InstanceResult]] = [:]
        for r in ce {
            let cmd = reproduce(r)
            if groups[cmd] == nil { order.append(cmd) }
            groups[cmd, default: []].append(r)
        }
        var md = "\nCounterexamples, by instance (the first failing conclusion whose hypotheses held):\n\n"
        for cmd in order {
            let g = groups[cmd]!, l = g[0].instance
            let what = g.map { r in
                "`\(Self.readingCell(r))`" + (r.witness.map { w in ": \(w.name) at step \(w.step.map(String.init) ?? "–"), lhs \(Self.fmt(w.lhs)), rhs \(Self.fmt(w.rhs)) (error bound ≤ \(MarkdownReport.bound(w.errorBound)))" } ?? "")
            }
            let head = l.width == 0 ? "the width sweep" : "seed \(l.seed), n = \(l.width), τ = \(Self.fmt(l.tau))"
            let repro = shown.contains(cmd) ? "the findings' witness above" : "`\(cmd)`"
            shown.insert(cmd)
            md += "- \(head) (\(repro)): " + what.joined(separator: "; ") + "\n"
        }
        return md
    }
}
