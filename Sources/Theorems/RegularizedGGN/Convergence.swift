import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Trajectories
import Quantities

/// **Convergence of the regularized GGN** (000, "Theory: convergence"; Proofs/Convergence.md).
///
/// Problem: min_θ R̂_s(Φ(θ)) + g(θ) for the two-layer network, g = τḡ (M_g, ν)-GSC.
/// Method: θ_{t+1} = θ_t − α_t H⁻¹Ĵᵀ(I + Q̂ĴH⁻¹Ĵᵀ)⁻¹ê, α_t = ᾱ/(1 + M_g η_t), 0 < ᾱ < 1.
/// Guarantee: with T = (1/ᾱ)·log(‖Φ̃_0 − Φ̃*‖²/ε), ε ∈ (0,1): ‖Φ_T − Φ*‖² ≤ ε, provided
/// (H1) 1 + M_g η_t ≤ ‖G̃_t‖_F and (H2) |G̃22| ≥ |⟨G̃21ᵀ + G̃12, ṽ⟩| for t ≤ T.
///
/// Computed beside the theoretical: ‖Φ_T − Φ*‖² against ε, and the margins of H1 and H2 at
/// every t ≤ T, under each reading of J̃, ṽ and Φ* (M_g's owner is the run's).
public enum ConvergenceTheorem: TrajectoryTheorem {
    public static let id: TheoremID = "convergence"
    public static var certificationGap: String { "certificates are computed for the explorer's minimal witnesses (Proofs/Numerics.md §7); a suite instance is not re-run for one, and its verdict rests on the trajectory-sensitivity rule (§6)" }
    public static let epsilons = [0.5, 0.1, 0.01]

    public enum VTilde: String, CaseIterable, Sendable {
        /// ṽ = e_t: the vector that multiplies the cross blocks in êᵀG̃ê.
        case e
        /// ṽ = Φ_t − y.
        case r
        /// "for some ṽ": ṽ = 0 always qualifies, so H2 reduces to |G̃22| ≥ 0.
        case zero
    }

    public enum PhiStar: String, CaseIterable, Sendable {
        /// Φ* = y, the targets (the teacher's outputs: an interpolating solution exists).
        case y
        /// Φ* = Φ_∞, the outputs the run itself converges to (the regularized problem's solution).
        case limit
    }

    public struct Reading: Sendable {
        public var jTilde: JTildeReading
        public var vTilde: VTilde
        public var phiStar: PhiStar
        public var id: ReadingID { ReadingID("J~=\(jTilde.rawValue) v~=\(vTilde.rawValue) Phi*=\(phiStar.rawValue)") }
    }

    public static var readings: [Reading] {
        JTildeReading.allCases.flatMap { j in VTilde.allCases.flatMap { v in PhiStar.allCases.map { Reading(jTilde: j, vTilde: v, phiStar: $0) } } }
    }

    public static let info = TheoremInfo(
        id: id, title: "Convergence of the regularized GGN in function space",
        source: Papers.poster000 + ", 'Theory: convergence'",
        statement: "Fix 0 < ᾱ_t ≡ ᾱ < 1, and choose T ≜ (1/ᾱ) log(‖Φ̃_0 − Φ̃*‖²/ε) for any ε ∈ (0,1). It holds that ‖Φ_T − Φ*‖² ≤ ε after T iterations, if 1 + M_g η_t ≤ ‖G̃_t‖_F and |G̃22| ≥ |⟨G̃21ᵀ + G̃12, ṽ⟩| for some ṽ depending on t ≤ T.",
        proofs: "Proofs/Convergence.md",
        readings: readings.map { ReadingInfo($0.id, describe($0)) },
        hypotheses: ["H1: 1 + M_g η_t ≤ ‖G̃_t‖_F for t ≤ T", "H2: |⟨G̃21ᵀ + G̃12, ṽ⟩| ≤ |G̃22| for t ≤ T"],
        conclusions: ["‖Φ_T − Φ*‖² ≤ ε, T = ⌈(1/ᾱ) log(‖Φ̃_0 − Φ̃*‖²/ε)⌉, ε ∈ {0.5, 0.1, 0.01}"],
        claim: ClaimReading(
            plain: "After T = (1/ᾱ)·log(‖Φ̃_0 − Φ̃*‖²/ε) steps with fixed ᾱ < 1, the GGN's training outputs are within squared distance ε of Φ*, if conditions H1, H2 on G̃_t hold.",
            intended: "J~=jhat v~=e Phi*=y",
            intendedOwner: "gbar",
            why: "The rate argument must move the appended coordinate of Φ̃ to the 0 of Φ̃* and H2 is written about G̃22 and G̃21, both identically 0 under [J; 0ᵀ], so J̃ = Ĵ; ṽ = e_t is the vector that multiplies the cross blocks in êᵀG̃ê; and the poster names the teacher Φ* (\"Simulation\"), with T to be chosen from ‖Φ̃_0 − Φ̃*‖² before the run, so Φ* = y",
            section: "Proofs/Convergence.md §2",
            literal: "J~=jzero v~=zero Phi*=y",
            units: "ε − ‖Φ_T − Φ*‖² (squared ℓ2 distance of the training outputs from Φ*, in squared output units)", paperScale: RegularizedGGNRegime.paperScale))

    static func describe(_ r: Reading) -> String {
        let j = r.jTilde == .jhat ? "J̃ = Ĵ = [J; ∇gᵀ]" : "J̃ = [J; 0ᵀ]"
        let v: String
        switch r.vTilde {
        case .e: v = "ṽ = e_t"
        case .r: v = "ṽ = Φ_t − y"
        case .zero: v = "ṽ = 0 (\"some ṽ\" taken literally)"
        }
        return "\(j); \(v); Φ* = \(r.phiStar == .y ? "y (targets)" : "Φ_∞ (the run's limit)")"
    }

    /// The T for one ε, and whether the run reached it.
    static func horizon(_ run: InstrumentedRun, phiStar: [Double], epsilon: Double) -> Int {
        let r0 = Vector.norm2(Vector.sub(run.quantities.first?.outputs ?? [], phiStar))
        return Int((log((r0 * r0 + 1) / epsilon) / run.alphaBar).rounded(.up))
    }

    public static func evaluate(_ run: InstrumentedRun) -> [InstanceResult] {
        readings.map { evaluate(run, $0) }
    }

    /// T for the smallest ε with Φ* = y, plus slack for the limit reading (which needs T well inside the run).
    public static func requiredSteps(problem: Problem, config: RunConfig) -> Int {
        guard case let .adaptive(ab) = config.stepSize else { return config.steps }
        let need = InstrumentedRun.requiredSteps(problem: problem, alphaBar: ab, epsilon: epsilons.last!)
        return max(config.steps, need + max(10, need / 2))
    }

    /// The statement fixes 0 < ᾱ < 1 (strictly); the rest as every 000 theorem.
    public static var space: String {
        "seed=0..999,m=4..32,m-test=0,n=8..256:log,n0=2..8,tau=1e-6..1:log,alpha-bar=0.05..0.99,mg-owner=gbar|g,activation=silu|tanh|softplus"
    }

    /// Where in (τ, n) the hypotheses and the conclusion hold, at a small m (Proofs/Exploration.md §4).
    public static var map: MapSpec? { RegularizedGGNRegime.map }

    /// H1 and H2 margins under every reading, and the step size along the run.
    public static func series(_ run: InstrumentedRun) -> [RunSeries] {
        let q = run.quantities
        let t = q.indices.map(Double.init)
        let owner = run.config.mgOwner
        // H1 and H2 as margins rhs − lhs under every reading they depend on (symmetric log:
        // their sides differ by decades), one panel each; below 0 the hypothesis fails at t.
        let h1 = ("h1-margin", "Hypothesis H1: margin ‖G̃_t‖_F − (1 + M_g η_t) per step", "rhs − lhs",
                  "H1 holds at t where the margin is above 0. One curve per reading of J̃ (H1 does not depend on ṽ or Φ*). Symmetric log axis.",
                  "H1 margin per step under each reading of J-tilde")
        let h2 = ("h2-margin", "Hypothesis H2: margin |G̃22| − |⟨G̃21ᵀ + G̃12, ṽ⟩| per step", "rhs − lhs",
                  "H2 holds at t where the margin is above 0. One curve per reading of J̃ and ṽ (ṽ = 0 makes H2 hold trivially and is left out). Symmetric log axis.",
                  "H2 margin per step under each reading of J-tilde and v-tilde")
        let alphas = run.trajectory.records.map(\.alpha)
        let h1Series = JTildeReading.allCases.map { j in
            RunSeries(figure: h1.0, title: h1.1, yLabel: h1.2, caption: h1.3, alt: h1.4,
                      curve: StudySeries(label: j == .jhat ? "J̃ = Ĵ" : "J̃ = [J; 0ᵀ]", x: t, y: q.map {
                          $0.gTilde(j).frobenius - (1 + (owner == .gBar ? $0.mGBar : $0.mGScaled) * $0.eta) }),
                      autoLog: false, symlog: true)
        }
        let h2Series = JTildeReading.allCases.flatMap { j in [VTilde.e, .r].map { v in
            RunSeries(figure: h2.0, title: h2.1, yLabel: h2.2, caption: h2.3, alt: h2.4,
                      curve: StudySeries(label: (j == .jhat ? "J̃ = Ĵ" : "J̃ = [J; 0ᵀ]") + (v == .e ? ", ṽ = e_t" : ", ṽ = Φ_t − y"), x: t, y: q.map {
                          let g = $0.gTilde(j)
                          return abs(g.g22) - abs(v == .e ? g.crossE : g.crossR) }),
                      autoLog: false, symlog: true)
        } }
        return h1Series + h2Series + [
            RunSeries(figure: "alpha", title: "Adaptive step α_t = ᾱ/(1 + M_g η_t)", yLabel: "α_t",
                      caption: "The step approaches ᾱ as η_t = ‖∇g(θ_t)‖*_θt shrinks; the convergence theorem's T assumes the rate ᾱ.",
                      alt: "Adaptive step size", curve: StudySeries(label: "α_t", x: alphas.indices.map(Double.init), y: alphas, markers: true), autoLog: false),
        ]
    }

    public static func evaluate(_ run: InstrumentedRun, _ reading: Reading) -> InstanceResult {
        let q = run.quantities
        if run.trajectory.outcome.isFailure || q.isEmpty {
            return .failure(theorem: id, reading: reading.id, instance: run.label, reason: run.trajectory.outcome.summary)
        }
        let star = reading.phiStar == .y ? run.problem.trainTargets : run.limitOutputs
        // Φ* = Φ_∞ is known only up to the estimated tail of the continued run (Proofs/Convergence.md §5).
        // No tail (the steps did not contract): the conclusion cannot be decided (infinite error
        // bound), while a failed hypothesis still makes the instance vacuous.
        let tail = reading.phiStar == .limit ? (run.limit.tail ?? .infinity) : 0
        var subs: [[Check]] = []
        var notes: [String] = []
        if reading.phiStar == .limit {
            let q = run.limit.contraction.map { String(format: "%.4g", $0) } ?? "–"
            notes.append(tail.isFinite
                ? String(format: "Φ_∞ from %d further steps: estimated ‖Φ_last − Φ_∞‖ ≤ %.2g (step contraction %@), checked over %d more steps", run.limit.extraSteps, tail, q, LimitEstimate.chunk)
                : "Φ_∞ not determined: in \(run.limit.extraSteps) further steps no tail estimate of the output steps passed its check (last ratio \(q))")
        }
        let owner = run.config.mgOwner
        for eps in epsilons {
            let T = horizon(run, phiStar: star, epsilon: eps)
            // Φ_T is recorded in q[T] (q[t] holds Φ_t).
            let lastUsable = q.count - 1
            guard T <= lastUsable else {
                notes.append("ε = \(eps): T = \(T) beyond the run's \(lastUsable) usable steps; not evaluated")
                continue
            }
            var checks: [Check] = []
            for t in 0...T {
                let s = q[t]
                let gt = s.gTilde(reading.jTilde)
                let mG = owner == .gBar ? s.mGBar : s.mGScaled
                let lhs1 = 1 + mG * s.eta
                checks.append(Check("H1: 1 + M_g η_t ≤ ‖G̃_t‖_F", .hypothesis, step: t, lhs: lhs1, rhs: gt.frobenius,
                                    errorBound: Double(s.p + 8) * Double.ulpOfOne * lhs1 + gt.errorBound))
                let cross: Double, vNorm: Double
                switch reading.vTilde {
                case .e: cross = gt.crossE; vNorm = s.normE
                case .r: cross = gt.crossR; vNorm = s.normE * Double(s.m)
                case .zero: cross = 0; vNorm = 0
                }
                // Under J̃ = [J; 0ᵀ], G̃22 is zero by construction (no rounding); ṽ = 0 makes the cross term exactly 0.
                let g22Err = reading.jTilde == .jzero ? 0 : gt.errorBound
                checks.append(Check("H2: |⟨G̃21ᵀ + G̃12, ṽ⟩| ≤ |G̃22|", .hypothesis, step: t, lhs: abs(cross), rhs: abs(gt.g22),
                                    errorBound: g22Err + gt.errorBound * 1.5 * vNorm))
            }
            let dist = Vector.sub(q[T].outputs, star)
            let d = Vector.norm2(dist), d2 = d * d
            // Rounding, plus what the distance of Φ_last from Φ_∞ can move ‖Φ_T − Φ*‖²: (d + tail)² − d².
            let rounding = 8 * Double(run.problem.network.width + run.problem.sampleCount) * Double.ulpOfOne * (d2 + 1)
            checks.append(Check("‖Φ_T − Φ*‖² ≤ ε (ε = \(eps), T = \(T))", .conclusion, step: T, lhs: d2, rhs: eps,
                                errorBound: rounding + tail * (2 * d + tail)))
            subs.append(checks)
        }
        if subs.isEmpty {
            return .settled(.inconclusive, theorem: id, reading: reading.id, instance: run.label, notes: notes)
        }
        // Tightness: ‖Φ_T − Φ*‖²/ε at the smallest ε evaluated.
        let tight = subs.last?.last.map { $0.lhs / $0.rhs }
        var r = InstanceResult(theorem: id, reading: reading.id, instance: run.label, subInstances: subs, tightness: tight, notes: notes)
        if r.outcome == .counterexample, reading.phiStar == .y, let w = r.witness, let t = w.step { r.mechanism = mechanism(run, at: t, epsilon: w.rhs) }
        return r
    }

    /// A Φ* = y failure split into bias and rate (Proofs/Convergence.md §5): the run's own limit
    /// Φ_∞ (estimated, with its tail) is at ‖Φ_∞ − y‖² from the targets; when that exceeds ε, no
    /// number of steps reaches ε (‖Φ_T − y‖ ≥ ‖Φ_∞ − y‖ − ‖Φ_T − Φ_∞‖), and the failure is the
    /// regularization's bias, not the rate.
    static func mechanism(_ run: InstrumentedRun, at t: Int, epsilon: Double) -> String? {
        let f = { (x: Double) in String(format: "%.3g", x) }
        let inf = run.limitOutputs, bias = Vector.norm2(Vector.sub(inf, run.problem.trainTargets))
        guard let tail = run.limit.tail, tail.isFinite, t < run.quantities.count else {
            return "Φ_∞ not determined (the outputs still moved after \(run.limit.extraSteps) further steps), so bias and rate are not separated; "
                + "after those steps ‖Φ − y‖² = \(f(bias * bias)) against ε = \(f(epsilon))"
        }
        let rate = Vector.norm2(Vector.sub(run.quantities[t].outputs, inf))
        let lowBias = max(0, bias - tail)
        var md = "the run's own limit has ‖Φ_∞ − y‖² = \(f(bias * bias)) (Φ_∞ to within \(f(tail)))"
        md += lowBias * lowBias > epsilon
            ? " > ε = \(f(epsilon)): regularization bias, since ‖Φ_T − y‖ ≥ ‖Φ_∞ − y‖ − ‖Φ_T − Φ_∞‖ no T reaches ε"
            : " ≤ ε = \(f(epsilon)): the limit is close enough, so the rate fails"
        md += "; the rate part at T = \(t) is ‖Φ_T − Φ_∞‖² = \(f(rate * rate))"
        return md
    }
}
