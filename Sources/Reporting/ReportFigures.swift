import Foundation
import Experiments
import Figures
import Theorems

/// The suite's figures: per run the theorems' series, the sweeps', the studies' and the 001
/// experiment's, and the wall-time figure of the timing section.
extension MarkdownReport {
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
                    yScale: first.symlog ? .symlog : first.autoLog ? LineChart.autoScale(ys) : .linear,
                    series: g.map(\.curve), caption: first.caption).svg(), "\(first.alt) (\(tag))"))
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
}
