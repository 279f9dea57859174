import Foundation
import Optimizers
import Problems
import TwoLayerNetwork
import Trajectories

/// Ours against what the authors' code computes, on the same problems of one suite
/// (Proofs/ReferenceImplementation.md §7): per problem each method's final losses, and per theorem
/// and reading the instances whose verdict changes between `ggn` and a variant.
public struct ReferenceComparison: Sendable {
    /// One problem of the suite (seed, τ, μ) and each method's run on it.
    public struct Problem: Sendable {
        public var seed: UInt64
        public var tau: Double
        public var mu: Double
        /// Method name → run summary.
        public var runs: [String: RunSummary]
    }

    /// One verdict change: theorem | reading, the variant, ours → theirs, and how many problems.
    public struct Change: Sendable, Equatable {
        public var theoremReading: String
        public var method: String
        public var ours: Outcome
        public var theirs: Outcome
        public var count: Int
    }

    public var methods: [String]
    public var problems: [Problem]
    public var changes: [Change]

    /// The method name of a label (nil = `ggn`).
    static func methodName(_ l: InstanceLabel) -> String { l.method ?? RunConfig().method.name }

    static func problemKey(_ l: InstanceLabel) -> String { "\(l.seed)|\(l.tau)|\(l.mu)" }

    /// The comparison of a suite that ran several methods (nil for the other suites).
    public init?(_ result: SuiteResult) {
        guard let ms = result.suite.methods, ms.count > 1 else { return nil }
        methods = ms.map(\.name)
        var order: [String] = [], byKey: [String: Problem] = [:]
        for r in result.runs {
            let k = Self.problemKey(r.label)
            if byKey[k] == nil {
                order.append(k)
                byKey[k] = Problem(seed: r.label.seed, tau: r.label.tau, mu: r.label.mu, runs: [:])
            }
            byKey[k]!.runs[Self.methodName(r.label)] = r
        }
        problems = order.map { byKey[$0]! }
        changes = Self.verdictChanges(result.results, ours: methods[0])
    }

    static func verdictChanges(_ results: [InstanceResult], ours: String) -> [Change] {
        var base: [String: Outcome] = [:]
        for r in results where methodName(r.instance) == ours {
            base["\(r.theorem) | \(r.reading)|\(problemKey(r.instance))"] = r.outcome
        }
        var counts: [String: Change] = [:], order: [String] = []
        for r in results where methodName(r.instance) != ours {
            let tr = "\(r.theorem) | \(r.reading)"
            guard let o = base["\(tr)|\(problemKey(r.instance))"], o != r.outcome else { continue }
            let m = methodName(r.instance)
            let k = "\(tr)|\(m)|\(o)|\(r.outcome)"
            if counts[k] == nil { order.append(k); counts[k] = Change(theoremReading: tr, method: m, ours: o, theirs: r.outcome, count: 0) }
            counts[k]!.count += 1
        }
        return order.map { counts[$0]! }
    }

    /// Geometric mean over the problems at one τ (or μ) of each method's final R̂.
    public func meanFinalDataLoss(method: String, where include: (Problem) -> Bool) -> Double? {
        let v = problems.filter(include).compactMap { $0.runs[method]?.finalDataLoss }.filter { $0 > 0 }
        guard !v.isEmpty else { return nil }
        return exp(v.map(log).reduce(0, +) / Double(v.count))
    }

    /// Whether their automatic branch runs W (the Woodbury form) on this problem: the variant's own rule.
    public static func usesWoodbury(_ spec: ProblemSpec) -> Bool {
        let p = TwoLayerNetwork(inputDimension: spec.inputDimension, width: spec.width, activation: spec.activation, kappa: spec.resolvedKappa).parameterCount
        return ReferenceGGN(variant: .automatic, rule: StepRule(.fixed(1)), tau: 1).usesWoodbury(sampleCount: spec.trainCount, parameterCount: p)
    }

    /// What the theorem quantities mean along a reference variant's steps, for its results' notes
    /// (nil for our own methods). Proofs/ReferenceImplementation.md, "Implemented as".
    public static func quantityNote(_ method: Method, m: Int, p: Int) -> String? {
        guard case let .reference(v) = method else { return nil }
        let w = ReferenceGGN(variant: v, rule: StepRule(.fixed(1)), tau: 1).usesWoodbury(sampleCount: m, parameterCount: p)
        let common = "\(method.name): α_t = min(1, ᾱ/(1 + M_g η_t)) with their η_t = τη̄_t = √τ·η(g); the poster proves its theorems for its own step, so an outcome here checks the statement along their method"
        switch (v, w) {
        case (.synthetic, _):
            return common + "; G̃ is the system their code solves (J/κ, u-columns paired with other weights, H̄ = ∇²ḡ), which does not map ê to J_t d_t"
        case (_, true):
            return common + "; G̃ is the system the step solved, with H̄ = ∇²ḡ in place of H = τ∇²ḡ"
        case (_, false):
            return common + "; the step solved the p×p system of the poster's direction, and G̃ is that direction's Woodbury system (H = τ∇²ḡ), computed for the checks"
        }
    }
}
