import Foundation
import Experiments
import Exploration
import Figures
import GSCCertification
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
    /// The GSC certification's verdicts, for the findings at the top.
    public var gsc: [GSCVerdict] = []

    public init(result: SuiteResult, experiment: TeacherStudentExperiment.Result? = nil) {
        self.result = result
        self.experiment = experiment
    }

    public static func fmt(_ x: Double?) -> String {
        guard let x else { return "–" }
        if x.isNaN { return "undefined" }
        if x.isInfinite { return x > 0 ? "∞" : "−∞" }
        if x == 0 { return "0" }
        return String(format: "%.3g", x)
    }

    /// An error bound as the power of ten above it ("1e-12"): a bound stays a bound when rounded up,
    /// and its leading digits, which follow the computed values' last bits, differ from one BLAS
    /// kernel to another (Proofs/Numerics.md §6); the JSON keeps every digit.
    public static func bound(_ x: Double) -> String {
        guard x.isFinite, x > 0 else { return fmt(x) }
        let e = Int((log10(x) - 1e-9).rounded(.up))
        return "1e\(e)"
    }

    /// Six significant digits, non-finite values as `fmt` writes them.
    public static func precise(_ x: Double) -> String { x.isFinite && x != 0 ? String(format: "%.6g", x) : fmt(x) }

    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    /// The one-line command that reproduces an instance: `check` for a trajectory instance; for
    /// the zero-damping sweep (evaluated across τ and widths, not on one run) a restricted `run`.
    public func reproduce(_ r: InstanceResult) -> String {
        switch TheoremRegistry.theorem(r.theorem)?.kind {
        case let .sweep(s)?:
            return s.reproduce(result.suite, r)
        case .study?:
            return result.suite.runLine([("theorems", r.theorem.rawValue)], flags: ["--no-experiment", "--no-baseline", "--output", "/tmp/check-bounds-repro"])
        case .trajectory?, nil:
            return "swift run -c release check-bounds check " + r.instance.arguments.joined(separator: " ") + " --theorems \(r.theorem)"
        }
    }

    static func readingCell(_ r: InstanceResult) -> String { cell(r.readingLabel) }

    /// The commands a Markdown text prints in backticks (`swift run … check-bounds …`).
    public static func commands(in md: String) -> Set<String> {
        var out = Set<String>()
        for part in md.components(separatedBy: "`").enumerated() where part.offset % 2 == 1 && part.element.hasPrefix("swift run") {
            out.insert(part.element)
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

    public func markdown() -> String {
        let s = result.suite
        var md = "# check-bounds report: suite `\(s.name)`\n\n"
        md += "Problems: \(s.base.problem.kind.rawValue) (\(s.base.problem.targetsDescription)), m = \(s.base.problem.trainCount), n0 = \(s.base.problem.inputDimension), n* = \(s.base.problem.teacherWidth), activation \(s.base.problem.activation.rawValue); "
        let extra = s.withRegimeSeeds(s.seeds).filter { !s.seeds.contains($0) }
        md += "seeds \(s.seeds.map(String.init).joined(separator: ", "))" + (extra.isEmpty ? "" : " with every owner, and \(extra.map(String.init).joined(separator: ", ")) with M_g owner \(s.owners.first?.rawValue ?? "gbar") only (the regime seeds: each claim is counted over \(s.seeds.count + extra.count) seeds at the base problem)")
        md += "; widths \(s.widths.map(String.init).joined(separator: ", ")); τ \(s.taus.map { Self.fmt($0) }.joined(separator: ", ")); "
        md += "M_g owners \(s.owners.map(\.rawValue).joined(separator: ", ")); regularizer \(s.base.penaltyName), μ = 1/κ(n) unless set; "
        if case let .adaptive(a) = s.base.stepSize { md += "adaptive step ᾱ = \(Self.fmt(a)). " }
        // The sweep has its own grid (issue 30 #4): say which seed, τ and widths it used.
        md += "Zero-damping sweep widths \(s.limitWidths.map(String.init).joined(separator: ", ")) at seed \(s.seeds.first ?? 0) and τ = \(Self.fmt(s.taus.first ?? s.base.tau)) (its own grid, set by `--limit-widths`; the widths and τ above do not apply to it)"
        let sweepSeeds = s.withRegimeSeeds(s.seeds).dropFirst()
        if !sweepSeeds.isEmpty, let w = s.widths.first, s.limitWidths.contains(w) { md += ", and at width \(w) for seeds \(sweepSeeds.map(String.init).joined(separator: ", "))" }
        md += "."
        if let ms = s.methods { md += " Methods \(ms.map { "`\($0.name)`" }.joined(separator: ", ")) on every problem." }
        if let sw = s.muSweep { md += " μ sweep at τ = \(Self.fmt(sw.tau)): μ \(sw.mus.map { Self.fmt($0) }.joined(separator: ", "))." }
        if s.base.tolerance > 0 { md += " Runs stop at R̂ ≤ \(Self.fmt(s.base.tolerance))." }
        switch s.base.sigmaRoute {
        case .interval:
            md += " σ_min(J), σ_max(J) are estimated Gram intervals (`--sigma interval`): wider than the O(ε·σ_max) of `--sigma accurate` when J is near rank-deficient."
        case .refine:
            md += " σ_min(J), σ_max(J) come from the structured Gram's estimated interval, refined by QR of Jᵀ (error O(ε·σ_max)) at the steps where a check that reads them is not decided at the interval's width; each such theorem's instances say at how many steps."
        case .accurate:
            md += " σ_min(J), σ_max(J) are accurate to O(ε·σ_max) at every step (`--sigma accurate`)."
        }
        md += "\n\n"
        if s.customArguments != nil { md += "A custom run: the named suite with the options below changed; companion studies and the 001 experiment run only when named. " }
        md += "Reproduce: `swift run -c release check-bounds run \(s.runArguments.joined(separator: " "))`.\n\n"
        let findings = FindingsPage(report: self, gsc: gsc).markdown(level: 2)
        var shown = Self.commands(in: findings)
        md += findings
        md += "## The suite in detail\n\nPer theorem: the statement, the readings × outcomes counts, every instance, and the counterexamples grouped by the command that reproduces them. Margins are rhs − lhs of `lhs ≤ rhs` (negative: violated).\n\n"
        for t in s.selected where t.study == nil { md += section(t.info, shown: &shown) }
        if let e = exploration { md += ExplorationReport.section(e, suite: s.name) }
        if let ex = experiment { md += experimentSection(ex) }
        if let c = ReferenceComparison(result) { md += ReferenceReport.section(c, result, rootLink: rootLink) }
        for study in result.studies { md += studySection(study, shown: &shown) }
        // Study figures are shown in their own sections.
        let studyFigures = Set(result.studies.flatMap { st in st.figures.map { "figures/\(s.name)-\(st.id)-\($0.name).svg" } })
        let figs = figures().filter { !studyFigures.contains($0.name) }
        if !figs.isEmpty {
            md += "## Figures\n\n"
            for f in figs { md += "![\(f.alt)](\(f.name))\n\n" }
        }
        md += "## Timing\n\nWall times vary between runs and machines, so they are not part of this report: this run's are in `\(s.name)-timing.md` beside it (not committed).\n"
        return md
    }

    /// The run's wall times (`<suite>-timing.md`, beside the report and not committed): the theorem
    /// checks, each exploration, and the 001 experiment's curves with their wall-clock figure.
    public func timingMarkdown() -> String {
        var md = "# Timing of the `\(result.suite.name)` run (varies between runs)\n\nWall time of the theorem checks: \(String(format: "%.1f", result.seconds)) s.\n"
        if let e = exploration { md += "Explorations: " + e.summaries.map { "\($0.theorem) \(String(format: "%.1f", $0.seconds)) s" }.joined(separator: ", ") + ".\n" }
        if let ex = experiment {
            for c in ex.curves { md += "\n- \(c.method): \(c.trainLoss.count - 1) iterations in \(String(format: "%.2f", c.seconds.last ?? 0)) s" }
            if let f = timingFigure() { md += "\n\n![Train loss against wall time](\(f.name))\n" }
        }
        return md
    }
}

