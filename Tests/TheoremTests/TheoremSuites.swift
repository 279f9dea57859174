import Foundation
import Testing
import TestSupport
import Theorems

/// One parametrized suite per theorem of 000 (Proofs/ names these suites in its "Checks"); each
/// pins every reading's outcome on the instance grid (`assertPinned`).
@Suite("ConvergenceTheoremTests")
struct ConvergenceTheoremTests {
    @Test("convergence: every reading's outcome is the pinned one", arguments: TheoremInstance.grid)
    func convergence(_ i: TheoremInstance) throws {
        try assertPinned(try i.results(ConvergenceTheorem.id), theorem: ConvergenceTheorem.id, instance: i.description)
    }
}

@Suite("LossDecayTheoremTests")
struct LossDecayTheoremTests {
    @Test("loss decay: every reading's outcome is the pinned one", arguments: TheoremInstance.grid)
    func lossDecay(_ i: TheoremInstance) throws {
        try assertPinned(try i.results(LossDecayTheorem.id), theorem: LossDecayTheorem.id, instance: i.description)
    }
}

@Suite("TauChoiceRuleTests")
struct TauChoiceRuleTests {
    @Test("τ rule: the λ_min reading implies the τ-form at t = 0; outcomes pinned", arguments: TheoremInstance.grid)
    func tauRule(_ i: TheoremInstance) throws {
        try assertPinned(try i.results(TauChoiceRule.id), theorem: TauChoiceRule.id, instance: i.description)
    }
}

@Suite("StandingAssumptionsTests")
struct StandingAssumptionsTests {
    @Test("standing assumptions along the trajectory: outcomes pinned", arguments: TheoremInstance.grid)
    func assumptions(_ i: TheoremInstance) throws {
        try assertPinned(try i.results(StandingAssumptions.id), theorem: StandingAssumptions.id, instance: i.description)
    }
}

@Suite("ZeroDampingLimitTests")
struct ZeroDampingLimitTests {
    @Test("zero-damping limit over τ and width: outcomes pinned", arguments: GoldenGrid.sweepSeeds)
    func limit(seed: UInt64) throws {
        let result = SuiteRunner.run(GoldenGrid.sweepSuite(ZeroDampingLimit.id, seed: seed))
        #expect(result.sweepFigures.count == 2)
        try assertPinned(result.results, theorem: ZeroDampingLimit.id, instance: "seed \(seed)")
    }
}
