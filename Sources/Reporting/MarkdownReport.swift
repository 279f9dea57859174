import Foundation
import Experiments
import Exploration
import Figures
import Theorems

/// Renders a suite as Markdown with SVG figures. Everything above the "Timing" heading is a
/// function of the suite's numbers only, so two runs with the same options give the same bytes.
public struct MarkdownReport {
    public let result: SuiteResult
    /// The paper's teacher-student experiment, when the suite ran it.
    public var experiment: TeacherStudentExperiment.Result?
    /// The suite's explorations and verdict maps, when it ran them.
    public var exploration: ExplorationEvidence?
    /// Path from the report to the repository root (for links into Proofs/).
    public var rootLink = ".."

    public init(result: SuiteResult, experiment: TeacherStudentExperiment.Result? = nil) {
        self.result = result
        self.experiment = experiment
    }

    public static func fmt(_ x: Double?) -> String {
        guard let x else { return "–" }
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        if x == 0 { return "0" }
        return String(format: "%.3g", x)
    }

    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    /// The one-line command that reproduces an instance: `check` for a trajectory instance; for
    /// the zero-damping sweep (evaluated across τ and widths, not on one run) a restricted `run`.
    public func reproduce(_ r: InstanceResult) -> String {
        switch TheoremRegistry.theorem(r.theorem)?.kind {
        case let .sweep(s)?:
            return s.reproduce(result.suite, r)
        case .study?:
            return "swift run -c release check-bounds run --suite \(result.suite.name) --theorems \(r.theorem) --no-experiment --no-baseline --output /tmp/check-bounds-repro"
        case .trajectory?, nil:
            return "swift run -c release check-bounds check " + r.instance.arguments.joined(separator: " ")
        }
    }

    static func readingCell(_ r: InstanceResult) -> String { cell(r.readingLabel) }

    /// Counts per theorem and reading, as a Markdown table.
    public static func summaryTable(_ results: [InstanceResult]) -> String {
        var keys: [String] = []
        var counts: [String: [Outcome: Int]] = [:], undecided: [String: Int] = [:]
        for r in results {
            let k = "\(r.theorem) | \(readingCell(r))"
            if counts[k] == nil { keys.append(k); counts[k] = [:] }
            counts[k]![r.outcome, default: 0] += 1
            if r.hypotheses == .undecided { undecided[k, default: 0] += 1 }
        }
        var out = "| theorem | reading | holds | vacuous | counterexample | inconclusive | numerical failure | hypotheses undecided |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
        for k in keys {
            let c = counts[k]!
            out += "| \(k) | " + [Outcome.holds, .vacuous, .counterexample, .inconclusive, .numericalFailure].map { String(c[$0] ?? 0) }.joined(separator: " | ") + " | \(undecided[k] ?? 0) |\n"
        }
        return out
    }

    /// The figures of the suite: file name (relative to Reports/) and SVG text.
    public func figures() -> [(name: String, svg: String, alt: String)] {
        var out: [(String, String, String)] = []
        let s = result.suite.name
        for (k, run) in result.runs.enumerated() where k < 4 {
            let l = run.label
            let tag = "seed \(l.seed), n = \(l.width), τ = \(Self.fmt(l.tau)), M_g owner \(l.mgOwner?.rawValue ?? "–")"
            var order: [String] = []
            var groups: [String: [RunSeries]] = [:]
            for c in run.series {
                if groups[c.figure] == nil { order.append(c.figure) }
                groups[c.figure, default: []].append(c)
            }
            for name in order {
                let g = groups[name]!, first = g[0]
                let ys = g.flatMap(\.curve.y)
                out.append(("figures/\(s)-run\(k)-\(name).svg", LineChart(
                    title: "\(first.title) (\(tag))", xLabel: "iteration t", yLabel: first.yLabel,
                    yScale: first.autoLog ? LineChart.autoScale(ys) : .linear,
                    series: g.map(\.curve), caption: first.caption).svg(), first.alt))
            }
        }
        for (id, f) in result.sweepFigures {
            out.append(("figures/\(s)-\(id)-\(f.name).svg", Self.chart(f).svg(), f.alt))
        }
        for study in result.studies {
            for f in study.figures {
                out.append(("figures/\(s)-\(study.id)-\(f.name).svg", Self.chart(f).svg(), f.alt))
            }
        }
        if let ex = experiment {
            let s = result.suite.name
            var series: [Series] = []
            for c in ex.curves {
                let t = (0..<c.trainLoss.count).map(Double.init)
                series.append(Series(label: "\(c.method): train", x: t, y: c.trainLoss))
                series.append(Series(label: "\(c.method): test", x: t, y: c.testLoss, dashed: true))
            }
            out.append(("figures/\(s)-paper-loss-iterations.svg", LineChart(
                title: "Teacher-student: train and test loss against iteration", xLabel: "iteration", yLabel: "R̂ (half mean squared error)",
                xScale: .log10, yScale: .log10, series: series.map { var x = $0; x.x = x.x.map { $0 + 1 }; return x },
                caption: "Iteration axis shifted by one (log scale). 001 reports GGN converging much faster than GD per iteration; the dashed curves show whether the test loss follows.").svg(),
                "Train and test loss against iteration"))
            for (name, sweep, label) in [("tau", ex.tauSweep, "τ"), ("mu", ex.muSweep, "μ")] {
                let x = sweep.map(\.value)
                out.append(("figures/\(s)-paper-\(name)-loss.svg", LineChart(
                    title: "Final loss after \(ex.curves.first.map { $0.trainLoss.count - 1 } ?? 0) GGN iterations against \(label)", xLabel: label, yLabel: "R̂",
                    xScale: .log10, yScale: LineChart.autoScale(sweep.map(\.finalTrain) + sweep.map(\.finalTest)),
                    series: [Series(label: "final train loss", x: x, y: sweep.map(\.finalTrain), markers: true),
                             Series(label: "final test loss", x: x, y: sweep.map(\.finalTest), dashed: true, markers: true)],
                    caption: name == "mu" ? "001: larger μ should give lower train and test loss." : "Stronger regularization trades training fit for smaller weights.").svg(),
                    "Final loss against \(label)"))
                out.append(("figures/\(s)-paper-\(name)-sparsity.svg", LineChart(
                    title: "Near-zero weights (|θ_i| < 1e-3) against \(label), p = \(ex.parameterCount)", xLabel: label, yLabel: "count",
                    xScale: .log10, series: [Series(label: "near-zero weights", x: x, y: sweep.map { Double($0.nearZeroWeights) }, markers: true)],
                    caption: "The pseudo-Huber penalty smooths ℓ1; a growing count means the regularizer is sparsifying.").svg(),
                    "Near-zero weights against \(label)"))
            }
        }
        return out
    }

    /// One Markdown table; cells are escaped.
    public static func table(_ t: StudyTable) -> String {
        var md = "| " + t.columns.map(cell).joined(separator: " | ") + " |\n|"
        md += t.rightAligned.map { $0 ? "---:|" : "---|" }.joined() + "\n"
        for r in t.rows { md += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
        return md
    }

    static func chart(_ f: StudyFigure) -> LineChart {
        LineChart(title: f.title, xLabel: f.xLabel, yLabel: f.yLabel, xScale: f.logX ? .log10 : .linear,
                  yScale: f.autoLogY ? LineChart.autoScale(f.series.flatMap(\.y)) : (f.logY ? .log10 : .linear),
                  series: f.series, caption: f.caption)
    }

    /// The wall-clock figure, which belongs to the timing section (it varies between runs).
    public func timingFigure() -> (name: String, svg: String)? {
        guard let ex = experiment else { return nil }
        let series = ex.curves.map { Series(label: "\($0.method): train", x: $0.seconds.map { max($0, 1e-4) }, y: $0.trainLoss) }
        return ("figures/\(result.suite.name)-paper-loss-walltime.svg", LineChart(
            title: "Teacher-student: train loss against wall time", xLabel: "seconds", yLabel: "R̂", xScale: .log10, yScale: .log10, series: series,
            caption: "Measured on this run's machine; varies between runs.").svg())
    }

    func experimentSection(_ ex: TeacherStudentExperiment.Result) -> String {
        var md = "## The paper's teacher-student experiment (001)\n\n"
        md += "Source: \(Papers.poster000), 'Simulation: teacher-student' (the setup), and a summary of \(Papers.paper001), 'Key Results', 'Open Question 2' (the findings). Regularized GGN with the adaptive step against gradient descent with α = m/λ_max(J_0J_0ᵀ); τ swept over 10^[−8, 0], μ over a grid around 1/κ(n) = √n.\n\n"
        md += "| finding stated in 001 | our measurement | verdict |\n|---|---|---|\n"
        for f in ex.findings {
            let v = f.confirmed.map { $0 ? "**confirmed**" : "**not confirmed**" } ?? "not testable as stated"
            md += "| \(Self.cell(f.claim)) | \(Self.cell(f.measured)) | \(v) |\n"
        }
        md += "\n| method | iterations | final train R̂ | final test R̂ | outcome |\n|---|---:|---:|---:|---|\n"
        for c in ex.curves {
            md += "| \(c.method) | \(c.trainLoss.count - 1) | \(Self.fmt(c.trainLoss.last)) | \(Self.fmt(c.testLoss.last)) | \(c.outcome) |\n"
        }
        for (label, sweep) in [("τ", ex.tauSweep), ("μ", ex.muSweep)] {
            md += "\n| \(label) | final train R̂ | final test R̂ | near-zero weights | outcome |\n|---:|---:|---:|---:|---|\n"
            for p in sweep { md += "| \(Self.fmt(p.value)) | \(Self.fmt(p.finalTrain)) | \(Self.fmt(p.finalTest)) | \(p.nearZeroWeights) | \(p.outcome) |\n" }
        }
        return md + "\n"
    }

    public func markdown(timing: Bool = true) -> String {
        let s = result.suite
        var md = "# check-bounds report: suite `\(s.name)`\n\n"
        md += "Problems: \(s.base.problem.kind.rawValue) (\(s.base.problem.targetsDescription)), m = \(s.base.problem.trainCount), n0 = \(s.base.problem.inputDimension), n* = \(s.base.problem.teacherWidth), activation \(s.base.problem.activation.rawValue); "
        md += "seeds \(s.seeds.map(String.init).joined(separator: ", ")); widths \(s.widths.map(String.init).joined(separator: ", ")); τ \(s.taus.map { Self.fmt($0) }.joined(separator: ", ")); "
        md += "M_g owners \(s.owners.map(\.rawValue).joined(separator: ", ")); regularizer \(s.base.penaltyName), μ = 1/κ(n) unless set; "
        if case let .adaptive(a) = s.base.stepSize { md += "adaptive step ᾱ = \(Self.fmt(a)). " }
        md += "Zero-damping sweep widths \(s.limitWidths.map(String.init).joined(separator: ", "))."
        if let ms = s.methods { md += " Methods \(ms.map { "`\($0.name)`" }.joined(separator: ", ")) on every problem." }
        if let sw = s.muSweep { md += " μ sweep at τ = \(Self.fmt(sw.tau)): μ \(sw.mus.map { Self.fmt($0) }.joined(separator: ", "))." }
        if s.base.tolerance > 0 { md += " Runs stop at R̂ ≤ \(Self.fmt(s.base.tolerance))." }
        let sigmaFlag = s.base.sigmaRoute == .accurate ? "" : " --sigma \(s.base.sigmaRoute.rawValue)"
        if s.base.sigmaRoute == .interval {
            md += " σ_min(J), σ_max(J) are estimated Gram intervals (`--sigma interval`): wider than the default's O(ε·σ_max) when J is near rank-deficient."
        }
        md += "\n\n"
        md += "Reproduce: `swift run -c release check-bounds run --suite \(s.name)\(sigmaFlag)`. Outcomes: **holds**; **vacuous** (a hypothesis failed); **counterexample** (hypotheses held, a conclusion failed beyond its error bound); **inconclusive** (a margin within its error bound); **numerical failure**. Margins are rhs − lhs of `lhs ≤ rhs` (negative: violated).\n\n"
        md += "## Summary\n\n" + Self.summaryTable(result.results) + "\n"
        for t in s.selected where t.study == nil { md += section(t.info) }
        if let e = exploration { md += ExplorationReport.section(e, suite: s.name) }
        if let ex = experiment { md += experimentSection(ex) }
        if let c = ReferenceComparison(result) { md += ReferenceReport.section(c, result, rootLink: rootLink) }
        for study in result.studies { md += studySection(study) }
        // Study figures are shown in their own sections.
        let studyFigures = Set(result.studies.flatMap { st in st.figures.map { "figures/\(s.name)-\(st.id)-\($0.name).svg" } })
        let figs = figures().filter { !studyFigures.contains($0.name) }
        if !figs.isEmpty {
            md += "## Figures\n\n"
            for f in figs { md += "![\(f.alt)](\(f.name))\n\n" }
        }
        if timing {
            md += "## Timing (varies between runs)\n\nWall time of the theorem checks: \(String(format: "%.1f", result.seconds)) s.\n"
            if let e = exploration { md += "Explorations: " + e.summaries.map { "\($0.theorem) \(String(format: "%.1f", $0.seconds)) s" }.joined(separator: ", ") + ".\n" }
            if let ex = experiment {
                for c in ex.curves { md += "\n- \(c.method): \(c.trainLoss.count - 1) iterations in \(String(format: "%.2f", c.seconds.last ?? 0)) s" }
                if let f = timingFigure() { md += "\n\n![Train loss against wall time](\(f.name))\n" }
            }
        }
        return md
    }

    /// A companion study: its headline claims (confirmed or not, with the measured figures),
    /// its tables, a section per theorem, and its figures.
    func studySection(_ study: StudyResult) -> String {
        var md = "## \(study.title)\n\n"
        md += "Sources: \(study.sources.joined(separator: ", ")). Our reading and derivations: [\(study.proofs)](\(rootLink)/\(study.proofs)).\n\n"
        if !study.headlines.isEmpty {
            md += "| headline claim | our measurement | verdict |\n|---|---|---|\n"
            for h in study.headlines { md += "| \(Self.cell(h.claim)) | \(Self.cell(h.measured)) | **\(h.verdict.rawValue)** |\n" }
            md += "\n"
        }
        for t in study.tables { md += Self.table(t) + "\n" }
        for info in study.infos where result.suite.includes(info.id) { md += section(info, level: "###") }
        for f in study.figures {
            md += "![\(f.title)](figures/\(result.suite.name)-\(study.id)-\(f.name).svg)\n\n"
        }
        return md
    }

    /// "margin (relative) @ step" of a worst check.
    static func worstCell(_ c: Check?) -> String {
        guard let c else { return "–" }
        return "\(fmt(c.margin)) (\(fmt(c.relativeMargin)))" + (c.step.map { " @\($0)" } ?? "")
    }

    func section(_ info: TheoremInfo, level: String = "##") -> String {
        let rows = result.results.filter { $0.theorem == info.id }
        var md = "\(level) \(info.title) (`\(info.id)`)\n\n"
        md += "Source: \(info.source). Our reading and derivations: [\(info.proofs)](\(rootLink)/\(info.proofs)).\n\n"
        md += "> \(info.statement)\n\n"
        md += "Hypotheses: " + (info.hypotheses.isEmpty ? "none." : info.hypotheses.joined(separator: "; ") + ".") + " Conclusions: " + info.conclusions.joined(separator: "; ") + ".\n\n"
        md += "Readings:\n\n" + info.readings.map { "- `\($0.id)`: \($0.description)" }.joined(separator: "\n") + "\n\n"
        md += "Worst = smallest relative margin (rhs − lhs)/max(|lhs|, |rhs|) over steps and ε; shown as margin (relative) @ step. Hypotheses: held at every step, failed beyond the error bound at one, or undecided (within it) at one.\n\n"
        md += "| reading | problem | seed | n | τ | μ | steps | outcome | hypotheses | worst hypothesis | worst conclusion | tightness |\n"
        md += "|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|\n"
        for r in rows {
            let l = r.instance
            md += "| \(Self.readingCell(r)) | \(l.problem) | \(l.seed) | \(l.width == 0 ? "sweep" : String(l.width)) | \(Self.fmt(l.tau)) | \(Self.fmt(l.mu)) | \(l.steps) | **\(r.outcome.rawValue)** | "
            md += "\(r.hypotheses?.rawValue ?? "–") | \(Self.worstCell(r.worstHypothesis)) | \(Self.worstCell(r.worstConclusion)) | \(Self.fmt(r.tightness)) |\n"
        }
        let ce = rows.filter { $0.outcome == .counterexample }
        if !ce.isEmpty {
            md += "\nCounterexamples (first failing conclusion whose hypotheses held):\n\n"
            for r in ce {
                guard let w = r.witness else { continue }
                md += "- `\(Self.readingCell(r))`, seed \(r.instance.seed), n = \(r.instance.width), τ = \(Self.fmt(r.instance.tau)): \(w.name) at step \(w.step.map(String.init) ?? "–"): lhs = \(Self.fmt(w.lhs)), rhs = \(Self.fmt(w.rhs)) (error bound \(Self.fmt(w.errorBound))). Reproduce: `\(reproduce(r))`\n"
            }
        }
        let notes = rows.filter { !$0.notes.isEmpty }
        if !notes.isEmpty {
            md += "\nNotes:\n\n" + notes.map { "- `\(Self.readingCell($0))` seed \($0.instance.seed), n = \($0.instance.width == 0 ? "sweep" : String($0.instance.width)): " + $0.notes.joined(separator: "; ") }.joined(separator: "\n") + "\n"
        }
        return md + "\n"
    }
}
