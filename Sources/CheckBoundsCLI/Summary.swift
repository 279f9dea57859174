import Foundation
import Theorems

/// The one-screen summary: per theorem and reading, the counts of each outcome.
public enum Summary {
    public static func table(_ results: [InstanceResult]) -> String {
        var keys: [String] = []
        var counts: [String: [Outcome: Int]] = [:]
        for r in results {
            let k = r.theorem + " | " + r.reading
            if counts[k] == nil { keys.append(k); counts[k] = [:] }
            counts[k]![r.outcome, default: 0] += 1
        }
        let w = max(20, keys.map(\.count).max() ?? 0)
        var out = "theorem | reading".padding(toLength: w, withPad: " ", startingAt: 0) + "  holds vacuous counterex inconcl failure\n"
        for k in keys {
            let c = counts[k]!
            out += k.padding(toLength: w, withPad: " ", startingAt: 0)
            for o in [Outcome.holds, .vacuous, .counterexample, .inconclusive, .numericalFailure] {
                out += String(repeating: " ", count: 2) + String(c[o] ?? 0).leftPadded(o == .holds ? 5 : o == .vacuous ? 7 : o == .counterexample ? 9 : o == .inconclusive ? 7 : 7)
            }
            out += "\n"
        }
        return out
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
