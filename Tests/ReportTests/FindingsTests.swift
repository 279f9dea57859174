import Foundation
import Reporting
import Testing
import TestSupport
import Theorems

/// The findings page and the reports, checked for structure: every registered claim has an
/// entry, no reproduce line repeats, every Markdown table is rectangular, every link resolves.
@Suite("Findings page and report structure")
struct FindingsTests {
    /// Every Markdown table: rows whose cell count differs from the header's (pipes escaped as \| are text).
    static func raggedRows(_ md: String) -> [String] {
        func cells(_ line: String) -> Int {
            var n = 0, escaped = false
            for ch in line {
                if ch == "\\" { escaped = true; continue }
                if ch == "|" && !escaped { n += 1 }
                escaped = false
            }
            return n
        }
        var bad: [String] = [], header: Int? = nil
        for line in md.components(separatedBy: "\n") {
            guard line.hasPrefix("|") else { header = nil; continue }
            if let h = header { if cells(line) != h { bad.append(line) } } else { header = cells(line) }
        }
        return bad
    }

    /// Relative link targets `](target)` that do not exist next to the file.
    static func brokenLinks(_ md: String, in dir: URL) -> [String] {
        var out: [String] = []
        for part in md.components(separatedBy: "](").dropFirst() {
            guard let end = part.firstIndex(of: ")") else { continue }
            let target = String(part[..<end]).components(separatedBy: "#")[0]
            if target.isEmpty || target.contains("://") { continue }
            let url = target.hasPrefix("/") ? URL(fileURLWithPath: target) : dir.appendingPathComponent(target)
            if !FileManager.default.fileExists(atPath: url.path) { out.append(target) }
        }
        return out
    }

    /// Every command printed in backticks, with repeats.
    static func repeatedCommands(_ md: String) -> [String] {
        var seen: [String: Int] = [:]
        for (k, part) in md.components(separatedBy: "`").enumerated() where k % 2 == 1 && part.hasPrefix("swift run") {
            seen[part, default: 0] += 1
        }
        return seen.filter { $0.value > 1 }.map(\.key).sorted()
    }

    @Test("every registered theorem states its claim, with an intended reading it has")
    func claims() {
        for t in TheoremRegistry.all {
            guard let c = t.info.claim else { Issue.record("\(t.id) has no claim for the findings page"); continue }
            #expect(t.info.readings.contains { $0.id == c.intended }, "\(t.id): intended reading '\(c.intended)' is not one of its readings")
            if let l = c.literal { #expect(t.info.readings.contains { $0.id == l }, "\(t.id): literal reading '\(l)' is not one of its readings") }
            #expect(c.section.hasPrefix("Proofs/") && FileManager.default.fileExists(atPath: TestPaths.file(FindingsPage.proofsFile(c.section)).path),
                    "\(t.id): section '\(c.section)' names no Proofs/ file")
            #expect(!c.plain.isEmpty && !c.why.isEmpty && !c.units.isEmpty)
        }
    }

    /// Issue 27, item 5: each claim is aggregated once, and the findings page, the terminal
    /// screen, the study tables of the suite report and the suite JSON all show that verdict.
    @Test("one verdict per claim: findings page, screen, study tables and JSON agree")
    func oneVerdictPerClaim() throws {
        let result = Fixtures.quick
        let report = MarkdownReport(result: result)
        let claims = report.claimVerdicts
        #expect(claims.count >= 10)
        let page = FindingsPage(report: report)
        let md = page.markdown(), screen = page.headlines(), suiteLines = report.markdown().components(separatedBy: "\n")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ResultsJSON.suite(result, claims: claims).rendered().utf8)) as? [String: Any])
        let jsonClaims = try #require(json["claims"] as? [[String: Any]])
        for c in claims {
            #expect(md.contains("(`\(c.theorem)`): **\(c.verdict)**"), "findings page: \(c.theorem) is not \(c.verdict)")
            #expect(screen.contains { $0.contains(" \(c.theorem): \(c.verdict) under") }, "screen: \(c.theorem) is not \(c.verdict)")
            #expect(jsonClaims.contains { $0["theorem"] as? String == c.theorem.rawValue && $0["verdict"] as? String == c.verdict }, "JSON: \(c.theorem)")
        }
        var compared = 0
        let studies = json["studies"] as? [[String: Any]] ?? []
        for st in result.studies {
            let jsonHeadlines = studies.first { $0["id"] as? String == st.id }?["headlines"] as? [[String: Any]] ?? []
            for (i, h) in st.headlines.enumerated() {
                guard let id = h.theorem, let c = claims.first(where: { $0.theorem == id }) else { continue }
                let row = suiteLines.first { $0.hasPrefix("| ") && $0.contains(String(h.claim.prefix(24))) && $0.contains("| **") }
                #expect(row?.hasSuffix("| **\(c.verdict)** |") == true, "study table: \(id) row \(row ?? "missing") against \(c.verdict)")
                #expect(i < jsonHeadlines.count && jsonHeadlines[i]["verdict"] as? String == c.verdict, "study JSON: \(id)")
                compared += 1
            }
        }
        #expect(compared >= 5, "only \(compared) study headlines state a claim")
    }

    @Test("a generated report opens with the findings: an entry per claim run, rectangular tables, no repeated command")
    func generated() {
        let s = Fixtures.narrowQuick()
        let result = Fixtures.narrowQuickResult
        let report = MarkdownReport(result: result)
        let md = report.markdown()
        let page = FindingsPage(report: report).markdown()
        #expect(md.contains("## Findings: what the papers claim"))
        for t in s.selected where result.results.contains(where: { $0.theorem == t.id }) {
            #expect(page.contains("(`\(t.id)`): **"), "no findings entry for \(t.id)")
        }
        #expect(Self.raggedRows(md).isEmpty, "ragged table rows: \(Self.raggedRows(md).prefix(3))")
        #expect(Self.repeatedCommands(md).isEmpty, "repeated reproduce lines: \(Self.repeatedCommands(md).prefix(3))")
        #expect(Self.repeatedCommands(page).isEmpty)
        #expect(FindingsPage(report: report).headlines().count == page.components(separatedBy: "): **").count - 1)
    }

    @Test("the committed findings page and reports: entries for every claim, about 200 lines, links that resolve")
    func committed() throws {
        let dir = TestPaths.file("Reports")
        let findings = try String(contentsOf: dir.appendingPathComponent("findings.md"), encoding: .utf8)
        for t in TheoremRegistry.all { #expect(findings.contains("(`\(t.id)`): **"), "Reports/findings.md has no entry for \(t.id)") }
        #expect(findings.components(separatedBy: "\n").count <= 215, "Reports/findings.md is longer than about 200 lines")
        // Issue 27: every counterexample or vacuous headline says why; every 000 claim checked
        // along trajectories is judged at the paper's scale over 10 seeds; no assumption is a counterexample.
        for block in findings.components(separatedBy: "\n\n") {
            guard let t = TheoremRegistry.all.first(where: { block.hasPrefix("**") && block.contains("(`\($0.id)`): **") }) else { continue }
            if block.contains("(`\(t.id)`): **counterexample") || block.contains("(`\(t.id)`): **vacuous") {
                #expect(block.contains("\n- Why"), "\(t.id): a counterexample or vacuous headline without a Why: line")
            }
            if t.info.claim?.paperScale != nil, t.trajectory != nil {
                #expect(block.contains("\n- At the paper's scale (") && block.contains("of 10 seeds"), "\(t.id): no paper-scale line over 10 seeds")
            }
            if !t.info.assumptions.isEmpty { #expect(!block.contains("(`\(t.id)`): **counterexample"), "\(t.id): an assumption reported as a counterexample") }
        }
        for name in ["findings.md", "default.md", "index.md", "gsc.md"] {
            let md = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            #expect(Self.raggedRows(md).isEmpty, "\(name): ragged table rows \(Self.raggedRows(md).prefix(2))")
            #expect(Self.brokenLinks(md, in: dir).isEmpty, "\(name): broken links \(Self.brokenLinks(md, in: dir).prefix(3))")
            #expect(Self.repeatedCommands(md).isEmpty, "\(name): repeated reproduce lines \(Self.repeatedCommands(md).prefix(2))")
        }
    }

    /// Issue 30 #4: a breakdown filed under every reading (`.all`) reaches the first screen with
    /// its cause, instead of dropping the claim's line.
    @Test("a numerical failure is a headline with its cause")
    func failureHeadline() throws {
        var s = SuiteSpec.quick
        s.theorems = ["loss-decay"]
        s.seeds = [0]; s.taus = [0.1]; s.owners = [.gBar]
        var result = SuiteRunner.run(s)
        let label = try #require(result.results.first?.instance)
        result.results = [.failure(theorem: "loss-decay", reading: .all, instance: label, reason: "dpotrf failed (info = 12)")]
        let lines = FindingsPage(report: MarkdownReport(result: result)).headlines()
        #expect(lines.contains { $0.hasPrefix("000 loss-decay: numerical failure under") && $0.contains("1 of 1 instances broke down; first: dpotrf failed (info = 12)") }, "\(lines)")
    }
}
