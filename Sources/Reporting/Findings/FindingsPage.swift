import Foundation
import Experiments
import Exploration
import Figures
import GSCCertification
import Theorems

/// The referee's page (`Reports/findings.md`, and the first screen of every suite report): per
/// paper and claim, the verdict under the reading the paper most plausibly intends, the literal
/// one where it differs, the decisive numbers, the smallest witness with one reproduce line and
/// the evidence; then the 001 experiment, the authors' code and the GSC constants.
public struct FindingsPage {
    public let report: MarkdownReport
    public var gsc: [GSCVerdict] = []

    public init(report: MarkdownReport, gsc: [GSCVerdict] = []) {
        self.report = report
        self.gsc = gsc
    }

    var result: SuiteResult { report.result }
    var root: String { report.rootLink }
    static func fmt(_ x: Double?) -> String { MarkdownReport.fmt(x) }

    /// The papers in order, each with the registered theorems whose source cites it.
    static let papers: [(id: String, citation: String)] = [
        ("000", Papers.poster000), ("002", Papers.cai002), ("003", Papers.cayci003), ("004", Papers.bu004),
    ]

    var entries: [(paper: String, entry: ClaimEntry)] {
        result.suite.selected.compactMap { t in
            guard let p = Self.papers.first(where: { t.info.source.hasPrefix($0.citation) }),
                  let e = ClaimEntry(t.info, results: result.results, exploration: report.exploration), !e.intended.isEmpty else { return nil }
            return (p.id, e)
        }
    }

    /// One line per claim for the terminal: the headline of each entry.
    public func headlines() -> [String] {
        entries.map { "\($0.paper) \($0.entry.info.id): \($0.entry.verdict) under `\($0.entry.claim.intended)`" + literalHeadline($0.entry) + failureCause($0.entry) }
            + (gsc.isEmpty ? [] : [GSCFindings.headline(gsc)])
    }

    /// A numerical failure on the first screen says what broke (the first breakdown's reason,
    /// and how many instances broke), so it is not found only deep in the report.
    func failureCause(_ e: ClaimEntry) -> String {
        let failed = e.intended.filter { $0.outcome == .numericalFailure }
        guard let first = failed.first?.notes.first else { return "" }
        let cut = first.count > 160 ? String(first.prefix(157)) + "..." : first
        return " (\(failed.count) of \(e.intended.count) instances broke down; first: \(cut))"
    }

    func literalHeadline(_ e: ClaimEntry) -> String {
        guard let lit = e.claim.literal, !e.literal.isEmpty else { return "" }
        let v = ClaimEntry.verdict(e.literal)
        return v == e.verdict ? "" : "; literally (`\(lit)`): \(v)"
    }

    /// The page; `level` is the heading level of its title (1 on its own page, 2 atop a report).
    public func markdown(level: Int = 1) -> String {
        let s = result.suite
        let h = String(repeating: "#", count: level)
        var md = "\(h) Findings: what the papers claim, and what we measured\n\n"
        md += "Suite `\(s.name)`: \(result.results.count) theorem instances"
        if let e = report.exploration { md += ", \(e.summaries.reduce(0) { $0 + $1.tried }) more sampled by the explorer" }
        md += ". For each claim: the verdict under the reading the paper most plausibly intends (and why), the literal reading's where it differs, the decisive margin (rhs − lhs of `lhs ≤ rhs`; negative is violated) with its units, the smallest witness and how to reproduce it. "
        md += "Outcomes: holds, vacuous (a hypothesis failed), counterexample (hypotheses held, a conclusion failed beyond its error bound), inconclusive, numerical failure ([Proofs/Numerics.md](\(root)/Proofs/Numerics.md) §4). The detailed tables follow in [\(s.name).md](\(s.name).md).\n\n"
        for p in Self.papers {
            let es = entries.filter { $0.paper == p.id }.map(\.entry)
            guard !es.isEmpty else { continue }
            md += "\(h)# \(p.id): \(p.citation)\n\n"
            for e in es { md += entry(e) + "\n" }
            guard p.id == "000" else { continue }
            md += "\(h)# 001: \(Papers.paper001)\n\n"
            if let ex = report.experiment { md += ExperimentFindings.section(ex) }
            md += ReferenceFindings.section(result, experiment: report.experiment, root: root)
        }
        if !gsc.isEmpty { md += GSCFindings.section(gsc, root: root, heading: h + "#") }
        return md
    }

    func entry(_ e: ClaimEntry) -> String {
        var md = "**\(PlainMath.unicode(e.info.title))** (`\(e.info.id)`): **\(e.verdict)** under the intended reading.\n"
        md += "- Claim: \(e.claim.plain)\n"
        md += "- Intended: `\(e.claim.intended)`" + (e.claim.intendedOwner.map { ", M_g of \($0 == "gbar" ? "ḡ" : "g")" } ?? "")
        md += " (\(ClaimEntry.countLine(e.intended))): \(e.claim.why) [\(e.claim.section)](\(root)/\(Self.proofsFile(e.claim.section)))."
        if let lit = e.claim.literal, !e.literal.isEmpty { md += " Literal `\(lit)`: \(ClaimEntry.verdict(e.literal)) (\(ClaimEntry.countLine(e.literal)))." }
        md += "\n"
        if let d = e.decisive {
            md += "- Decisive: \(d.role) \(d.check.name): margin \(Self.fmt(d.check.margin)) (relative \(Self.fmt(d.check.relativeMargin)))"
            md += (d.check.step.map { " at step \($0)" } ?? "")
            // A hypothesis margin has its own units; the claim's are the conclusion's.
            md += d.check.role == .conclusion ? "; \(e.claim.units)" : " (no suite instance met the hypotheses)"
            if let t = e.maxTightness { md += "; tightness up to \(Self.fmt(t))" }
            md += ".\n"
        }
        md += assumptionLines(e) + witness(e) + evidence(e)
        return md
    }

    /// One line per standing assumption: on how many instances it failed, under the intended
    /// reading and the literal one where they differ, and which theorems a failure empties.
    func assumptionLines(_ e: ClaimEntry) -> String {
        func failing(_ rs: [InstanceResult], _ a: AssumptionInfo) -> Int {
            rs.filter { $0.failedHypotheses?.contains { $0.hasPrefix(a.prefix + ":") } == true }.count
        }
        var md = ""
        for a in e.info.assumptions {
            let n = failing(e.intended, a)
            md += "- \(a.prefix) (\(a.name)): " + (n == 0 ? "holds on all \(e.intended.count) instances" : "fails on \(n) of \(e.intended.count) instances")
            if let lit = e.claim.literal, !e.literal.isEmpty, failing(e.literal, a) != n {
                md += " (literal `\(lit)`: fails on \(failing(e.literal, a)) of \(e.literal.count))"
            }
            md += "; where it fails, " + a.empties.map { "`\($0)`" }.joined(separator: ", ") + " say nothing"
            md += (a.note.map { " (\($0))" } ?? "") + ".\n"
        }
        return md
    }

    public static func proofsFile(_ section: String) -> String {
        String(section.prefix { $0 != " " && $0 != "," })
    }

    /// The explorer's shrunk counterexample when there is one, else the decisive suite instance.
    func witness(_ e: ClaimEntry) -> String {
        if let w = e.explorerWitness {
            let c = w.config
            var md = "- Smallest witness (explorer, shrunk): m = \(c.problem.trainCount), n = \(c.problem.width), n0 = \(c.problem.inputDimension), τ = \(Self.fmt(c.tau)), seed \(c.problem.seed): \(w.check.name) margin \(Self.fmt(w.check.margin)). `swift run -c release \(w.reproduce)`\n"
            if w.outcome == .counterexample {
                md += "- Certificate: " + (w.certificate?.line ?? "not certified: the exploration that found it computed no certificate") + ".\n"
            }
            return md
        }
        guard let d = e.decisive else { return "" }
        let l = d.result.instance
        let size = l.width == 0 ? "a width sweep" : "m = \(l.m), n = \(l.width), τ = \(Self.fmt(l.tau)), seed \(l.seed)"
        let line = report.reproduce(d.result)
        var md = "- \(d.result.outcome == .counterexample ? "Witness" : "Instance") (\(size)): `\(line)`\n"
        if d.result.outcome == .counterexample {
            md += "- Certificate: not certified: \(suiteGap(e, d.result)).\n"
        }
        return md
    }

    /// Why a suite instance's counterexample carries no certificate: the theorem's own reason.
    func suiteGap(_ e: ClaimEntry, _ r: InstanceResult) -> String {
        TheoremRegistry.theorem(e.info.id)?.certificationGap ?? "not a registered theorem"
    }

    func evidence(_ e: ClaimEntry) -> String {
        var md = "- Evidence: \(e.intended.count) suite instance\(e.intended.count == 1 ? "" : "s") under this reading"
        if let x = e.explored {
            let owners = e.claim.intendedOwner == nil ? "" : ", over both owners of M_g"
            md += "; \(x.tried) sampled by the explorer\(owners) (hypotheses held at \(x.hypothesesHeld), \(x.counterexamples) counterexample\(x.counterexamples == 1 ? "" : "s"))"
        }
        return md + ".\n"
    }
}
