import Theorems

/// The CI gate: exit 0 when every outcome is holds, vacuous, or an accepted finding; 1 when
/// a new counterexample appears, a verdict regresses, or an accepted finding is no longer
/// reproduced (a counterexample of the baseline that now holds or is vacuous: either the
/// checker changed what it decides, or the finding was wrong; both need a look).
public enum Gate {
    public struct Verdict: Sendable {
        public var newCounterexamples: [String]
        public var regressions: [String]
        /// Baseline counterexamples whose instance now has another outcome.
        public var lostFindings: [String] = []
        /// Instances the baseline does not have whose outcome is undecided (inconclusive or a
        /// numerical failure): new, listed, not a regression (there was nothing to regress from).
        public var newUndecided: [String] = []
        public var passed: Bool { newCounterexamples.isEmpty && regressions.isEmpty && lostFindings.isEmpty }
        public var exitCode: Int32 { passed ? 0 : 1 }
    }

    public static func judge(_ results: [InstanceResult], baseline: Baseline?) -> Verdict {
        var v = Verdict(newCounterexamples: [], regressions: [])
        for r in results {
            let k = Baseline.key(r)
            let before = baseline?.outcomes[k]
            switch r.outcome {
            case .counterexample:
                if before != .counterexample { v.newCounterexamples.append(k) }
            case .holds, .vacuous:
                if before == .counterexample { v.lostFindings.append("\(k): counterexample → \(r.outcome.rawValue)") }
            case .inconclusive, .numericalFailure:
                if before == nil {
                    v.newUndecided.append("\(k): \(r.outcome.rawValue)")
                } else if before == .holds || before == .vacuous || before == .counterexample {
                    v.regressions.append("\(k): \(before!.rawValue) → \(r.outcome.rawValue)")
                }
            }
        }
        return v
    }
}
