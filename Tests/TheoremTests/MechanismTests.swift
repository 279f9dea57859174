import CheckBoundsCLI
import Foundation
import LinearAlgebra
import Problems
import Testing
import Theorems
import Trajectories

/// Issue 27, item 2: each "Why:" decomposition is pinned, and its terms are checked against an
/// independent computation (a longer run, a second τ, the orthogonal split of a gap).
@Suite("Mechanisms behind the headline counterexamples")
struct MechanismTests {
    static func config(_ args: String) throws -> RunConfig {
        try RunOptions.config(from: OptionParser.parse(args.split(separator: " ").map(String.init), specs: CheckCommand.specs))
    }

    static let lossDecayWitness = "--seed 0 --m 4 --m-test 0 --n0 2 --n 8 --activation silu --tau 0.0001 --mg-owner gbar --steps 0 --alpha-bar 0.1 --n-teacher 1"
    /// A Φ* = y counterexample whose limit the run determines (ᾱ = 0.5; the explorer's shrunk
    /// witness has ᾱ = 0.1 and converges too slowly for the estimate).
    static let convergenceWitness = "--seed 0 --m 20 --m-test 0 --n0 3 --n 30 --tau 0.1 --alpha-bar 0.5"

    /// Under D_R = 0 the promised decrease exceeds L(θ_0) at step 0, so no method can meet the
    /// bound (L ≥ 0); L_D is far above the step taken; and ϑL_D² grows like 1/τ² (measured at τ/10).
    @Test("loss decay: the bracket exceeds L(θ_0), L_D dwarfs the step, ϑL_D² ∝ 1/τ²")
    func lossDecay() throws {
        let c = try Self.config(Self.lossDecayWitness)
        let run = try SuiteRunner.instrumentedRun(c)
        let r = LossDecayTheorem.evaluate(run, .thetaPositive)
        #expect(r.outcome == .counterexample)
        let s0 = try #require(run.quantities.first)
        let tm = LossDecayTheorem.terms(s0, reading: .thetaPositive, owner: c.mgOwner)
        #expect(tm.promisedDecrease > s0.loss && s0.loss > 0)
        #expect(tm.lD > 1000 * s0.stepEuclidean, "L_D \(tm.lD) against the step \(s0.stepEuclidean)")
        let why = try #require(r.mechanism)
        #expect(why.contains("which no method attains") && why.contains("at step \(r.witness?.step ?? -1)"), "\(why)")
        var small = c
        small.tau = c.tau / 10
        let s1 = try #require(try SuiteRunner.instrumentedRun(small).quantities.first)
        let t1 = LossDecayTheorem.terms(s1, reading: .thetaPositive, owner: c.mgOwner)
        let ratio = (t1.vartheta * t1.lD * t1.lD) / (tm.vartheta * tm.lD * tm.lD)
        #expect(ratio > 50 && ratio < 200, "ϑL_D² grew by \(ratio) when τ fell tenfold")
    }

    /// Φ* = y split into bias and rate: the estimated limit's distance from y agrees with the same
    /// method run on to 4000 steps (within the estimate's tail), and the line names the bias
    /// exactly when that long run stays farther than ε from y.
    @Test("convergence: bias ‖Φ_∞ − y‖² against a 4000-step run, and the line names it")
    func convergenceBias() throws {
        let c = try Self.config(Self.convergenceWitness)
        let run = try SuiteRunner.instrumentedRun(c)
        let reading = try #require(ConvergenceTheorem.readings.first { $0.id.rawValue == "J~=jzero v~=zero Phi*=y" })
        let r = ConvergenceTheorem.evaluate(run, reading)
        #expect(r.outcome == .counterexample)
        let why = try #require(r.mechanism)
        let tail = try #require(run.limit.tail)
        let y = run.problem.trainTargets
        let bias = Vector.norm2(Vector.sub(run.limitOutputs, y))
        var long = c
        long.steps = 4000
        let traj = try TrajectoryEngine(problem: run.problem, config: long).run()
        let far = Vector.norm2(Vector.sub(run.problem.network.outputs(theta: traj.finalTheta, inputs: run.problem.trainInputs), y))
        #expect(abs(far - bias) <= 2 * tail + 1e-9, "‖Φ_4000 − y‖ = \(far), estimated ‖Φ_∞ − y‖ = \(bias) ± \(tail)")
        let eps = try #require(r.witness?.rhs)
        let biased = (bias - tail) * (bias - tail) > eps
        #expect(why.contains("regularization bias") == biased, "\(why) (‖Φ_4000 − y‖² = \(far * far), ε = \(eps))")
        #expect(why.contains("‖Φ_∞ − y‖² = \(String(format: "%.3g", bias * bias))"), "\(why)")
    }

    /// The zero-damping gap splits orthogonally into its range(Jᵀ) and null(J) parts at every τ,
    /// and the null part is the same at τ = 10⁻⁴ and 10⁻⁸ (it does not vanish with τ).
    @Test("zero damping: gap² = range part² + null part², the null part does not shrink with τ")
    func zeroDampingSplit() throws {
        let c = try Self.config("--seed 0 --m 20 --n0 3 --n 40 --activation silu --tau 0.001")
        let g = try ZeroDampingLimit.gaps(c)
        for i in g.tau.indices {
            let sum = g.rangePart[i] * g.rangePart[i] + g.nullPart[i] * g.nullPart[i]
            #expect(abs(sum - g.z2[i] * g.z2[i]) <= 1e-8 * max(1, g.z2[i] * g.z2[i]), "τ = \(g.tau[i]): \(sum) against \(g.z2[i] * g.z2[i])")
        }
        #expect(abs(g.nullPart[4] - g.nullPart[8]) <= 1e-3 * g.nullPart[8] && g.nullPart[8] > 0.1)
    }

    /// The NTK lemma's shrunk witness (width 16) fails because it is narrow: the same problem at
    /// widths ×4 … 4096 holds from some width on, and the ratios printed are the runs' own.
    @Test("NTK lemma: the witness's verdict changes with the width, and the line says where")
    func ntkWidth() throws {
        let c = try Self.config("--seed 0 --m 4 --n0 2 --n 16 --activation relu")
        let r = try #require(NTKStability.evaluate(instance: c).first { $0.reading.rawValue == "heavy-ball flow" })
        #expect(r.outcome == .counterexample)
        let why = try #require(NTKStability.mechanism(instance: c, result: r))
        #expect(why.contains("widths 16, 64, 256, 1024, 4096") && why.contains("the lemma holds from width"), "\(why)")
        var wide = c
        wide.problem.width = 4096
        let w = try #require(NTKStability.evaluate(instance: wide).first { $0.reading == r.reading })
        let ratio = try #require(w.worstConclusion.map { $0.rhs / (2 * $0.lhs) })
        #expect(w.outcome == .holds && ratio > 0.5 && why.hasSuffix("which the lemma does not exclude"))
        #expect(why.contains(String(format: "%.3g", ratio)), "\(why) lacks the width-4096 ratio \(ratio)")
    }
}
