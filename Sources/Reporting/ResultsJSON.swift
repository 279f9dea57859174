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

    /// `claims`: each claim's one verdict (`MarkdownReport.claimVerdicts`); the study headlines
    /// that state a claim carry that verdict.
    public static func suite(_ s: SuiteResult, experiment: TeacherStudentExperiment.Result? = nil,
                             claims: [(theorem: TheoremID, reading: ReadingID, verdict: String)] = []) -> JSONValue {
        var totals: [String: Int] = [:]
        for r in s.results { totals[r.outcome.rawValue, default: 0] += 1 }
        var pairs: [(String, JSONValue)] = [
            ("suite", .string(s.suite.name)),
            ("run_arguments", .array(s.suite.runArguments.map { .string($0) })),
            ("totals", .object(Outcome.allCases.map { ($0.rawValue, .int(totals[$0.rawValue] ?? 0)) })),
            ("results", .array(s.results.map(result))),
        ]
        if !claims.isEmpty {
            pairs.append(("claims", .array(claims.map { .object([("theorem", .string($0.theorem.rawValue)), ("reading", .string($0.reading.rawValue)),
                                                                   ("verdict", .string($0.verdict))]) })))
        }
        if !s.studies.isEmpty {
            pairs.append(("studies", .array(s.studies.map { st in
                .object([("id", .string(st.id)), ("title", .string(st.title)),
                         ("sources", .array(st.sources.map { .string($0) })), ("proofs", .string(st.proofs)),
                         ("headlines", .array(st.headlines.map { .object([("claim", .string($0.claim)), ("measured", .string($0.measured)),
                                                                          ("verdict", .string(MarkdownReport.verdict($0, claims: claims)))]) })),
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
