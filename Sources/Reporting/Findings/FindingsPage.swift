import Foundation
import Experiments
import Exploration
import Figures
import GSCCertification
import Statistics
import Theorems
import Trajectories

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
                  let e = ClaimEntry(t.info, results: result.results, exploration: report.exploration, base: result.suite.base.problem), !e.intended.isEmpty else { return nil }
            return (p.id, e)
        }
    }

    /// One line per claim for the terminal: the headline of each entry.
    public func headlines() -> [String] {
        entries.map { "\($0.paper) \($0.entry.info.id): \($0.entry.verdict) under `\($0.entry.claim.intended)`" + ($0.entry.atScale == nil ? "" : " at the paper's scale") + outsideNote($0.entry) + literalHeadline($0.entry) + failureCause($0.entry) }
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

    /// A counterexample the explorer found outside the paper's regime, beside a headline judged inside it.
    func outsideNote(_ e: ClaimEntry) -> String {
        guard e.atScale != nil, !e.verdict.hasPrefix("counterexample"), e.explorerWitness?.outcome == .counterexample else { return "" }
        return "; the explorer found a counterexample outside it (second line below)"
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
        var md = "**\(PlainMath.unicode(e.info.title))** (`\(e.info.id)`): **\(e.verdict)** under the intended reading" + (e.atScale == nil ? "" : " at the paper's scale") + outsideNote(e) + ".\n"
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
        md += scaleLine(e) + whyLine(e) + mapLine(e) + assumptionLines(e) + witness(e) + evidence(e)
        return md
    }

    /// The headline at the paper's scale: the intended instances at the size the paper states,
    /// per outcome, over how many seeds, and the 95% Wilson interval for the fraction of seeds
    /// with a counterexample. A claim whose paper states no size is counted over what ran.
    func scaleLine(_ e: ClaimEntry) -> String {
        let base = result.suite.base.problem
        var rs = e.intended, md = "- "
        if let s = e.claim.paperScale {
            let size = "m = \(s.m), n = \(s.width), n0 = \(s.inputDimension), \(s.source)"
            guard let a = e.atScale else {
                return "- At the paper's scale (\(size)): no instance of this claim at that size in this suite (its problems: m = \(base.trainCount), n0 = \(base.inputDimension); this claim's instances at n = \(Array(Set(e.intended.map(\.instance.width))).sorted().map(String.init).joined(separator: ", "))).\n"
            }
            rs = a
            md += "At the paper's scale (\(size))"
        } else {
            guard !rs.isEmpty else { return "" }
            md += "At the scale run here (the paper states no instance size)"
        }
        let taus = Array(Set(rs.map(\.instance.tau))).sorted()
        md += taus.isEmpty ? "" : ", τ ∈ {\(taus.map { Self.fmt($0) }.joined(separator: ", "))}"
        let bySeed = Dictionary(grouping: rs, by: \.instance.seed)
        let bad = bySeed.values.filter { $0.contains { $0.outcome == .counterexample } }.count
        let w = WilsonInterval(successes: bad, trials: bySeed.count)
        md += ": \(ClaimEntry.countLine(rs)) instance\(rs.count == 1 ? "" : "s"), of \(bySeed.count) seed\(bySeed.count == 1 ? "" : "s"); "
        md += "seeds with a counterexample \(bad) of \(bySeed.count), 95% Wilson interval \(w.text) for their fraction.\n"
        return md
    }

    /// Why a counterexample or vacuous headline fails, in measured terms: the theorem's own
    /// decomposition where it gives one, else the failed hypotheses with counts, else the sides.
    func whyLine(_ e: ClaimEntry) -> String {
        let v = e.verdict
        if e.explorerDecides, let w = e.explorerWitness {
            return "- Why (the explorer's witness): " + (w.mechanism ?? sides(w.check)) + ".\n"
        }
        let rs = e.headline
        if v == "vacuous" {
            var counts: [(String, Int)] = []
            for r in rs where r.outcome == .vacuous {
                for h in r.failedHypotheses ?? [] {
                    if let i = counts.firstIndex(where: { $0.0 == h }) { counts[i].1 += 1 } else { counts.append((h, 1)) }
                }
            }
            let list = counts.map { "\($0.0) (on \($0.1) of \(rs.count))" }.joined(separator: ", ")
            let closest = e.decisive.map { "; closest to holding: " + sides($0.check) } ?? ""
            return "- Why: no instance met the hypotheses; failed: \(list)\(closest).\n"
        }
        guard v == "counterexample", let d = e.decisive, d.result.outcome == .counterexample else { return "" }
        return "- Why: " + (d.result.mechanism ?? sides(d.check) + " (this theorem's bound is not decomposed further)") + ".\n"
    }

    func sides(_ c: Check) -> String {
        "\(c.name): lhs \(Self.fmt(c.lhs)) against rhs \(Self.fmt(c.rhs))" + (c.step.map { " at step \($0)" } ?? "")
    }

    /// Where the hypotheses hold, from the suite's verdict map of the intended reading: the
    /// figure, and in words the x values (τ) where they held at every y (width) and at none.
    func mapLine(_ e: ClaimEntry) -> String {
        guard let map = report.exploration?.maps.first(where: { $0.theorem == e.info.id }),
              let layer = map.layers.first(where: { $0.reading == e.claim.intended }) else { return "" }
        let rows = map.y.values.count
        let held = map.x.values.indices.map { i in layer.cells.filter { $0.x == i && $0.hypotheses == .held }.count }
        let ticks = map.x.values.map(ExplorationReport.tick)
        let all = ticks.indices.filter { held[$0] == rows }.map { ticks[$0] }, none = ticks.indices.filter { held[$0] == 0 }.map { ticks[$0] }
        let figure = ExplorationReport.mapFigure(result.suite.name, map.theorem, layer.reading)
        var md = "- Where the hypotheses hold ([verdict map](\(figure)), \(map.x.name) × \(map.y.name) ∈ {\(map.y.values.map(ExplorationReport.tick).joined(separator: ", "))}, `\(map.fixed.joined(separator: " "))`"
        md += (map.markLabel.map { map.markedColumn == nil ? "" : "; outlined: \($0)" } ?? "") + "): "
        md += "held in \(held.reduce(0, +)) of \(layer.cells.count) cells"
        md += all.isEmpty ? "; at no \(map.x.name) at every width" : "; at every width for \(map.x.name) ∈ {\(all.joined(separator: ", "))}"
        md += none.isEmpty ? "" : "; at no width for \(map.x.name) ∈ {\(none.joined(separator: ", "))}"
        let outcomes = Outcome.allCases.sorted { $0 > $1 }.compactMap { o -> String? in
            let n = layer.cells.filter { $0.outcome == o }.count
            return n == 0 ? nil : "\(n) \(o.rawValue)"
        }
        return md + "; verdicts " + outcomes.joined(separator: ", ") + ".\n"
    }

    /// How a shrunk witness leaves the paper's regime, in sizes (nil: the paper states none).
    func regimeNote(_ e: ClaimEntry, _ c: RunConfig) -> String {
        guard let s = e.claim.paperScale else { return "" }
        let m = c.problem.trainCount, n = c.problem.width, n0 = c.problem.inputDimension
        let p = n * n0 + n
        return "; outside the paper's regime: m·n = \(m * n) against \(s.m * s.width), p/m = \(Self.fmt(Double(p) / Double(max(m, 1)))) against \(Self.fmt(Double(s.parameters) / Double(s.m))), n0 = \(n0) against \(s.inputDimension)"
    }

    /// One line per standing assumption: on how many instances it failed, under the intended
    /// reading and the literal one where they differ, and which theorems a failure empties.
    func assumptionLines(_ e: ClaimEntry) -> String {
        func failing(_ rs: [InstanceResult], _ a: AssumptionInfo) -> Int {
            rs.filter { $0.failedHypotheses?.contains { $0.hasPrefix(a.prefix + ":") } == true }.count
        }
        guard !e.info.assumptions.isEmpty else { return "" }
        let parts = e.info.assumptions.map { a -> String in
            let n = failing(e.intended, a)
            var p = "\(a.prefix) (\(a.name)) " + (n == 0 ? "holds on all \(e.intended.count)" : "fails on \(n) of \(e.intended.count)")
            if let lit = e.claim.literal, !e.literal.isEmpty, failing(e.literal, a) != n {
                p += " (literal `\(lit)`: fails on \(failing(e.literal, a)) of \(e.literal.count))"
            }
            return p + ", emptying " + a.empties.map { "`\($0)`" }.joined(separator: ", ") + (a.note.map { " (\($0))" } ?? "")
        }
        let md = "- Assumptions, each a hypothesis (where one fails, the theorems it empties say nothing there): " + parts.joined(separator: "; ") + ".\n"
        return md
    }

    public static func proofsFile(_ section: String) -> String {
        String(section.prefix { $0 != " " && $0 != "," })
    }

    /// The explorer's shrunk counterexample when there is one, else the decisive suite instance.
    func witness(_ e: ClaimEntry) -> String {
        if let w = e.explorerWitness {
            let c = w.config
            var md = "- Smallest witness (explorer, shrunk): m = \(c.problem.trainCount), n = \(c.problem.width), n0 = \(c.problem.inputDimension), τ = \(Self.fmt(c.tau)), seed \(c.problem.seed)\(regimeNote(e, c)): \(w.check.name) margin \(Self.fmt(w.check.margin)). `swift run -c release \(w.reproduce)`\n"
            if w.outcome == .counterexample, !e.explorerDecides, let why = w.mechanism {
                md += "- Why (this witness): \(why).\n"
            }
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
