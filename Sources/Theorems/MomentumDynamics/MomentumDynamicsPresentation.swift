import Foundation
import Optimizers
import Trajectories

/// The momentum section's table and figures, as data.
extension MomentumDynamicsStudy {
    /// Per seed: λ_0, the step and horizon, the bounds' tightness, the NAG exponents, times to ε.
    static func table(_ ms: [Measurement]) -> StudyTable {
        let g = MomentumFormat.g
        let rows: [[String]] = ms.map { me in
            let hbf = me.hbFlow.records.map { $0.loss / me.hbBound($0.time) }.max() ?? .nan
            let hbd = me.hbDiscrete.records.map { $0.loss / me.hbBound($0.time) }.max() ?? .nan
            let af = lateExponent(me.nagFlow, horizon: me.horizon) ?? .nan
            let ad = lateExponent(me.nagDiscrete, horizon: me.horizon) ?? .nan
            let e = epsilonRelative * me.loss0
            return ["\(me.label.seed)", g(me.lambda0), g(me.lambdaMax), g(me.h), g(me.horizon), g(me.pseudoLoss0), g(hbf), g(hbd), g(af), g(ad),
                    timeTo(e, me.hbFlow).map(g) ?? "–", timeTo(e, me.gdFlow).map(g) ?? "> " + g(me.gdHorizon)]
        }
        return StudyTable(columns: ["seed", "λ_0 = λ_min(H(0))", "λ_max(H(0))", "h", "T", "L̂(0)", "HB flow: max L/bound", "HB discrete: max L/bound",
                                    "NAG α̂ on [T/2,T] (flow)", "NAG α̂ (discrete)", "t_ε HB flow", "t_ε gradient flow"],
                          rows: rows)
    }

    /// Keeps at most `n` evenly spaced points (figures stay small).
    static func thin(_ x: [Double], _ y: [Double], _ n: Int = 200) -> ([Double], [Double]) {
        guard x.count > n else { return (x, y) }
        let stride = (x.count + n - 1) / n
        var ox: [Double] = [], oy: [Double] = []
        for i in Swift.stride(from: 0, to: x.count, by: stride) { ox.append(x[i]); oy.append(y[i]) }
        if ox.last != x.last { ox.append(x.last!); oy.append(y.last!) }
        return (ox, oy)
    }

    static func series(_ label: String, _ run: Trajectory, dashed: Bool = false, positiveTime: Bool = false, _ f: (StepRecord) -> Double) -> StudySeries {
        let rs = run.records.filter { !positiveTime || $0.time > 0 }
        let (x, y) = thin(rs.map(\.time), rs.map(f))
        return StudySeries(label: label, x: x, y: y, dashed: dashed)
    }

    /// The first seed's heavy-ball, Nesterov, GD and NTK figures.
    static func figures(_ ms: [Measurement]) -> [StudyFigure] {
        guard let me = ms.first else { return [] }
        let seed = me.label.seed
        let hb = StudyFigure(
            name: "heavy-ball", title: "Heavy ball: L(t) beside (4/λ_0)e^{−√(λ_0/2)t}L̂(0) (seed \(seed))", xLabel: "t", yLabel: "L = ½‖f − y‖²", logY: true,
            series: [series("heavy-ball flow (RK4)", me.hbFlow) { $0.loss },
                     series("heavy-ball discrete (η = h²)", me.hbDiscrete) { $0.loss },
                     series("bound", me.hbFlow, dashed: true) { me.hbBound($0.time) }],
            caption: "004's heavy-ball bound against the measured loss; λ_0 = \(MomentumFormat.g(me.lambda0)), damping √(2λ_0).")
        let t1 = me.horizon / 4
        let l1 = me.nagFlow.records.first { $0.time >= t1 }?.loss ?? me.loss0
        let target = 2 * gamma / 3
        let nag = StudyFigure(
            name: "nesterov", title: "Nesterov (γ = \(MomentumFormat.g(gamma))): L(t) beside t^{−2γ/3} (seed \(seed))", xLabel: "t", yLabel: "L", logX: true, logY: true,
            series: [series("NAG flow (RK4)", me.nagFlow, positiveTime: true) { $0.loss },
                     series("NAG discrete", me.nagDiscrete, positiveTime: true) { $0.loss },
                     series("reference ∝ t^{−2γ/3} through L(T/4)", me.nagFlow, dashed: true, positiveTime: true) { l1 * pow($0.time / t1, -target) }],
            caption: "004 gives L ≤ A t^{−α}L(0) with α ≤ 2γ/3 and an unstated A; the dashed line has the claimed slope only.")
        let gd = StudyFigure(
            name: "gd", title: "GD: L(t) beside e^{−λ_0 t}L(0) (seed \(seed))", xLabel: "t", yLabel: "L", logY: true,
            series: [series("gradient flow (RK4)", me.gdFlow) { $0.loss },
                     series("GD (η = h²), t = kη", me.gdDiscrete) { $0.loss },
                     series("bound e^{−λ_0 t}L(0)", me.gdFlow, dashed: true) { me.gdBound($0.time) },
                     series("heavy-ball flow", me.hbFlow) { $0.loss }],
            caption: "The GD bound follows from λ_min(H) ≥ λ_0/2 (Proofs/MomentumDynamics.md §7); heavy ball drawn for the speed comparison.")
        let ntk = StudyFigure(
            name: "ntk", title: "λ_min(H(t))/λ_0 along each method (seed \(seed))", xLabel: "t", yLabel: "λ_min(H(t))/λ_0",
            series: [series("heavy-ball flow", me.hbFlow) { ($0.gram?.lambdaMin ?? .nan) / me.lambda0 },
                     series("NAG flow", me.nagFlow) { ($0.gram?.lambdaMin ?? .nan) / me.lambda0 },
                     series("gradient flow", me.gdFlow) { ($0.gram?.lambdaMin ?? .nan) / me.lambda0 },
                     series("claimed floor 1/2", me.gdFlow, dashed: true) { _ in 0.5 }],
            caption: "004 (after Du et al.) claims the ratio stays above 1/2 for wide enough networks.")
        return [hb, nag, gd, ntk]
    }
}
