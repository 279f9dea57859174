import CheckBoundsCLI
import Foundation
import LinearAlgebra
import Problems
import Quantities
import Testing
import TestSupport
import Theorems
import Trajectories

/// Issue 28: verdicts that survive rounding (Proofs/Numerics.md §6) and the audit's defects, each
/// against independent truth: the orthogonal route, a long run, the classifier's own rules.
@Suite("Trajectory sensitivity and the audit's defects")
struct RoundingAuditTests {
    static func config(_ args: [String]) throws -> RunConfig {
        try RunOptions.config(from: OptionParser.parse(args, specs: CheckCommand.specs))
    }

    /// D2: at κ = 1e-100 the Gram route's tridiagonal has off-diagonals below the safe minimum;
    /// unscaled, dstebz split it and missed σ_min by 3.4× (4.989e-101 against QR's 1.4556e-101).
    @Test("the Gram route's σ interval contains the orthogonal route's value at κ = 1e-100 and 1e-160", arguments: [1e-100, 1e-160])
    func tinyKappa(kappa: Double) throws {
        var s = ProblemSpec()
        s.trainCount = 20; s.testCount = 0; s.width = 50; s.seed = 0; s.kappa = kappa
        let p = try Problem.make(s)
        let j = p.network.outputsAndJacobian(theta: p.theta0, inputs: p.trainInputs).jacobian
        let gram = try #require(try JacobianSpectrum.gramRoute(network: p.network, theta: p.theta0, inputs: p.trainInputs))
        let qr = try JacobianSpectrum.orthogonalRoute(j)
        #expect(abs(gram.sigmaMin - qr.sigmaMin) <= gram.sigmaMinError + qr.sigmaMinError, "σ_min: Gram \(gram.sigmaMin) ± \(gram.sigmaMinError), QR \(qr.sigmaMin)")
        #expect(abs(gram.sigmaMax - qr.sigmaMax) <= gram.sigmaMaxError + qr.sigmaMaxError, "σ_max: Gram \(gram.sigmaMax) ± \(gram.sigmaMaxError), QR \(qr.sigmaMax)")
        #expect(gram.sigmaMin < gram.sigmaMax)
    }

    /// A Φ* = Φ_∞ verdict rests on a checked limit: this instance held on an unchecked tail of
    /// 0.012 where a 6000-step run puts ‖Φ₅₃ − Φ_∞‖² at 0.0116 > ε = 0.01 (Convergence.md §5).
    @Test("the Φ* = limit reading does not hold where the tail estimate was wrong")
    func limitReading() throws {
        let c = try Self.config(["--seed", "408", "--m", "10", "--m-test", "0", "--n0", "5", "--n", "8", "--activation", "silu",
                                 "--tau", "0.0344", "--mg-owner", "gbar", "--alpha-bar", "0.11", "--n-teacher", "1", "--steps", "0"])
        let results = try #require(TheoremRegistry.theorem("convergence")?.instance).evaluate(c)
        for id in ["J~=jhat v~=zero Phi*=limit", "J~=jzero v~=zero Phi*=limit"] {
            let r = try #require(results.first { $0.reading.rawValue == id })
            #expect(r.outcome != .holds, "\(id): \(r.outcome) \(r.notes)")
        }
        // The long run itself: its outputs after 6000 steps are farther from Φ_53 than the old tail said.
        let run = try SuiteRunner.instrumentedRun(c)
        #expect(run.limit.tail == nil || run.limit.tail! >= 0.0215 - 0.012)
    }

    /// D6: a sub-instance whose hypotheses failed says nothing; its violated conclusion must not be
    /// the "worst conclusion" of a result that holds.
    @Test("a holds result never reports a conclusion from a sub-instance whose hypotheses failed")
    func worstConclusionWhereHypothesesHeld() {
        let ok = [Check("h", .hypothesis, step: 0, lhs: 0, rhs: 1, errorBound: 0), Check("c", .conclusion, step: 0, lhs: 0, rhs: 1, errorBound: 0)]
        let empty = [Check("h", .hypothesis, step: 1, lhs: 2, rhs: 1, errorBound: 0), Check("c", .conclusion, step: 1, lhs: 5, rhs: 1, errorBound: 0)]
        let label = InstanceLabel(problem: "t", seed: 0, m: 1, width: 1, tau: 0, mu: 0, steps: 1, activation: "silu", arguments: [])
        let r = InstanceResult(theorem: "t", reading: "r", instance: label, subInstances: [ok, empty])
        #expect(r.outcome == .holds)
        #expect(r.worstConclusion?.step == 0 && r.worstConclusion!.margin > 0)
        #expect(r.heldConclusion?.step == 0)
    }

    /// D5: A2 (‖θ_t − θ_0‖ ≤ r0) is checked at the final iterate θ_T too.
    @Test("A2 is checked at the final iterate")
    func a2AtFinalIterate() throws {
        let c = try Self.config(["--seed", "0", "--m", "8", "--m-test", "0", "--n0", "2", "--n", "6", "--steps", "4"])
        let run = try SuiteRunner.instrumentedRun(c)
        let final = try #require(run.trajectory.records.last).step
        #expect(final > (run.quantities.last?.step ?? -1))
        // Every reading checks A2 at θ_T, the iterate no step's quantities hold.
        for r in StandingAssumptions.readings {
            let a2 = StandingAssumptions.checks(run, r).filter { $0.name.hasPrefix("A2") }.compactMap(\.step)
            #expect(a2.contains(final), "A2 checked at steps \(a2), final iterate \(final) (\(r.id))")
        }
    }

    /// The merge rule: outcomes that differ, or a margin the perturbed start moves by more than a
    /// quarter of its distance from its bound, make the instance inconclusive (trajectory-sensitive).
    @Test("TrajectorySensitivity.merge flags what a perturbed start would flip, and only that")
    func mergeRule() {
        let label = InstanceLabel(problem: "t", seed: 0, m: 1, width: 1, tau: 0, mu: 0, steps: 1, activation: "silu", arguments: ["--seed", "0"])
        func result(_ lhs: Double) -> InstanceResult {
            InstanceResult(theorem: "t", reading: "r", instance: label,
                           subInstances: [[Check("h", .hypothesis, step: 0, lhs: 0, rhs: 1, errorBound: 0), Check("c", .conclusion, step: 3, lhs: lhs, rhs: 1, errorBound: 1e-3)]])
        }
        let flipped = TrajectorySensitivity.merge([result(0.5)], [result(2)])[0]
        #expect(flipped.outcome == .inconclusive && flipped.trajectorySensitive == true)
        let close = TrajectorySensitivity.merge([result(0.9)], [result(0.95)])[0]   // margin 0.1, moved 0.05
        #expect(close.outcome == .inconclusive && close.notes.contains { $0.hasPrefix(TrajectorySensitivity.marker) })
        let robust = TrajectorySensitivity.merge([result(0.5)], [result(0.5 + 1e-9)])[0]
        #expect(robust.outcome == .holds && robust.trajectorySensitive == nil)
        #expect(abs(robust.heldConclusion!.errorBound - (1e-3 + 1e-9)) < 1e-15)
    }

    /// The perturbed start moves θ_0 by a few ulps and nothing else.
    @Test("RoundingProbe moves θ_0 by 1 to 4 ulps per entry, and the data not at all")
    func probe() throws {
        var s = ProblemSpec()
        s.trainCount = 6; s.testCount = 2; s.width = 5; s.seed = 3
        let a = try Problem.make(s)
        let b = try RoundingProbe.$replicate.withValue(1) { try Problem.make(s) }
        #expect(a.trainInputs == b.trainInputs && a.trainTargets == b.trainTargets)
        #expect(a.theta0 != b.theta0)
        for (x, y) in zip(a.theta0, b.theta0) where x != 0 {
            let ulps = abs(x - y) / x.ulp
            #expect(ulps >= 1 && ulps <= 8, "moved by \(ulps) ulps")
        }
    }

    /// D3: the cayci-underparam and NTK evaluators read only the sizes, seed and activation; an
    /// option they ignore is refused (exit 2, before work), and their reproduce lines carry none.
    @Test("an option an instance evaluator ignores is refused, and its reproduce line omits it",
          arguments: ["cayci-underparam", "momentum-ntk-stability"])
    func ignoredOptionsRefused(id: String) throws {
        for extra in [["--n-teacher", "1"], ["--tau", "0.01"], ["--alpha-bar", "0.2"]] {
            #expect(CheckBounds.main(["check", "--theorems", id, "--m", "8", "--n", "2"] + extra) == 2, "\(id) \(extra)")
        }
        var c = try Self.config(["--n-teacher", "1", "--tau", "0.01", "--alpha-bar", "0.2", "--m", "8", "--n", "2"])
        c.steps = 0
        let t = try #require(TheoremRegistry.theorem(TheoremID(id)))
        let args = t.reproduceArguments(c)
        #expect(args == ["--seed", "0", "--m", "8", "--n0", "5", "--n", "2", "--activation", "silu"], "\(args)")
        // A theorem that reads every option keeps them all.
        #expect(TheoremRegistry.theorem("convergence")!.reproduceArguments(c).contains("--n-teacher"))
    }
}
