import CheckBoundsCLI
import Foundation
import Reporting
import Testing
import TestSupport
import Theorems
import Trajectories

/// The CI gate: a deliberately broken bound must make it exit 1; main's outcomes against their
/// own baseline exit 0; the report is byte-identical between runs outside its timing section.
@Suite("Reports and the CI gate")
struct GateTests {
    /// The shared run for the default route; another route is a run of its own.
    static func quickResult(sigma: SigmaRoute = .refine) -> SuiteResult {
        sigma == .refine ? Fixtures.narrowQuickResult : SuiteRunner.run(Fixtures.narrowQuick(sigma: sigma))
    }

    /// A fixture theorem with a bound that is false on purpose: "the loss halves at every
    /// step", L(θ_{t+1}) ≤ ½L(θ_t). No GGN trajectory of the quick suite satisfies it.
    static func brokenBound(_ result: SuiteResult) -> [InstanceResult] {
        result.runs.map { run in
            let subs: [[Check]] = zip(run.loss, run.loss.dropFirst()).enumerated().map { t, pair in
                [Check("fixture: L(θ_{t+1}) ≤ ½ L(θ_t)", .conclusion, step: t, lhs: pair.1, rhs: 0.5 * pair.0, errorBound: 1e-12)]
            }
            return InstanceResult(theorem: "fixture-broken-bound", reading: "literal", instance: run.label, subInstances: subs)
        }
    }

    @Test("the gate passes main against its own baseline and fails on a deliberately broken bound")
    func gate() throws {
        let result = Self.quickResult()
        let baseline = Baseline(results: result.results)
        #expect(Gate.judge(result.results, baseline: baseline).exitCode == 0)
        let broken = Self.brokenBound(result)
        #expect(broken.contains { $0.outcome == .counterexample })
        let verdict = Gate.judge(result.results + broken, baseline: baseline)
        #expect(verdict.exitCode == 1)
        #expect(verdict.newCounterexamples.allSatisfy { $0.hasPrefix("fixture-broken-bound") })
        // A verdict that regresses (holds → inconclusive) fails the gate too.
        var regressed = result.results
        if let i = regressed.firstIndex(where: { $0.outcome == .holds }) {
            regressed[i].outcome = .inconclusive
            #expect(Gate.judge(regressed, baseline: baseline).regressions.count == 1)
        }
        // An undecided instance the baseline does not have is new, not a regression.
        var fresh = result.results
        if let i = fresh.firstIndex(where: { $0.outcome == .holds }) {
            fresh[i].outcome = .inconclusive
            fresh[i].instance.arguments.append("--fresh")
            let v = Gate.judge(fresh, baseline: baseline)
            #expect(v.regressions.isEmpty && v.newUndecided.count == 1 && v.exitCode == 0)
        }
        // An accepted finding that is no longer reproduced (counterexample → vacuous) fails it too.
        var lost = result.results
        if let i = lost.firstIndex(where: { $0.outcome == .counterexample }) {
            lost[i].outcome = .vacuous
            let v = Gate.judge(lost, baseline: baseline)
            #expect(v.lostFindings.count == 1 && v.exitCode == 1)
        }
        // Baselines round-trip through their JSON.
        #expect(try Baseline.parse(baseline.json(), name: "b") == baseline)
        #expect(throws: Baseline.FormatError.self) { try Baseline.parse("{\"outcomes\": {}}", name: "b") }
    }

    @Test("a --sigma interval run of the quick suite is gated against the same baseline and keeps every verdict")
    func intervalRoute() throws {
        let standard = Self.quickResult(), interval = Self.quickResult(sigma: .interval)
        let ka = standard.results.map(Baseline.key), ki = interval.results.map(Baseline.key)
        #expect(ka == ki)
        #expect(interval.results.contains { $0.instance.arguments.contains("--sigma") })
        #expect(Gate.judge(interval.results, baseline: Baseline(results: standard.results)).passed)
    }

    @Test("--sigma refine (the default) gives every outcome --sigma accurate gives, and says where it refined")
    func refineRouteKeepsAccurateVerdicts() throws {
        let refine = Self.quickResult(), accurate = Self.quickResult(sigma: .accurate)
        let outcomes = { (r: SuiteResult) in r.results.map { "\(Baseline.key($0)) \($0.outcome)" } }
        #expect(outcomes(refine) == outcomes(accurate))
        #expect(Gate.judge(accurate.results, baseline: Baseline(results: refine.results)).passed)
        let notes = refine.results.filter { $0.theorem == LossDecayTheorem.id }.flatMap(\.notes)
        #expect(!notes.isEmpty && notes.allSatisfy { !$0.contains("σ(J_t) at") || $0.contains("Gram interval") })
        #expect(notes.contains { $0.hasPrefix("σ(J_t) at") })
        // Theorems that read no σ carry no such note.
        #expect(!refine.results.filter { $0.theorem == ConvergenceTheorem.id }.flatMap(\.notes).contains { $0.hasPrefix("σ(J_t) at") })
    }

    @Test("two runs with the same options give byte-identical reports outside the timing section")
    func determinism() throws {
        let a = Self.quickResult(), b = SuiteRunner.run(Fixtures.narrowQuick())
        let ra = MarkdownReport(result: a), rb = MarkdownReport(result: b)
        // Issue 30 #8: the report carries no wall time (a fresh clone stays clean after the main
        // job); the times go to `<suite>-timing.md` beside it.
        #expect(ra.markdown() == rb.markdown())
        #expect(ra.figures().map(\.svg) == rb.figures().map(\.svg))
        #expect(ResultsJSON.suite(a).pretty() == ResultsJSON.suite(b).pretty())
        #expect(!ra.markdown().contains("Wall time of"))
        #expect(ra.timingMarkdown().contains("Wall time of the theorem checks"))
    }

    @Test("the run command refuses bad options with exit 2 and writes nothing")
    func badUsage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cb-bad-\(getpid())").path
        for args in [["run", "--suite", "huge", "--output", dir], ["run", "--taus", "1e-3,x", "--output", dir],
                     ["run", "--format", "pdf", "--output", dir], ["run", "--format", ",", "--output", dir],
                     ["run", "--format", "md,md", "--output", dir], ["run", "--theorems", "nope", "--output", dir],
                     ["run", "--baseline", dir + "/missing.json", "--output", dir]] {
            #expect(CheckBounds.main(args) == 2, "\(args)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir))
    }
}
