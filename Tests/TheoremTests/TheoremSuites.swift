import Foundation
import Testing
import Theorems

/// One parametrized suite per theorem of 000 (Proofs/ names these suites in its "Checks").
@Suite("ConvergenceTheoremTests")
struct ConvergenceTheoremTests {
    @Test("convergence: every reading classified, no counterexample under the claimed reading", arguments: TheoremInstance.grid)
    func convergence(_ i: TheoremInstance) throws {
        assertVerdicts(try i.results(ConvergenceTheorem.id), info: ConvergenceTheorem.info, instance: i.testDescription)
    }
}

@Suite("LossDecayTheoremTests")
struct LossDecayTheoremTests {
    @Test("loss decay: every reading classified, no counterexample under the claimed reading", arguments: TheoremInstance.grid)
    func lossDecay(_ i: TheoremInstance) throws {
        assertVerdicts(try i.results(LossDecayTheorem.id), info: LossDecayTheorem.info, instance: i.testDescription)
    }
}

@Suite("TauChoiceRuleTests")
struct TauChoiceRuleTests {
    @Test("τ rule: the λ_min reading implies the τ-form at t = 0", arguments: TheoremInstance.grid)
    func tauRule(_ i: TheoremInstance) throws {
        assertVerdicts(try i.results(TauChoiceRule.id), info: TauChoiceRule.info, instance: i.testDescription)
    }
}

@Suite("StandingAssumptionsTests")
struct StandingAssumptionsTests {
    @Test("standing assumptions along the trajectory are classified; violations are recorded", arguments: TheoremInstance.grid)
    func assumptions(_ i: TheoremInstance) throws {
        assertVerdicts(try i.results(StandingAssumptions.id), info: StandingAssumptions.info, instance: i.testDescription)
    }
}

@Suite("ZeroDampingLimitTests")
struct ZeroDampingLimitTests {
    @Test("zero-damping limit over τ and width", arguments: [UInt64(0), 1])
    func limit(seed: UInt64) throws {
        var suite = SuiteSpec.quick
        suite.seeds = [seed]
        suite.theorems = [ZeroDampingLimit.id]
        suite.limitWidths = [40, 160, 640]
        let result = SuiteRunner.run(suite)
        #expect(result.limitSweep.count == 3)
        assertVerdicts(result.results, info: ZeroDampingLimit.info, instance: "seed \(seed)")
    }
}
