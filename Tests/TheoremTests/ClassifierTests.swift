import Foundation
import Testing
import Theorems

/// The five-outcome rule on hand-built checks (Proofs/Numerics.md §3): a margin beyond its
/// error bound decides; within it, undecided; NaN is a numerical failure; a failed hypothesis
/// makes the instance vacuous before anything else.
@Suite("Classifier")
struct ClassifierTests {
    static func hyp(_ lhs: Double, _ rhs: Double, _ err: Double = 0) -> Check { Check("h", .hypothesis, lhs: lhs, rhs: rhs, errorBound: err) }
    static func con(_ lhs: Double, _ rhs: Double, _ err: Double = 0) -> Check { Check("c", .conclusion, lhs: lhs, rhs: rhs, errorBound: err) }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var checks: [Check]
        var expected: Outcome
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no checks at all", checks: [], expected: .holds),
        Case(name: "conclusion holds beyond its bound", checks: [con(1, 2, 0.5)], expected: .holds),
        Case(name: "margin exactly at the error bound: undecided", checks: [con(1, 2, 1)], expected: .inconclusive),
        Case(name: "margin exactly at minus the error bound: undecided", checks: [con(2, 1, 1)], expected: .inconclusive),
        Case(name: "zero error bound, equality: holds", checks: [con(1, 1, 0)], expected: .holds),
        Case(name: "zero error bound, violated by one ulp", checks: [con(1.0.nextUp, 1, 0)], expected: .counterexample),
        Case(name: "violated beyond the bound", checks: [con(3, 1, 1)], expected: .counterexample),
        Case(name: "NaN lhs", checks: [con(.nan, 1, 0)], expected: .numericalFailure),
        Case(name: "NaN rhs with a held hypothesis", checks: [hyp(0, 1), con(1, .nan, 0)], expected: .numericalFailure),
        Case(name: "NaN error bound: undecided", checks: [con(1, 2, .nan)], expected: .inconclusive),
        Case(name: "infinite rhs holds", checks: [con(1, .infinity, 0)], expected: .holds),
        Case(name: "infinite lhs is violated", checks: [con(.infinity, 1, 0)], expected: .counterexample),
        Case(name: "infinite error bound: undecided", checks: [con(1, 2, .infinity)], expected: .inconclusive),
        Case(name: "failed hypothesis: vacuous even with a NaN conclusion", checks: [hyp(2, 1), con(.nan, 1)], expected: .vacuous),
        Case(name: "failed hypothesis, failed conclusion: vacuous", checks: [hyp(2, 1), con(3, 1)], expected: .vacuous),
        Case(name: "undecided hypothesis, failed conclusion: inconclusive", checks: [hyp(1, 1.5, 1), con(3, 1)], expected: .inconclusive),
        Case(name: "undecided hypothesis, held conclusion: holds", checks: [hyp(1, 1.5, 1), con(1, 3)], expected: .holds),
        Case(name: "held hypothesis, failed conclusion: counterexample", checks: [hyp(0, 1), con(3, 1)], expected: .counterexample),
        Case(name: "one undecided among held conclusions", checks: [con(0, 1), con(1, 1.5, 1)], expected: .inconclusive),
        Case(name: "yes/no condition that fails as a hypothesis", checks: [.condition("ϱ ∈ C²", .hypothesis, holds: false), con(3, 1)], expected: .vacuous),
    ]

    @Test("one sub-instance", arguments: cases)
    func classify(_ c: Case) {
        #expect(Classifier.classify(c.checks) == c.expected)
    }

    @Test("aggregation: counterexample > numerical failure > inconclusive > holds > vacuous")
    func aggregate() {
        #expect(Classifier.aggregate([]) == .vacuous)
        #expect(Classifier.aggregate([.vacuous, .holds]) == .holds)
        #expect(Classifier.aggregate([.holds, .inconclusive, .vacuous]) == .inconclusive)
        #expect(Classifier.aggregate([.inconclusive, .numericalFailure]) == .numericalFailure)
        #expect(Classifier.aggregate([.numericalFailure, .counterexample, .holds]) == .counterexample)
    }

    @Test("an instance result counts its sub-instances by outcome and names the witness")
    func instanceResult() {
        let label = InstanceLabel(problem: "p", seed: 0, m: 1, width: 1, tau: 0, mu: 0, steps: 2, activation: "silu", arguments: [])
        let subs = [[Self.hyp(0, 1), Self.con(0, 1)], [Self.hyp(0, 1), Check("c", .conclusion, step: 1, lhs: 5, rhs: 1, errorBound: 0)], [Self.hyp(2, 1), Self.con(0, 1)]]
        let r = InstanceResult(theorem: "t", reading: "r", instance: label, subInstances: subs)
        #expect(r.outcome == .counterexample)
        #expect(r.counts == [.holds: 1, .counterexample: 1, .vacuous: 1])
        #expect(r.witness?.step == 1 && r.witness?.lhs == 5)
    }

    @Test("the worst check: smallest relative margin, ties broken by the smaller margin")
    func worstCheck() {
        let label = InstanceLabel(problem: "p", seed: 0, m: 1, width: 1, tau: 0, mu: 0, steps: 2, activation: "silu", arguments: [])
        let subs = [[Check("λ > 0", .conclusion, step: 0, lhs: 0, rhs: 5e-5, errorBound: 0)],
                    [Check("λ > 0", .conclusion, step: 1, lhs: 0, rhs: 3e-5, errorBound: 0)],
                    [Check("λ > 0", .conclusion, step: 2, lhs: 0, rhs: 4e-5, errorBound: 0)]]
        let r = InstanceResult(theorem: "t", reading: "r", instance: label, subInstances: subs)
        #expect(r.worstConclusion?.step == 1 && r.worstConclusion?.margin == 3e-5)
    }

    /// Issue "verdict soundness" item 6: a hypothesis within its error bound with a holding
    /// conclusion is reported as holds *with its hypotheses undecided*, never as if they held; the
    /// held-conclusion margin ignores sub-instances whose hypotheses did not hold.
    @Test("hypotheses' status beside the outcome: held, undecided, failed")
    func hypothesisStatus() {
        let label = InstanceLabel(problem: "p", seed: 0, m: 1, width: 1, tau: 0, mu: 0, steps: 2, activation: "silu", arguments: [])
        let undecidedHyp = Check("H", .hypothesis, step: 0, lhs: 1, rhs: 1 - 2.99e-7, errorBound: 0.0049)
        let heldHyp = Check("H", .hypothesis, step: 1, lhs: 0, rhs: 1, errorBound: 0)
        let failedHyp = Check("H", .hypothesis, step: 2, lhs: 2, rhs: 1, errorBound: 0)
        let conclusion = { (t: Int, m: Double) in Check("C", .conclusion, step: t, lhs: 0, rhs: m, errorBound: 0) }
        let a = InstanceResult(theorem: "t", reading: "r", instance: label, subInstances: [[undecidedHyp, conclusion(0, 0.5)]])
        #expect(a.outcome == .holds && a.hypotheses == .undecided && a.heldConclusion == nil)
        let b = InstanceResult(theorem: "t", reading: "r", instance: label,
                               subInstances: [[undecidedHyp, conclusion(0, 0.01)], [heldHyp, conclusion(1, 0.5)], [failedHyp, conclusion(2, -3)]])
        #expect(b.hypotheses == .failed)
        #expect(b.heldConclusion?.step == 1, "only the sub-instance whose hypotheses held counts")
        let c = InstanceResult(theorem: "t", reading: "r", instance: label, subInstances: [[heldHyp, conclusion(1, 0.5)]])
        #expect(c.hypotheses == .held && c.heldConclusion?.margin == 0.5)
        #expect(InstanceResult.settled(.inconclusive, theorem: "t", reading: "r", instance: label, notes: []).hypotheses == nil)
    }
}
