import Foundation
import Theorems

/// The one-screen summary: per theorem and reading, the counts of each outcome.
public enum Summary {
    public static func table(_ results: [InstanceResult]) -> String {
        var keys: [String] = []
        var counts: [String: [Outcome: Int]] = [:]
        for r in results {
            let k = "\(r.theorem) | \(r.readingLabel)"
            if counts[k] == nil { keys.append(k); counts[k] = [:] }
            counts[k]![r.outcome, default: 0] += 1
        }
        let w = max(20, keys.map(\.count).max() ?? 0)
        let columns: [(Outcome, String)] = [(.holds, "holds"), (.vacuous, "vacuous"), (.counterexample, "counterex"),
                                            (.inconclusive, "inconcl"), (.numericalFailure, "failure")]
        var out = "theorem | reading".padding(toLength: w, withPad: " ", startingAt: 0)
            + columns.map { "  " + $0.1 }.joined() + "\n"
        for k in keys {
            out += k.padding(toLength: w, withPad: " ", startingAt: 0)
            for (o, title) in columns { out += "  " + String(counts[k]![o] ?? 0).leftPadded(title.count) }
            out += "\n"
        }
        return out
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
