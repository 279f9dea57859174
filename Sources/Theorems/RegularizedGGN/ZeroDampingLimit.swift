import Foundation
import Statistics
import LinearAlgebra
import Optimizers
import Problems
import Regularizers
import Trajectories

/// **The zero-damping limit (GGN–NTK relation)** (000, "GGN-NTK (zero damping limit)" and
/// "Regularization with stability"; Proofs/ZeroDampingLimit.md).
///
/// Claims: (Z) as τ → 0 the regularized step tends to the Gram-Gauss-Newton step
/// θ_{t+1} = θ_t − α_t J_tᵀG_t⁻¹e_t; (K) in the infinite-width limit GD reduces to kernel
/// gradient descent Φ_{t+1} = Φ_t − α_t G_t∇R̂, and the regularized dynamics satisfy
/// Φ_{t+1} = Φ_t − α_tĜ_tê_t, both up to the linearization residual.
///
/// Computed at θ_0 over a τ grid and a width grid:
/// Z1 ‖d_τ − JᵀG⁻¹e‖/‖JᵀG⁻¹e‖ (the poster's formula, e = (Φ − y)/m);
/// Z2 ‖d_τ − JᵀG⁻¹(Φ − y)‖/‖·‖ (Cai et al.'s step, 002);
/// Z3 ‖Jd_τ − (Φ − y)‖/‖Φ − y‖ (the same limit in function space);
/// K1 ‖Φ(θ − αJᵀe) − (Φ − αGe)‖/‖αGe‖ for GD, α = m/λ_max(G);
/// K2 ‖Φ(θ_1) − (Φ_0 − α_0Ĝ_0ê_0)‖/‖α_0Ĝ_0ê_0‖ for one regularized GGN step at the run's τ.
/// A τ-limit holds when the gap at the smallest τ is ≤ 10⁻³ of the gap at the largest τ (or
/// ≤ 10⁻⁸); a width limit holds when the gap falls with the width (fitted log-log slope < 0
/// and the widest gap below half the narrowest).
public enum ZeroDampingLimit: SweepTheorem {
    public static let id: TheoremID = "zero-damping-limit"
    public static var certificationGap: String { "the sweep's points (regularized and unregularized steps at each τ and width) are not re-run in interval arithmetic: at the default suite's widths one step's interval kernel ĴH⁻¹Ĵᵀ alone costs O(m²p) outward-rounded operations, beyond the certificate budget; the verdict rests on the trajectory-sensitivity rule (Proofs/Numerics.md §6)" }
    public static let tauGrid: [Double] = (0...8).map { pow(10, -Double($0)) }

    public enum Reading: String, CaseIterable, Sendable {
        case z1 = "Z1 param step vs J'G^-1 e"
        case z2 = "Z2 param step vs J'G^-1 (Phi-y)"
        case z3 = "Z3 function-space step"
        case k1 = "K1 GD kernel regime (width)"
        case k2 = "K2 GGN linearization (width)"
    }

    public static let info = TheoremInfo(
        id: id, title: "Zero-damping limit: regularized GGN → Gram-Gauss-Newton, kernel dynamics",
        source: Papers.poster000 + ", 'GGN-NTK (zero damping limit)', 'Regularization with stability'",
        statement: "Zero damping limit (τ → 0) + infinite overparameterization ⟺ dynamics are stable, and the (unregularized) GGN iterations θ_{t+1} = θ_t − α_t J_tᵀ G_t⁻¹ e_t. In the infinite-width limit GD reduces to kernel gradient descent Φ_{t+1} = Φ_t − α_t G_t ∇R̂_s(Φ_t); with τ > 0, Φ_{t+1} = Φ_t − α_t Ĝ_t ê_t.",
        proofs: "Proofs/ZeroDampingLimit.md",
        readings: Reading.allCases.map { ReadingInfo(ReadingID($0.rawValue), description($0), claimed: $0 == .z3) },
        hypotheses: ["p > m (overparameterized)", "τ → 0 over 10^0…10^-8 (Z) or width growing (K)"],
        conclusions: ["gap(τ_min) ≤ max(10⁻³ gap(τ_max), 10⁻⁸) (Z)", "gap decreasing in the width (K)"],
        claim: ClaimReading(
            plain: "As τ → 0 on an overparameterized network, the regularized GGN step tends to the unregularized Gram-Gauss-Newton step; at infinite width the dynamics become kernel dynamics.",
            intended: "Z2 param step vs J'G^-1 (Phi-y)",
            intendedOwner: "gbar",
            why: "The claim is about the iterations θ_{t+1} = θ_t − α_tJ_tᵀG_t⁻¹e_t, \"the (unregularized) GGN iterations\" with Cai et al. cited, and 000's own step at τ = 0 (Q = I/m, pseudo-inverse) is JᵀG⁻¹(Φ − y), so the printed e_t stands for the residual up to a factor m that α_t absorbs",
            section: "Proofs/ZeroDampingLimit.md, Our reading(s)",
            literal: "Z1 param step vs J'G^-1 e",
            units: "max(10⁻³·gap(τ = 1), 10⁻⁸) − gap(τ = 10⁻⁸), gap = ‖d_τ − JᵀG⁻¹(Φ − y)‖/‖JᵀG⁻¹(Φ − y)‖ (relative distance of parameter steps, dimensionless)", paperScale: RegularizedGGNRegime.paperScale))

    static func description(_ r: Reading) -> String {
        switch r {
        case .z1: return "‖d_τ − JᵀG⁻¹e‖/‖JᵀG⁻¹e‖ with e = (Φ − y)/m, as printed in 000"
        case .z2: return "‖d_τ − JᵀG⁻¹(Φ − y)‖/‖JᵀG⁻¹(Φ − y)‖, the Gram-Gauss-Newton step of 002"
        case .z3: return "‖Jd_τ − (Φ − y)‖/‖Φ − y‖: the step's image in function space"
        case .k1: return "GD: ‖Φ(θ − αJᵀe) − (Φ − αGe)‖/‖αGe‖, α = m/λ_max(G), against the width"
        case .k2: return "regularized GGN: ‖Φ(θ_1) − (Φ_0 − α_0Ĝ_0ê_0)‖/‖α_0Ĝ_0ê_0‖ against the width"
        }
    }

    /// Gaps of one problem (one width) at θ_0.
    public struct Gaps: Sendable, Codable {
        public var width: Int
        public var p: Int
        public var m: Int
        public var tau: [Double]
        public var z1: [Double]
        public var z2: [Double]
        public var z3: [Double]
        public var k1: Double
        public var k2: Double
        /// Z2's gap split at each τ: ‖(I − P)d_τ‖ and ‖Pd_τ − JᵀG⁻¹(Φ − y)‖, both over
        /// ‖JᵀG⁻¹(Φ − y)‖, with P = JᵀG⁻¹J the projector onto range(Jᵀ); Cai's step lies in it.
        public var nullPart: [Double] = []
        public var rangePart: [Double] = []
    }

    public typealias Point = Gaps

    /// One problem per width of the suite's zero-damping sweep, at its first seed and τ, at θ_0;
    /// then the suite's other seeds (and `regimeSeeds`) at its base width, when the sweep has it,
    /// so Z1–Z3 at the paper's scale count every seed (the K sweeps stay on the first seed).
    public static func configs(_ suite: SuiteSpec) -> [RunConfig] {
        let first = suite.seeds.first ?? 0
        func config(_ seed: UInt64, _ n: Int) -> RunConfig {
            var c = suite.base
            c.problem.seed = seed
            c.problem.width = n
            c.tau = suite.taus.first ?? c.tau
            c.steps = 1
            return c
        }
        let base = suite.widths.first ?? suite.base.problem.width
        let more = suite.limitWidths.contains(base) ? Array(suite.withRegimeSeeds(suite.seeds).filter { $0 != first }) : []
        return suite.limitWidths.map { config(first, $0) } + more.map { config($0, base) }
    }

    /// The points of the width sweep proper: those at the first seed (the K readings and the figures).
    static func widthSweep(_ s: Sweep<Gaps>) -> [Gaps] {
        zip(s.points, s.labels).filter { $0.1.seed == s.labels.first?.seed }.map(\.0)
    }

    public static func measure(_ config: RunConfig) throws -> Gaps { try gaps(config) }

    public static func reproduce(_ s: SuiteSpec, _ r: InstanceResult) -> String {
        s.runLine([("theorems", id.rawValue), ("seeds", "\(r.instance.seed)"), ("taus", s.taus.first.map { "\($0)" } ?? "0.001"),
                   ("limit-widths", s.limitWidths.map(String.init).joined(separator: ","))],
                  flags: ["--no-experiment", "--no-baseline", "--output", "/tmp/check-bounds-repro"])
    }

    public static func gaps(_ config: RunConfig) throws -> Gaps {
        let problem = try Problem.make(config.problem)
        let reg = try config.regularizer()
        let obj = Objective(problem: problem, regularizer: reg)
        let ev = obj.evaluate(problem.theta0)
        let g = Matrix.gram(ev.jacobian)
        let ch = try Cholesky(g)
        let dCai = Matrix.multiply(ev.jacobian, transpose: true, try ch.solve(ev.residual))
        let dLit = dCai.map { $0 / Double(ev.sampleCount) }
        var z1: [Double] = [], z2: [Double] = [], z3: [Double] = [], nullPart: [Double] = [], rangePart: [Double] = []
        let caiNorm = Vector.norm2(dCai)
        let rNorm = Vector.norm2(ev.residual)
        for tau in tauGrid {
            let evTau = PointEvaluation(theta: ev.theta, outputs: ev.outputs, jacobian: ev.jacobian, residual: ev.residual,
                                        regularizer: Regularizer(penalty: reg.penalty, tau: tau).evaluate(ev.theta))
            let (d, _) = try RegularizedGGN.overparameterizedDirection(evTau)
            z1.append(Vector.norm2(Vector.sub(d, dLit)) / Vector.norm2(dLit))
            z2.append(Vector.norm2(Vector.sub(d, dCai)) / Vector.norm2(dCai))
            z3.append(Vector.norm2(Vector.sub(Matrix.multiply(ev.jacobian, d), ev.residual)) / rNorm)
            let inRange = Matrix.multiply(ev.jacobian, transpose: true, try ch.solve(Matrix.multiply(ev.jacobian, d)))
            nullPart.append(Vector.norm2(Vector.sub(d, inRange)) / caiNorm)
            rangePart.append(Vector.norm2(Vector.sub(inRange, dCai)) / caiNorm)
        }
        // K1: one GD step.
        let lMax = try Spectral.symmetricEigenvalues(g).last ?? 1
        let alphaGD = Double(ev.sampleCount) / lMax
        let gdDir = Matrix.multiply(ev.jacobian, transpose: true, ev.e)
        let phiGD = problem.network.outputs(theta: Vector.axpy(ev.theta, -alphaGD, gdDir), inputs: problem.trainInputs)
        let ge = Matrix.multiply(g, ev.e)
        let predGD = Vector.axpy(ev.outputs, -alphaGD, ge)
        let k1 = Vector.norm2(Vector.sub(phiGD, predGD)) / (alphaGD * Vector.norm2(ge))
        // K2: one regularized GGN step at the configured τ.
        var ggn = RegularizedGGN(form: .overparameterized, rule: StepRule(config.stepSize, objective: obj, owner: config.mgOwner))
        let step = try ggn.step(ev, iteration: 0, objective: obj)
        let next = step.next
        let jd = Matrix.multiply(ev.jacobian, step.direction)
        let phiNext = problem.network.outputs(theta: next, inputs: problem.trainInputs)
        let pred = Vector.axpy(ev.outputs, -step.alpha, jd)
        let k2 = Vector.norm2(Vector.sub(phiNext, pred)) / (step.alpha * Vector.norm2(jd))
        return Gaps(width: problem.network.width, p: problem.parameterCount, m: problem.sampleCount,
                    tau: tauGrid, z1: z1, z2: z2, z3: z3, k1: k1, k2: k2, nullPart: nullPart, rangePart: rangePart)
    }

    /// Z2's failure split (Proofs/ZeroDampingLimit.md, "Why Z2 fails"): the part of d_τ outside
    /// range(Jᵀ), where Cai's step has none, against the part inside, at the smallest τ and at
    /// τ = 10⁻⁴. ∇g and ∇²g both carry the factor τ, so (∇²g)⁻¹∇g, and with it the null-space
    /// part, does not shrink as τ → 0.
    static func mechanism(_ g: Gaps) -> String? {
        guard g.nullPart.count == g.tau.count, g.tau.count > 4, let last = g.tau.indices.last else { return nil }
        let mid = 4  // τ = 10⁻⁴ in `tauGrid`
        let f = { (x: Double) in String(format: "%.3g", x) }
        return "at τ = \(f(g.tau[last])) the step's part outside range(Jᵀ), where Cai's step has none, is \(f(g.nullPart[last]))×‖JᵀG⁻¹(Φ − y)‖ "
            + "(\(f(g.nullPart[mid])) at τ = \(f(g.tau[mid])): it does not shrink with τ, because ∇g and ∇²g = τ∇²ḡ carry the same factor τ), "
            + "its part inside range(Jᵀ) differs from Cai's step by \(f(g.rangePart[last]))×; n = \(g.width), m = \(g.m), p = \(g.p)"
    }

    /// Least-squares slope of log y against log x (gaps below 1e-300 enter as 1e-300).
    public static func logLogSlope(_ x: [Double], _ y: [Double]) -> Double {
        LineFit.slope(x: x.map { log($0) }, y: y.map { log(max($0, 1e-300)) })
    }

    /// Verdicts: one instance per width for Z1–Z3, one per width sweep for K1–K2.
    public static func evaluate(_ s: Sweep<Gaps>) -> [InstanceResult] {
        let sweepLabel = s.sweepLabel
        var out: [InstanceResult] = []
        for (gp, label) in zip(s.points, s.labels) {
            for (reading, series) in [(Reading.z1, gp.z1), (.z2, gp.z2), (.z3, gp.z3)] {
                let hyp = Check("p > m", .hypothesis, lhs: Double(gp.m), rhs: Double(gp.p) - 0.5, errorBound: 0)
                let target = max(1e-3 * series.first!, 1e-8)
                let con = Check("gap(τ=1e-8) ≤ max(1e-3·gap(τ=1), 1e-8)", .conclusion, lhs: series.last!, rhs: target,
                                errorBound: 1e-12 * (series.last! + target) + Double(gp.p) * Double.ulpOfOne)
                var r = InstanceResult(theorem: id, reading: ReadingID(reading.rawValue), instance: label, subInstances: [[hyp, con]],
                                       tightness: series.last! / max(series.first!, Double.leastNormalMagnitude),
                                       notes: ["gap at τ = 1, 1e-4, 1e-8: " + [0, 4, 8].map { String(format: "%.3g", series[$0]) }.joined(separator: ", ")])
                if reading == .z2, r.outcome == .counterexample { r.mechanism = mechanism(gp) }
                out.append(r)
            }
        }
        let sweep = widthSweep(s)
        if sweep.count >= 2 {
            let widths = sweep.map { Double($0.width) }
            for (reading, series) in [(Reading.k1, sweep.map(\.k1)), (.k2, sweep.map(\.k2))] {
                let slope = logLogSlope(widths, series)
                let hyp = Check("p > m at every width", .hypothesis, lhs: Double(sweep.map { $0.m - $0.p }.max()!), rhs: -0.5, errorBound: 0)
                let c1 = Check("fitted slope of log gap vs log n < 0", .conclusion, lhs: slope, rhs: 0, errorBound: 1e-9)
                let c2 = Check("gap(widest) ≤ ½ gap(narrowest)", .conclusion, lhs: series.last!, rhs: 0.5 * series.first!, errorBound: 1e-12 * series.first!)
                out.append(InstanceResult(theorem: id, reading: ReadingID(reading.rawValue), instance: sweepLabel, subInstances: [[hyp, c1, c2]],
                                          tightness: series.last! / series.first!,
                                          notes: [String(format: "slope %.3f; gaps ", slope) + zip(sweep, series).map { "n=\($0.0.width): " + String(format: "%.3g", $0.1) }.joined(separator: ", ")]))
            }
        }
        return out
    }

    /// The gaps against τ (Z2, Z3) and the linearization residuals against the width (K1, K2).
    public static func figures(_ s: Sweep<Gaps>) -> [StudyFigure] {
        let points = widthSweep(s)
        guard !points.isEmpty else { return [] }
        var series: [StudySeries] = []
        for g in points {
            series.append(StudySeries(label: "Z2 param. gap, n = \(g.width)", x: g.tau, y: g.z2, markers: true))
            series.append(StudySeries(label: "Z3 function-space gap, n = \(g.width)", x: g.tau, y: g.z3, dashed: true))
        }
        let w = points.map { Double($0.width) }
        return [
            StudyFigure(name: "tau", title: "Zero-damping limit: gap to the Gram-Gauss-Newton step against τ", xLabel: "τ", yLabel: "relative gap",
                        logX: true, autoLogY: true, series: series,
                        caption: "If the regularized step tended to Cai's step JᵀG⁻¹(Φ − y) as τ → 0, the solid curves would fall toward 0 at the left; the dashed curves measure the same limit in function space (Jd_τ against Φ − y).",
                        alt: "Zero-damping gap against tau"),
            StudyFigure(name: "width", title: "Linearization residual against the width", xLabel: "width n", yLabel: "relative residual",
                        logX: true, logY: true,
                        series: [StudySeries(label: "K1: GD vs kernel GD", x: w, y: points.map(\.k1), markers: true),
                                 StudySeries(label: "K2: regularized GGN vs Φ_t − α_tĜ_tê_t", x: w, y: points.map(\.k2), markers: true)],
                        caption: "Under the NTK scaling κ = 1/√n the residual should fall roughly like n^(−1/2) (slope −0.5 on this log-log plot).",
                        alt: "Linearization residual against width"),
        ]
    }
}
