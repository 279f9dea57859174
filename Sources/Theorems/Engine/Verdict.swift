import Foundation

/// The outcome of one theorem instance (one problem, one reading).
public enum Outcome: String, Codable, CaseIterable, Sendable, Comparable {
    /// Every hypothesis held and every conclusion held beyond its error bound.
    case holds
    /// A hypothesis failed beyond its error bound: the theorem says nothing here.
    case vacuous
    /// Every hypothesis held and a conclusion failed beyond its error bound.
    case counterexample
    /// A margin lies within its floating-point error bound.
    case inconclusive
    /// The run itself broke down (singular system, NaN, divergence).
    case numericalFailure = "numerical-failure"

    /// Severity order used to aggregate sub-instances (steps, ε values).
    var severity: Int {
        switch self {
        case .vacuous: return 0
        case .holds: return 1
        case .inconclusive: return 2
        case .numericalFailure: return 3
        case .counterexample: return 4
        }
    }

    public static func < (a: Outcome, b: Outcome) -> Bool { a.severity < b.severity }
}

public enum Role: String, Codable, Sendable {
    case hypothesis
    case conclusion
}

/// One inequality lhs ≤ rhs, evaluated once, with a bound on the floating-point error of the
/// comparison (the sum of the error bounds of both sides; Proofs/Numerics.md §3).
public struct Check: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case satisfied, violated, unresolved
    }

    public var name: String
    public var role: Role
    /// The step it belongs to; nil for checks made once over a trajectory.
    public var step: Int?
    public var lhs: Double
    public var rhs: Double
    public var errorBound: Double

    public init(_ name: String, _ role: Role, step: Int? = nil, lhs: Double, rhs: Double, errorBound: Double) {
        self.name = name
        self.role = role
        self.step = step
        self.lhs = lhs
        self.rhs = rhs
        self.errorBound = errorBound
    }

    /// A yes/no condition as an inequality: lhs 0 ≤ rhs 1 when it holds, lhs 1 ≤ rhs 0 when not.
    public static func condition(_ name: String, _ role: Role, step: Int? = nil, holds: Bool) -> Check {
        Check(name, role, step: step, lhs: holds ? 0 : 1, rhs: holds ? 1 : 0, errorBound: 0)
    }

    /// rhs − lhs: positive when the inequality holds.
    public var margin: Double { rhs - lhs }

    /// Margin relative to the size of the sides, for tables.
    public var relativeMargin: Double { margin / max(abs(lhs), abs(rhs), Double.leastNormalMagnitude) }

    public var isFinite: Bool { lhs.isFinite && rhs.isFinite && errorBound.isFinite }

    public var status: Status {
        if lhs.isNaN || rhs.isNaN || errorBound.isNaN { return .unresolved }
        if margin > errorBound || (errorBound == 0 && margin >= 0) { return .satisfied }
        if margin < -errorBound { return .violated }
        return .unresolved
    }
}

/// Classifies one (sub-)instance from its checks: hypotheses first, then conclusions.
public enum Classifier {
    public static func classify(_ checks: [Check]) -> Outcome {
        let hyp = checks.filter { $0.role == .hypothesis }
        let con = checks.filter { $0.role == .conclusion }
        // A failed hypothesis settles the instance first: its conclusion may not even be defined
        // there (e.g. ω_ν(d_ν) = ∞ when d_ν ≥ 1), which is no numerical failure.
        if hyp.contains(where: { $0.status == .violated }) { return .vacuous }
        // A NaN side (0/0, ∞ − ∞) decides nothing: numerical failure. Infinite sides keep their
        // meaning (an infinite bound holds, an infinite left side violates; Proofs/Numerics.md §4).
        if checks.contains(where: { $0.lhs.isNaN || $0.rhs.isNaN }) { return .numericalFailure }
        let hypothesesCertain = hyp.allSatisfy { $0.status == .satisfied }
        if con.contains(where: { $0.status == .violated }) { return hypothesesCertain ? .counterexample : .inconclusive }
        if con.contains(where: { $0.status == .unresolved }) { return .inconclusive }
        // Hypotheses alone (standing assumptions): one undecided hypothesis decides nothing.
        if con.isEmpty && !hypothesesCertain { return .inconclusive }
        return .holds
    }

    /// Aggregates sub-instances: the most severe outcome wins (counterexample > failure >
    /// inconclusive > holds > vacuous), so one failing step makes the instance a counterexample.
    public static func aggregate(_ outcomes: [Outcome]) -> Outcome {
        outcomes.max() ?? .vacuous
    }
}
