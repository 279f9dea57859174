import Exploration
import Foundation
import Testing
import Theorems
import Trajectories

/// The search, the shrinker and the map, on small instances of the 000 theorems.
@Suite struct ExplorerTests {
    static let space = "seed=0..999,m=4..12,m-test=0,n=4..24:log,n0=2..4,tau=1e-4..1:log,alpha-bar=0.1..0.9,mg-owner=gbar|g"

    func explorer(_ id: TheoremID, budget: Int, jobs: Int) throws -> Explorer {
        var s = ExploreSettings()
        s.budget = budget
        s.jobs = jobs
        s.seed = 7
        let ev = try TrialEvaluator(theorem: TheoremRegistry.theorem(id)!)
        return Explorer(evaluator: ev, space: try SpaceSyntax.parse(Self.space), base: RunConfig(), settings: s)
    }

    /// The same seed gives the same trials and verdicts for one job or two.
    @Test func searchIsDeterministicAcrossJobs() throws {
        let a = try explorer("loss-decay", budget: 12, jobs: 1).search()
        let b = try explorer("loss-decay", budget: 12, jobs: 2).search()
        #expect(a.count == 12 && b.count == 12)
        #expect(a.map(\.point) == b.map(\.point))
        #expect(a.flatMap { $0.results.map(\.outcome) } == b.flatMap { $0.results.map(\.outcome) })
        #expect(Set(a.map(\.point)).count == a.count, "a point was tried twice")
    }

    /// The local phase moves towards smaller margins: the best score after the search is no
    /// worse than the best of the uniform draws alone.
    @Test func localSearchDoesNotLoseTheBest() throws {
        let ex = try explorer("loss-decay", budget: 24, jobs: 2)
        let trials = ex.search()
        let r = Explorer.readings(trials)[0]
        let uniform = trials.prefix(8).compactMap { $0.result(r)?.searchScore }.min()!
        let all = trials.compactMap { $0.result(r)?.searchScore }.min()!
        #expect(all <= uniform)
    }

    /// A shrunk counterexample is still a counterexample beyond its error bound, no larger in
    /// any size, and its reproduce arguments rebuild exactly the shrunk configuration.
    @Test func shrinkingKeepsTheCounterexample() throws {
        let ev = try TrialEvaluator(theorem: TheoremRegistry.theorem("loss-decay")!)
        var c = RunConfig()
        c.problem.trainCount = 12; c.problem.testCount = 0; c.problem.width = 20; c.problem.inputDimension = 4; c.problem.seed = 41
        c.tau = 0.0347
        let first = ev.evaluate(c).first { $0.outcome == .counterexample }!
        let s = Shrinker(evaluator: ev, reading: first.reading, budget: 40).shrink(c, first)
        #expect(s.result.outcome == .counterexample)
        #expect(s.result.witness.map { $0.margin < -$0.errorBound } == true)
        #expect(s.config.problem.trainCount <= 12 && s.config.problem.width <= 20 && s.config.problem.inputDimension <= 4)
        #expect(s.config.problem.trainCount < 12 || s.config.problem.width < 20, "nothing shrank")
        // τ is rounder or unchanged: a power of ten, one significant digit, or the original.
        #expect([0.1, 0.01, 0.03, 0.0347].contains(s.config.tau), "τ = \(s.config.tau)")
        let again = ev.evaluate(s.config).first { $0.reading == first.reading }!
        #expect(again.outcome == .counterexample)
    }

    /// A shrunk instance stays inside the space searched: ᾱ < 1 where the space says so, m at
    /// least the space's lower end.
    @Test func shrinkingStaysInTheSpace() throws {
        let space = try SpaceSyntax.parse("m=4..32,alpha-bar=0.05..0.99,activation=tanh|silu")
        var c = RunConfig()
        c.problem.trainCount = 20
        c.stepSize = .adaptive(alphaBar: 0.7)
        c.problem.activation = .silu
        for knob in Knob.all {
            let dim = space.dimensions.first { $0.name == knob.name }
            for v in Shrinker.candidates(knob, c, within: dim) {
                if let dim { #expect(dim.contains(v), "\(knob.name) = \(v) leaves the space") }
            }
        }
        let m = Knob.named("m")!, ab = Knob.named("alpha-bar")!, act = Knob.named("activation")!
        #expect(Shrinker.candidates(m, c, within: space.dimensions[0]).first == .number(4))
        #expect(!Shrinker.candidates(ab, c, within: space.dimensions[1]).contains(.number(1)))
        #expect(Shrinker.candidates(act, c, within: space.dimensions[2]) == [.text("tanh")])
    }

    /// Every cell of a map is one instance with one verdict per reading.
    @Test func mapCoversTheGrid() throws {
        let ev = try TrialEvaluator(theorem: TheoremRegistry.theorem("tau-rule")!)
        var base = RunConfig()
        base.problem.trainCount = 6; base.problem.testCount = 0; base.problem.inputDimension = 3
        let x = try SpaceSyntax.axis("tau=1e-4..1:3:log"), y = try SpaceSyntax.axis("n=4..16:2:log")
        let map = VerdictMap.make(evaluator: ev, x: (x.dimension, x.count), y: (y.dimension, y.count), base: base, jobs: 2)
        #expect(map.layers.count == TheoremRegistry.theorem("tau-rule")!.info.readings.count)
        for l in map.layers {
            #expect(l.cells.count == 6)
            #expect(Set(l.cells.map { "\($0.x),\($0.y)" }).count == 6)
        }
        #expect(!map.fixed.contains("--tau") && !map.fixed.contains("--n"))
    }

    /// Explorer rejects theorems checked over sweeps and studies, naming the ones it takes.
    @Test func onlyPerTrajectoryTheorems() {
        #expect(throws: SpaceError.self) { try TrialEvaluator(theorem: TheoremRegistry.theorem("zero-damping-limit")!) }
        #expect(TrialEvaluator.explorable.contains("convergence"))
    }
}
