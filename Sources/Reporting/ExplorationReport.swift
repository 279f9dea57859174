import Exploration
import Figures
import Foundation
import Serialization
import Theorems

/// Text, Markdown and SVG for `explore` and `map` (the data comes from Exploration).
public enum ExplorationReport {
    /// The terminal and Markdown text of one exploration: per reading, the instances tried, the
    /// status of their hypotheses, the counterexamples (minimal one with its reproduce line) and
    /// the tightest instance whose hypotheses held.
    public static func text(_ s: ExploreSummary) -> String {
        var o = "explore \(s.theorem): \(s.tried) sampled instances, search seed \(s.seed), \(String(format: "%.1f", s.seconds)) s\n"
        o += "space: " + s.space.dimensions.map(describe).joined(separator: ", ") + "\n"
        o += "stored findings replayed: \(s.replayed)" + (s.changed.isEmpty ? (s.replayed > 0 ? ", all reproduced" : "") : ", \(s.changed.count) changed:") + "\n"
        for c in s.changed { o += "  CHANGED \(c)\n" }
        for r in s.readings {
            o += "\n[\(r.reading)]\(r.claimed ? " (claimed by us)" : ""): \(r.tried) tried; hypotheses held in \(r.hypothesesHeld), failed in \(r.hypothesesFailed), undecided in \(r.hypothesesUndecided)\n"
            o += "  outcomes: " + Outcome.allCases.compactMap { k in r.outcomes[k].map { "\(k.rawValue) \($0)" } }.joined(separator: ", ") + "\n"
            if let m = r.minimalCounterexample {
                o += "  counterexamples: \(r.counterexamples)\(r.known ? " (a stored finding)" : " (NEW)")\n"
                o += "  minimal: " + line(m) + "\n    " + m.reproduce + "\n"
                if let c = m.certificate { o += "  " + c.line.replacingOccurrences(of: "**", with: "") + "\n" }
            } else {
                o += "  counterexamples: none\n"
            }
            if let t = r.tightest {
                o += "  smallest margin with every hypothesis held: " + line(t) + "\n    " + t.reproduce + "\n"
            } else {
                o += "  no instance had every hypothesis hold\n"
            }
        }
        if !s.stored.isEmpty { o += "\nstored \(s.stored.count) new finding(s): " + s.stored.joined(separator: ", ") + "\n" }
        return o
    }

    static func line(_ w: Witness) -> String {
        String(format: "%@ lhs %.6g, rhs %.6g, margin %.3g (relative %.3g, error bound %.2g)%@",
               w.check.name, w.check.lhs, w.check.rhs, w.check.margin, w.check.relativeMargin, w.check.errorBound,
               w.check.step.map { " at step \($0)" } ?? "")
    }

    public static func describe(_ d: SpaceDimension) -> String {
        switch d.kind {
        case let .real(lo, hi, log): return lo == hi ? "\(d.name)=\(lo)" : "\(d.name)=\(lo)..\(hi)\(log ? ":log" : "")"
        case let .integer(lo, hi, log): return lo == hi ? "\(d.name)=\(lo)" : "\(d.name)=\(lo)..\(hi)\(log ? ":log" : "")"
        case let .choice(names): return "\(d.name)=" + names.joined(separator: "|")
        }
    }

    /// The report section: per theorem and reading, how many sampled instances back the verdict
    /// and the minimal counterexample with its reproduce line; then the verdict maps.
    public static func section(_ e: ExplorationEvidence, suite: String) -> String {
        var md = "## Sampled instances (`check-bounds explore`)\n\n"
        md += "Beyond the suite's instances, each per-trajectory theorem is explored over its default space (Proofs/Exploration.md §1): uniform draws, then a search for the smallest conclusion margin where the hypotheses hold, each counterexample shrunk to a minimal one. Relative margins; negative is violated.\n\n"
        for s in e.summaries {
            md += "### \(s.theorem): \(s.tried) sampled instances\n\nSpace: `" + s.space.dimensions.map(describe).joined(separator: ",") + "`.\n\n"
            md += "| reading | hypotheses held / failed / undecided | counterexamples | minimal counterexample: margin | smallest held margin |\n|---|---|---:|---|---:|\n"
            for r in s.readings {
                let m = r.minimalCounterexample.map { "\(MarkdownReport.fmt($0.check.relativeMargin)) (`\($0.arguments.joined(separator: " "))`)" } ?? "none"
                md += "| `\(MarkdownReport.cell(r.reading.rawValue))` | \(r.hypothesesHeld) / \(r.hypothesesFailed) / \(r.hypothesesUndecided) | \(r.counterexamples) | \(m) | \(MarkdownReport.fmt(r.tightest?.check.relativeMargin)) |\n"
            }
            md += "\nReproduce a minimal counterexample: `check-bounds check OPTIONS --theorems \(s.theorem)` with the options shown; rerun the search: `check-bounds explore --theorem \(s.theorem) --budget \(s.tried)`.\n\n"
        }
        for m in e.maps {
            md += "### Verdict map: \(m.theorem)\n\nGrid \(m.x.name) × \(m.y.name), fixed `\(m.fixed.joined(separator: " "))`; a dot marks cells where every hypothesis held at every step. Reproduce: `check-bounds map --theorem \(m.theorem) --x \(axisText(m.x)) --y \(axisText(m.y)) \(m.fixed.joined(separator: " "))`.\n\n"
            for l in m.layers {
                md += "![\(m.theorem): verdicts under \(l.reading) over \(m.x.name) and \(m.y.name)](\(mapFigure(suite, m.theorem, l.reading)))\n\n"
            }
        }
        return md
    }

    static func axisText(_ a: VerdictMap.Axis) -> String {
        "\(a.name)=\(a.values.first?.description ?? "")..\(a.values.last?.description ?? ""):\(a.values.count)\(a.log ? ":log" : "")"
    }

    /// The report-relative path of a map's figure.
    public static func mapFigure(_ suite: String, _ theorem: TheoremID, _ r: ReadingID) -> String {
        "figures/\(suite)-map-\(theorem)-\(slug(r)).svg"
    }

    // MARK: Maps

    static let categories: [(Outcome, Heatmap.Category)] = [
        (.vacuous, .init("vacuous: a hypothesis fails", "#c7c7c7")),
        (.holds, .init("holds", "#2ca02c")),
        (.counterexample, .init("counterexample: hypotheses hold, a conclusion fails", "#d62728")),
        (.inconclusive, .init("inconclusive: a margin within its error bound", "#ffbf00")),
        (.numericalFailure, .init("numerical failure", "#5b3b8c")),
    ]

    /// One heatmap per reading of a map.
    public static func heatmaps(_ map: VerdictMap) -> [(reading: ReadingID, svg: String)] {
        map.layers.map { layer in
            var cells = Array(repeating: Array(repeating: 0, count: map.x.values.count), count: map.y.values.count)
            var dots = Array(repeating: Array(repeating: false, count: map.x.values.count), count: map.y.values.count)
            for c in layer.cells {
                cells[c.y][c.x] = categories.firstIndex { $0.0 == c.outcome } ?? 0
                dots[c.y][c.x] = c.hypotheses == .held
            }
            var h = Heatmap(title: "\(map.theorem) [\(layer.reading)]", xLabel: axisLabel(map.x), yLabel: axisLabel(map.y),
                            columns: map.x.values.map(tick), rows: map.y.values.map(tick), categories: categories.map(\.1),
                            cells: cells, dots: dots, dotLabel: "every hypothesis held at every step",
                            caption: "Fixed: " + map.fixed.joined(separator: " "))
            h.markedColumn = map.markedColumn
            h.markLabel = map.markLabel ?? ""
            return (layer.reading, h.svg())
        }
    }

    static func axisLabel(_ a: VerdictMap.Axis) -> String { a.name + (a.log ? " (log scale)" : "") }

    /// A tick label: integers as such, other numbers in three significant digits.
    static func tick(_ v: Value) -> String {
        if case let .number(x) = v, x != x.rounded() || abs(x) >= 1e5 { return String(format: "%.3g", x) }
        return v.description
    }

    /// File-name part of a reading id.
    public static func slug(_ r: ReadingID) -> String {
        let raw = String(r.rawValue.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        return raw.split(separator: "-").joined(separator: "-")
    }

    /// The map's Markdown page: a count table per reading and its figure.
    public static func markdown(_ map: VerdictMap, figure: (ReadingID) -> String) -> String {
        var o = "# Verdict map: \(map.theorem)\n\n"
        o += "Grid: \(map.x.name) ∈ {\(map.x.values.map(tick).joined(separator: ", "))} × \(map.y.name) ∈ {\(map.y.values.map(tick).joined(separator: ", "))}; fixed: `\(map.fixed.joined(separator: " "))`.\n\n"
        o += "| reading | " + categories.map { $0.0.rawValue }.joined(separator: " | ") + " | hypotheses held |\n"
        o += "|---|" + categories.map { _ in "---:|" }.joined() + "---:|\n"
        for l in map.layers {
            let counts = categories.map { cat in l.cells.filter { $0.outcome == cat.0 }.count }
            o += "| `\(MarkdownReport.cell(l.reading.rawValue))` | " + counts.map(String.init).joined(separator: " | ") + " | \(l.cells.filter { $0.hypotheses == .held }.count) |\n"
        }
        for l in map.layers {
            o += "\n![\(map.theorem) verdicts under \(l.reading) over \(map.x.name) and \(map.y.name)](\(figure(l.reading)))\n"
        }
        return o
    }
}
