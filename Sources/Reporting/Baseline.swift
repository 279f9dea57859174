import Foundation
import Serialization
import Theorems

/// A baseline: the outcome of every instance key, and its decisive margin (`InstanceResult.decisive`),
/// as written by `--write-baseline`. Counterexamples present in the baseline are accepted findings;
/// anything else is new. The gate reads the outcomes; the golden tests pin the margins too, so a
/// sign or scale error that flips no verdict still fails (`differences`).
public struct Baseline: Equatable, Sendable {
    public var outcomes: [String: Outcome]
    /// The decisive margin (rhs − lhs) of each instance whose margin is finite, to 9 significant digits.
    public var margins: [String: Double]

    public static let format = "check-bounds baseline 2"
    /// A baseline of the first format (outcomes only) is still read; it pins no margin.
    static let formats = ["check-bounds baseline 1", format]
    /// How far a margin may move from its pinned value, relative to the larger of the two; the
    /// margin's own error bound and measured trajectory sensitivity are allowed on top.
    public static let marginTolerance = 1e-6

    public init(outcomes: [String: Outcome], margins: [String: Double] = [:]) {
        self.outcomes = outcomes
        self.margins = margins
    }

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

    /// The margin as pinned: finite, rounded to 9 significant digits (well inside the tolerance).
    static func pinnedMargin(_ r: InstanceResult) -> Double? {
        guard let m = r.decisive?.margin, m.isFinite else { return nil }
        return Double(String(format: "%.9g", m))
    }

    public init(results: [InstanceResult]) {
        var o: [String: Outcome] = [:], m: [String: Double] = [:]
        for r in results {
            let k = Self.key(r)
            o[k] = r.outcome
            m[k] = Self.pinnedMargin(r)
        }
        outcomes = o
        margins = m
    }

    public func json() -> String {
        JSONValue.object([("format", .string(Self.format)),
                          ("outcomes", .object(outcomes.keys.sorted().map { ($0, .string(outcomes[$0]!.rawValue)) })),
                          ("margins", .object(margins.keys.sorted().map { ($0, .number(margins[$0]!)) }))]).pretty()
    }

    /// Differences between `results` and this baseline, restricted to keys `scope` accepts, in
    /// both directions: outcomes that changed, results the baseline lacks and entries no result
    /// produced; then margins that moved beyond the tolerance, appeared or vanished.
    public func differences(_ results: [InstanceResult], scope: (String) -> Bool = { _ in true }) -> [String] {
        var out: [String] = []
        var byKey: [String: InstanceResult] = [:]
        for r in results { byKey[Self.key(r)] = r }
        for (k, r) in byKey.sorted(by: { $0.key < $1.key }) {
            guard let p = outcomes[k] else { out.append("new: \(k) → \(r.outcome.rawValue)"); continue }
            if p != r.outcome { out.append("changed: \(k): \(p.rawValue) → \(r.outcome.rawValue)") }
        }
        for k in outcomes.keys.sorted() where scope(k) && byKey[k] == nil { out.append("missing: \(k) (pinned \(outcomes[k]!.rawValue))") }
        for (k, r) in byKey.sorted(by: { $0.key < $1.key }) where outcomes[k] == r.outcome {
            let now = Self.pinnedMargin(r)
            switch (margins[k], now) {
            case let (p?, m?):
                let d = r.decisive!
                let allowance = (d.errorBound.isFinite ? d.errorBound : 0) + (r.sensitivity.map { $0.isFinite ? $0 : 0 } ?? 0)
                let tolerance = Self.marginTolerance * max(abs(p), abs(m)) + 2 * allowance
                if abs(m - p) > tolerance {
                    out.append("margin moved: \(k) [\(d.name)]: \(p) → \(m) (tolerance \(String(format: "%.3g", tolerance)))")
                }
            case (nil, let m?): out.append("margin not pinned: \(k) → \(m)")
            case (let p?, nil): out.append("margin lost: \(k) (pinned \(p), now none)")
            case (nil, nil): break
            }
        }
        return out
    }

    public struct FormatError: Error, CustomStringConvertible { public let description: String }

    /// The file as `--write-baseline` writes it.
    struct File: Decodable {
        var format: String
        var outcomes: [String: String]
        var margins: [String: Double]?
    }

    public static func parse(_ text: String, name: String) throws -> Baseline {
        guard let f = try? StableJSON.decode(File.self, from: text), formats.contains(f.format) else {
            throw FormatError(description: "\(name): not a check-bounds baseline (expected a JSON object with \"format\": \"\(format)\", \"outcomes\" and \"margins\")")
        }
        var o: [String: Outcome] = [:]
        for (k, v) in f.outcomes {
            guard let out = Outcome(rawValue: v) else {
                throw FormatError(description: "\(name): outcome of '\(k)' is not one of \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            o[k] = out
        }
        return Baseline(outcomes: o, margins: f.margins ?? [:])
    }
}
