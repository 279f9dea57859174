import Foundation

/// The Gram-Gauss-Newton section's table and figures, as data.
extension GramGaussNewtonStudy {
    /// Per run: the steps Ĉ_t is read at, its maximum, ‖f − y‖ at both ends and λ_min(G_t).
    static func runsTable(_ e: Evidence) -> StudyTable {
        let rows: [[String]] = e.runs.map { r in
            let best = r.cHat.max { $0.value < $1.value }
            return ["\(r.width)", "\(r.seed)", "\(r.cHat.count)", best.map { fmt($0.value) } ?? "—", best.map { String($0.t) } ?? "—",
                    r.residual.first.map(fmt) ?? "—", r.lambda.map(\.lambdaMin).min().map(fmt) ?? "—",
                    r.lambda.map(\.lowerMin).min().map(fmt) ?? "—", r.residual.last.map { finalResidual($0, start: r.residual.first ?? 1) } ?? "—"]
        }
        return StudyTable(columns: ["M", "seed", "steps used", "max_t Ĉ_t", "at t", "‖f_0 − y‖", "min_t λ̂_min(G_t)", "min_t estimated bound", "final ‖f − y‖"],
                          rows: rows)
    }

    /// A final residual at rounding level (below 10³ε‖f_0 − y‖) as "< 1e-k": its digits are the
    /// rounding of the last steps and differ from one BLAS kernel to another (Proofs/Numerics.md §6).
    static func finalResidual(_ r: Double, start: Double) -> String {
        let level = 1e3 * Double.ulpOfOne * max(start, 1)
        guard r.isFinite, r < level else { return fmt(r) }
        return "< 1e\(Int(log10(level).rounded(.up)))"
    }

    /// max_t Ĉ_t against M with the fitted line.
    static func cHatFigure(_ e: Evidence) -> StudyFigure {
        let runs = e.runs, plan = e.plan
        let f = QuadraticConvergence.slopeResult(runs, sweepLabel: QuadraticConvergence.sweepLabel(runs)).1
        let pts = QuadraticConvergence.sweepPoints(runs)
        var series: [StudySeries] = plan.seeds.map { seed in
            let p = pts.filter { $0.seed == seed }
            return StudySeries(label: "max_t Ĉ_t, seed \(seed)", x: p.map { Double($0.width) }, y: p.map(\.cMax), markers: true)
        }
        if let f {
            let xs = plan.widths.map(Double.init)
            series.append(StudySeries(label: "fit: slope \(fmt(f.slope)) ± \(fmt(f.halfWidth))", x: xs, y: xs.map { exp(f.intercept + f.slope * log($0)) }, dashed: true))
        }
        return StudyFigure(name: "chat", title: "GGN: max_t Ĉ_t against the width M", xLabel: "M (hidden units)", yLabel: "max_t √M‖f_{t+1}−y‖/‖f_t−y‖²",
                           logX: true, logY: true, series: series,
                           caption: "Ĉ_t over the steps above the rounding floor; dashed: least-squares line in log-log coordinates. C independent of M means slope ≤ 0.")
    }

    /// λ̂_min(G_t) along the first seed's runs, with the estimated bound of the widest.
    static func lambdaMinFigure(_ e: Evidence) -> StudyFigure {
        let seed0 = e.plan.seeds[0]
        let rs = e.runs.filter { $0.seed == seed0 }
        var series = rs.map { r in
            StudySeries(label: "λ̂_min(G_t), M = \(r.width)", x: r.lambda.indices.map(Double.init), y: r.lambda.map(\.lambdaMin), markers: true)
        }
        if let big = rs.last {
            let pos = big.lambda.enumerated().filter { $0.element.lowerMin > 0 }
            series.append(StudySeries(label: "estimated lower bound, M = \(big.width)", x: pos.map { Double($0.offset) }, y: pos.map(\.element.lowerMin), dashed: true))
        }
        return StudyFigure(name: "lambda-min", title: "GGN: λ_min(G_t) along the full-batch run (seed \(seed0))", xLabel: "t", yLabel: "λ_min(J_tJ_tᵀ)",
                           logY: true, series: series, caption: "Solid: computed smallest eigenvalue; dashed: λ̂_min minus its rounding bound (Proofs/GramGaussNewton.md §3).")
    }

    /// The widest full-batch run per iteration and the first mini-batch run per epoch (nil when neither ran).
    static func lossFigure(_ e: Evidence) -> StudyFigure? {
        let plan = e.plan
        var lossSeries: [StudySeries] = []
        if let r = e.runs.first(where: { $0.seed == plan.seeds[0] && $0.width == plan.widths.max() }) {
            let l = r.residual.map { $0 * $0 / (2 * Double(plan.m)) }
            let keep = l.enumerated().filter { $0.element > 0 }
            lossSeries.append(StudySeries(label: "full-batch GGN, M = \(r.width)", x: keep.map { Double($0.offset) }, y: keep.map(\.element), markers: true))
        }
        if let r = e.miniBatchRuns?.first {
            let s = Double(max(1, r.stepsPerEpoch))
            let keep = r.loss.enumerated().filter { $0.element > 0 }
            lossSeries.append(StudySeries(label: "mini-batch GGN (batch \(plan.batchSize)), M = \(plan.miniWidth), per epoch", x: keep.map { Double($0.offset) / s }, y: keep.map(\.element), dashed: true))
        }
        guard !lossSeries.isEmpty else { return nil }
        return StudyFigure(name: "loss", title: "GGN: training loss ‖f − y‖²/(2m)", xLabel: "iteration (full batch) / epoch (mini-batch)", yLabel: "loss",
                           logY: true, series: lossSeries,
                           caption: "Full-batch GGN per iteration and mini-batch GGN per epoch (one point per batch step), seed \(plan.seeds[0]); the floor is rounding.")
    }
}
