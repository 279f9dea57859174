import Foundation
import Experiments
import Serialization
import Theorems

/// The JSON summary of a suite and the baseline format of the CI gate.
public enum ResultsJSON {
    static func check(_ c: Check?) -> JSONValue {
        guard let c else { return .null }
        return .object([("name", .string(c.name)), ("role", .string(c.role.rawValue)), ("step", c.step.map { .int($0) } ?? .null),
                        ("lhs", .num(c.lhs)), ("rhs", .num(c.rhs)), ("margin", .num(c.margin)), ("relative_margin", .num(c.relativeMargin)),
                        ("error_bound", .num(c.errorBound)), ("status", .string(c.status.rawValue))])
    }

    public static func result(_ r: InstanceResult) -> JSONValue {
        let l = r.instance
        return .object([
            ("key", .string(Baseline.key(r))),
            ("theorem", .string(r.theorem.rawValue)), ("reading", .string(r.reading.rawValue)), ("outcome", .string(r.outcome.rawValue)),
            ("instance", .object([("problem", .string(l.problem)), ("seed", .int(Int(l.seed))), ("m", .int(l.m)), ("n", .int(l.width)),
                                  ("tau", .number(l.tau)), ("mu", .number(l.mu)), ("steps", .int(l.steps)), ("activation", .string(l.activation)),
                                  ("mg_owner", l.mgOwner.map { .string($0.rawValue) } ?? .null),
                                  ("arguments", .array(l.arguments.map { .string($0) }))])),
            ("counts", .object(r.counts.keys.map(\.rawValue).sorted().map { ($0, .int(r.counts[Outcome(rawValue: $0)!]!)) })),
            ("hypotheses", r.hypotheses.map { .string($0.rawValue) } ?? .null),
            ("worst_hypothesis", check(r.worstHypothesis)), ("worst_conclusion", check(r.worstConclusion)),
            ("worst_held_conclusion", check(r.heldConclusion)),
            ("witness", check(r.witness)), ("tightness", .num(r.tightness)),
            ("notes", .array(r.notes.map { .string($0) })),
        ])
    }

    /// The results of one instance (`check --format json`, `audit --format json`) in the suite
    /// JSON's schema (README "JSON results"): `format`, `command`, `arguments` (what rebuilds it),
    /// `totals` per outcome, `results` as in a suite's JSON, then what the command adds.
    public static func instance(command: String, arguments: [String], results: [InstanceResult],
                                extra: [(String, JSONValue)] = []) -> JSONValue {
        var totals: [String: Int] = [:]
        for r in results { totals[r.outcome.rawValue, default: 0] += 1 }
        return .object([
            ("format", .string("check-bounds results 1")), ("command", .string(command)),
            ("arguments", .array(arguments.map { .string($0) })),
            ("totals", .object(Outcome.allCases.map { ($0.rawValue, .int(totals[$0.rawValue] ?? 0)) })),
            ("results", .array(results.map(result))),
        ] + extra)
    }

    public static func suite(_ s: SuiteResult, experiment: TeacherStudentExperiment.Result? = nil) -> JSONValue {
        var totals: [String: Int] = [:]
        for r in s.results { totals[r.outcome.rawValue, default: 0] += 1 }
        var pairs: [(String, JSONValue)] = [
            ("suite", .string(s.suite.name)),
            ("run_arguments", .array(s.suite.runArguments.map { .string($0) })),
            ("totals", .object(Outcome.allCases.map { ($0.rawValue, .int(totals[$0.rawValue] ?? 0)) })),
            ("results", .array(s.results.map(result))),
        ]
        if !s.studies.isEmpty {
            pairs.append(("studies", .array(s.studies.map { st in
                .object([("id", .string(st.id)), ("title", .string(st.title)),
                         ("sources", .array(st.sources.map { .string($0) })), ("proofs", .string(st.proofs)),
                         ("headlines", .array(st.headlines.map { .object([("claim", .string($0.claim)), ("measured", .string($0.measured)),
                                                                          ("verdict", .string($0.verdict.rawValue))]) })),
                         ("figures", .array(st.figures.map { f in
                             .object([("name", .string(f.name)), ("title", .string(f.title)),
                                      ("series", .array(f.series.map { .object([("label", .string($0.label)),
                                                                                ("x", .array($0.x.map { .num($0) })),
                                                                                ("y", .array($0.y.map { .num($0) }))]) }))])
                         }))])
            })))
        }
        if let ex = experiment {
            func sweep(_ p: [TeacherStudentExperiment.SweepPoint]) -> JSONValue {
                .array(p.map { .object([("value", .number($0.value)), ("final_train", .num($0.finalTrain)), ("final_test", .num($0.finalTest)),
                                        ("near_zero_weights", .int($0.nearZeroWeights)), ("outcome", .string($0.outcome))]) })
            }
            pairs.append(("paper_experiment", .object([
                ("findings", .array(ex.findings.map { .object([("claim", .string($0.claim)), ("measured", .string($0.measured)),
                                                              ("confirmed", $0.confirmed.map { .bool($0) } ?? .null)]) })),
                ("curves", .array(ex.curves.map { .object([("method", .string($0.method)), ("train_loss", .array($0.trainLoss.map { .num($0) })),
                                                          ("test_loss", .array($0.testLoss.map { .num($0) })), ("outcome", .string($0.outcome))]) })),
                ("tau_sweep", sweep(ex.tauSweep)), ("mu_sweep", sweep(ex.muSweep)),
            ])))
        }
        return .object(pairs)
    }
}

/// A baseline: the outcome of every instance key, as written by `--write-baseline`.
/// Counterexamples present in the baseline are accepted findings; anything else is new.
public struct Baseline: Equatable, Sendable {
    public var outcomes: [String: Outcome]

    public init(outcomes: [String: Outcome]) { self.outcomes = outcomes }

    /// Theorem, reading and the arguments that rebuild the instance: stable across runs.
    /// `--sigma` is left out: it chooses how σ(J) is computed, not the instance, so a
    /// `--sigma interval` run is gated against the same baseline (a verdict its wider
    /// intervals leave inconclusive shows up as a regression).
    public static func key(_ r: InstanceResult) -> String {
        var args: [String] = []
        var skip = false
        for a in r.instance.arguments {
            if skip { skip = false; continue }
            if a == "--sigma" { skip = true; continue }
            args.append(a)
        }
        return "\(r.theorem) | \(r.reading) | \(args.joined(separator: " "))"
    }

    public init(results: [InstanceResult]) {
        var o: [String: Outcome] = [:]
        for r in results { o[Self.key(r)] = r.outcome }
        outcomes = o
    }

    public func json() -> String {
        JSONValue.object([("format", .string("check-bounds baseline 1")),
                          ("outcomes", .object(outcomes.keys.sorted().map { ($0, .string(outcomes[$0]!.rawValue)) }))]).pretty()
    }

    public struct FormatError: Error, CustomStringConvertible { public let description: String }

    /// The file as `--write-baseline` writes it.
    struct File: Decodable {
        var format: String
        var outcomes: [String: String]
    }

    public static func parse(_ text: String, name: String) throws -> Baseline {
        guard let f = try? StableJSON.decode(File.self, from: text), f.format == "check-bounds baseline 1" else {
            throw FormatError(description: "\(name): not a check-bounds baseline (expected a JSON object with \"format\": \"check-bounds baseline 1\" and \"outcomes\")")
        }
        var o: [String: Outcome] = [:]
        for (k, v) in f.outcomes {
            guard let out = Outcome(rawValue: v) else {
                throw FormatError(description: "\(name): outcome of '\(k)' is not one of \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            o[k] = out
        }
        return Baseline(outcomes: o)
    }
}

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
