import Foundation
import Optimizers
import Problems
import Quantities
import Testing
import Theorems
import Trajectories

/// The reference variants as suite instances: the method is part of the instance (and of its
/// key only when it is not the default), the paper suites carry their scripts' settings, and
/// the quantities along a variant are those of the step it took.
@Suite("Reference variants in suites")
struct ReferenceSuiteTests {
    static func small(_ method: Method) -> RunConfig {
        var c = RunConfig()
        c.problem.trainCount = 8; c.problem.testCount = 0; c.problem.width = 12; c.problem.inputDimension = 2
        c.tau = 1e-2; c.steps = 4; c.method = method
        return c
    }

    @Test("--method and --tolerance appear in the reproduce arguments only when not the default")
    func arguments() {
        let ours = reproduceArguments(Self.small(.regularizedGGN(.overparameterized)))
        #expect(!ours.contains("--method") && !ours.contains("--tolerance"))
        var c = Self.small(.reference(.synthetic))
        c.tolerance = 1e-8
        let a = reproduceArguments(c)
        #expect(a.suffix(4) == ["--method", "ggn-reference-synthetic", "--tolerance", "1e-08"])
        #expect(label(for: c).method == "ggn-reference-synthetic" && label(for: Self.small(.regularizedGGN(.overparameterized))).method == nil)
    }

    @Test("the paper suites: their settings, every method on every problem, every 000 trajectory theorem")
    func paperSuites() {
        let s = SuiteSpec.paper
        #expect(s.taus.count == 11 && abs(s.taus[0] - 1e-8) < 1e-20 && abs(s.taus[10] - 1) < 1e-12)
        #expect(s.muSweep?.tau == 1e-4 && s.muSweep?.mus.count == 11)
        #expect(s.seeds == [1111, 1121] && s.base.tolerance == 1e-8 && s.base.stepSize == .adaptive(alphaBar: 0.95))
        #expect(s.runConfigs.count == 2 * (11 + 11) * 3)
        #expect(Set(s.theorems) == Set(TheoremRegistry.all.filter { $0.trajectory != nil }.map(\.id)))
        let full = SuiteSpec.paperFull
        #expect(full.taus.count == 41 && full.seeds.count == 10 && full.seeds.last == 1201 && full.methods?.count == 4)
        // The existing suites run one method, unchanged.
        #expect(SuiteSpec.quick.runConfigs.allSatisfy { $0.method == .regularizedGGN(.overparameterized) })
    }

    @Test("along a variant the recorder reads the step's η and α, and its results say what G̃ is", arguments: ReferenceVariant.allCases)
    func quantities(_ v: ReferenceVariant) throws {
        let c = Self.small(.reference(v))
        let run = try InstrumentedRun.run(c, problem: try Problem.make(c.problem), label: label(for: c))
        #expect(!run.trajectory.outcome.isFailure)
        for q in run.quantities {
            #expect(q.alpha == run.trajectory.records[q.step].alpha)
            #expect(abs(q.eta - c.tau.squareRoot() * run.trajectory.records[q.step].eta) <= 1e-12 * q.eta)
        }
        let suite = SuiteSpec(name: "t", base: c, seeds: [0], taus: [c.tau], widths: [12], owners: [.gBar], limitWidths: [])
        let results = try SuiteRunner.evaluate(c, suite: suite).0
        #expect(!results.isEmpty && results.allSatisfy { $0.notes.contains { $0.hasPrefix(v.methodName + ":") } })
    }
}
