import Foundation
import Optimizers

/// The damped Gauss-Newton section's tables and figures, as data.
extension DampedGaussNewtonStudy {
    /// Iterations to ε per conditioning value and method (nil below three values, as the fits).
    static func conditioningTable(_ e: Evidence) -> StudyTable? {
        let points = e.points, sc = e.scale
        guard points.count >= 3 else { return nil }
        let rows: [[String]] = points.map { p in
            let gn = p.gn.map { r in r.convergedStep.map(String.init) ?? (r.failure != nil ? "failed" : "> \(sc.gnCap)") }
            let gd = p.gd.convergedStep.map(String.init) ?? (p.gd.failure != nil ? "failed" : "> \(sc.gdCap) (censored)")
            return [sig(p.lambdaMin), sig(p.lambdaMax), sig(p.epsilon)] + gn + [gd]
        }
        return StudyTable(columns: ["λ_min(K_0)", "λ_max(K_0)", "ε"] + schedules.map { "GN \($0.name)" } + ["GD (cap \(sc.gdCap))"], rows: rows)
    }

    /// The underparameterized run: sizes, L(θ_0), L* with its uncertainty, the fitted ratio.
    static func underTable(_ u: UnderRun, _ ph: UnderparameterizedConvergence.GeometricPhase, _ sc: Scale) -> StudyTable {
        StudyTable(columns: ["m", "p", "L(θ_0)", "L*", "±", "q̂", "95%"],
                   rows: [["\(sc.mUnder)", "\(u.p)", sig(u.losses[0]), u.lStarErr.isFinite ? sig(u.lStar) : "not determined", sig(u.lStarErr), sig(ph.q), "\(sig(ph.qLo))–\(sig(ph.qHi))"]])
    }

    static func thin(_ y: [Double], max count: Int = 400) -> (x: [Double], y: [Double]) {
        let stride = Swift.max(1, y.count / count)
        var xs: [Double] = [], ys: [Double] = []
        var i = 0
        while i < y.count { xs.append(Double(i)); ys.append(y[i]); i += stride }
        if let last = y.indices.last, xs.last != Double(last) { xs.append(Double(last)); ys.append(y[last]) }
        return (xs, ys)
    }

    static func sweepFigures(_ points: [SweepPoint], _ sc: Scale) -> [StudyFigure] {
        guard !points.isEmpty else { return [] }
        var series: [StudySeries] = []
        let lm = points.map(\.lambdaMin)
        for (k, sch) in schedules.enumerated() {
            series.append(StudySeries(label: "GN \(sch.name)", x: lm, y: points.map { Double($0.gn[k].convergedStep ?? sc.gnCap) }, markers: true))
        }
        series.append(StudySeries(label: "GD (cap \(sc.gdCap) = censored)", x: lm, y: points.map { Double($0.gd.convergedStep ?? sc.gdCap) }, dashed: true, markers: true))
        let iters = StudyFigure(name: "iterations", title: "Iterations to ε = \(relativeEpsilon)·L(θ_0) against λ_min(K_0)",
                                xLabel: "λ_min(K_0)", yLabel: "iterations", logX: true, logY: true, series: series,
                                caption: "Damped GN (three schedules) and GD with step m/λ_max(K_0) on the conditioned-NTK problem (m = \(sc.m), n = \(sc.n), n0 = \(sc.n0)); GD points at the cap are censored.")
        let worst = points.min { $0.lambdaMin < $1.lambdaMin }!
        var ls: [StudySeries] = []
        for (k, sch) in schedules.enumerated() {
            let t = thin(worst.gn[k].losses)
            ls.append(StudySeries(label: "GN \(sch.name)", x: t.x, y: t.y))
        }
        let g = thin(worst.gd.losses)
        ls.append(StudySeries(label: "GD", x: g.x, y: g.y, dashed: true))
        let loss = StudyFigure(name: "loss", title: "Loss against iteration at λ_min(K_0) = \(sig(worst.lambdaMin))",
                               xLabel: "iteration t", yLabel: "L(θ_t)", logX: false, logY: true, series: ls,
                               caption: "The worst-conditioned instance of the sweep; runs stop at ε = \(sig(worst.epsilon)).")
        return [iters, loss]
    }

    static func underFigure(_ u: UnderRun, _ ph: UnderparameterizedConvergence.GeometricPhase, _ sc: Scale) -> StudyFigure {
        let gaps = u.gaps, resolved = ph.resolved, f = ph.fit, lStarErr = u.lStarErr
        let run = "GN flow (λ = \(underDamping), η_t ≤ \(underEta))"
        // L* undetermined: no gap to draw, so the loss itself.
        guard lStarErr.isFinite else {
            let t = u.losses.indices.filter { u.losses[$0] > 0 }
            return StudyFigure(name: "underparameterized", title: "Loss L(θ_t) (m = \(sc.mUnder) > p = \(u.p)); L* not determined",
                               xLabel: "iteration t", yLabel: "L(θ_t)", logY: true,
                               series: [StudySeries(label: run, x: t.map(Double.init), y: t.map { u.losses[$0] }, markers: true)],
                               caption: "No tail estimate of the reference run (Marquardt's LM from the last iterate) passed its check, so L* and the gaps are not determined (Proofs/DampedGaussNewton.md §6).")
        }
        let shown = gaps.indices.filter { gaps[$0] > 0 }
        var series = [StudySeries(label: run, x: shown.map(Double.init), y: shown.map { gaps[$0] }, markers: true),
                      StudySeries(label: "L* uncertainty", x: [0, Double(gaps.count - 1)], y: [lStarErr, lStarErr], dashed: true)]
        if !resolved.isEmpty {
            series.insert(StudySeries(label: "fitted q̂^t", x: resolved.map(Double.init), y: resolved.map { exp(f.intercept + f.slope * Double($0)) }, dashed: true), at: 1)
        }
        return StudyFigure(name: "underparameterized", title: "Loss gap L(θ_t) − L* (m = \(sc.mUnder) > p = \(u.p))",
                           xLabel: "iteration t", yLabel: "L(θ_t) − L*", logY: true, series: series,
                           caption: "L* from Marquardt's LM continued from the last iterate until its tail estimate passed its check; gaps below the dashed level are not resolved.")
    }
}
