import Foundation
import PortableMath
import Theorems
import Trajectories

/// Shrinks a counterexample to a minimal one (Proofs/Exploration.md §3), as Hypothesis does:
/// greedy passes over the options, each proposing simpler values — sizes toward their least
/// (the least, half, one less), seed toward 0, reals to a power of ten or one significant digit,
/// choices to the default — and keeping a candidate only when the re-check is still a
/// counterexample under the same reading (beyond its error bound, by the classifier).
public struct Shrinker: Sendable {
    public let evaluator: TrialEvaluator
    public let reading: ReadingID
    /// Re-checks allowed.
    public let budget: Int
    /// The region searched: a shrunk instance stays inside it (a space's range bounds each option
    /// it varies; e.g. ᾱ < 1 for the convergence theorem).
    public let space: Space

    public init(evaluator: TrialEvaluator, reading: ReadingID, budget: Int, space: Space = Space([])) {
        self.evaluator = evaluator
        self.reading = reading
        self.budget = budget
        self.space = space
    }

    /// The shrunk configuration with its result, and how many re-checks it took.
    public func shrink(_ config: RunConfig, _ result: InstanceResult) -> (config: RunConfig, result: InstanceResult, checks: Int) {
        var best = (config, result)
        var checks = 0
        var improved = true
        while improved && checks < budget {
            improved = false
            for knob in Knob.all where !Self.fixedByData(knob, config) {
                let dim = space.dimensions.first { $0.name == knob.name }
                for candidate in Self.candidates(knob, best.0, within: dim) where checks < budget {
                    var c = best.0
                    knob.set(&c, candidate)
                    guard c != best.0, (try? c.validate()) != nil else { continue }
                    checks += 1
                    if let r = evaluator.evaluate(c).first(where: { $0.reading == reading }), r.outcome == .counterexample {
                        best = (c, r)
                        improved = true
                        break
                    }
                }
            }
        }
        return (best.0, best.1, checks)
    }

    /// Whether the data fix this option, so that shrinking must leave it (issue 30 #2): a CSV's
    /// input columns fix n0, and a reproduce line with another n0 is refused.
    public static func fixedByData(_ knob: Knob, _ c: RunConfig) -> Bool {
        c.problem.kind == .csv && knob.name == "n0"
    }

    /// Simpler values for one option, simplest first, inside the option's range in the space
    /// (when the space varies it) and the option's own limits; empty when it has none.
    public static func candidates(_ knob: Knob, _ c: RunConfig, within dim: SpaceDimension? = nil) -> [Value] {
        guard let v = knob.value(in: c) else { return [] }
        let raw: [Value]
        switch (knob.type, v) {
        case let (.integer(lo, _), .number(x)):
            var least = knob.name == "m-test" || knob.name == "seed" || knob.name == "steps" ? lo : max(lo, 1)
            if case let .integer(dlo, _, _)? = dim?.kind { least = max(least, dlo) }
            let xi = Int(x)
            raw = [least, least + (xi - least) / 2, xi - 1].filter { $0 >= least && $0 < xi }.uniqued().map { .number(Double($0)) }
        case let (.real, .number(x)):
            raw = [Self.powerOfTen(x), Self.oneDigit(x)].filter { $0 != x }.uniqued().map { .number($0) }
        case let (.choice(names), .text(s)):
            let allowed: [String]
            if case let .choice(d)? = dim?.kind { allowed = d } else { allowed = names }
            raw = allowed.first.map { $0 == s ? [] : [.text($0)] } ?? []
        default:
            raw = []
        }
        return raw.filter { value in knob.allows(value) && (dim?.contains(value) ?? true) }
    }

    /// The power of ten nearest x on a log scale.
    static func powerOfTen(_ x: Double) -> Double {
        guard x > 0 else { return x }
        return Double("1e\(Int((PortableMath.log(x) / PortableMath.log(10)).rounded()))") ?? x
    }

    /// x rounded to one significant digit.
    static func oneDigit(_ x: Double) -> Double {
        guard x > 0 else { return x }
        let e = (PortableMath.log(x) / PortableMath.log(10)).rounded(.down)
        let scale = PortableMath.pow(10, e)
        return Double(String(format: "%.0e", (x / scale).rounded() * scale)) ?? x
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
