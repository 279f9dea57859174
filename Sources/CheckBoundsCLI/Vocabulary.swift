import Exploration
import Foundation
import Theorems

/// The values every command reads the same way: theorem ids and readings (with "did you
/// mean"), so `run`, `check`, `explore` and `map` speak one vocabulary.
enum Vocabulary {
    /// The options `explore` and `map` share, in one place so their names and help stay one.
    static func sampleSpecs(verb: String, output: String) -> [OptionSpec] {
        [
            OptionSpec("theorem", "ID", default: "", "the theorem to \(verb): " + TrialEvaluator.explorable.map(\.rawValue).joined(separator: ", ")),
            OptionSpec("reading", "R[;R…]", default: "all", "restrict to these readings (ids as in the reports, ';'-separated)"),
            OptionSpec("jobs", "N", default: "number of cores", "instances evaluated at once; the results do not depend on it"),
            OptionSpec("output", "DIR", default: output, "where the files go"),
            OptionSpec("format", "text|json", default: "text", "what stdout gets"),
            OptionSpec("quiet", nil, default: "", "no progress on stderr"),
            OptionSpec("help", nil, default: "", "show this help"),
        ] + GridOptions.pluralSpecs
    }

    /// `--theorems a,b` (or `all`): registered ids, none repeated, none empty.
    static func theorems(_ text: String, option: String = "theorems") throws -> [TheoremID] {
        if text == "all" { return [] }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var out: [TheoremID] = []
        for p in parts {
            guard !p.isEmpty else { throw UsageError("--\(option): an empty entry in '\(SpaceSyntax.quoted(text))' (give ids separated by commas)") }
            out.append(try theorem(p, option: option))
            guard Set(out).count == out.count else { throw UsageError("--\(option): '\(SpaceSyntax.quoted(p))' is listed twice") }
        }
        return out
    }

    static func theorem(_ text: String, option: String = "theorem") throws -> TheoremID {
        let id = TheoremID(text)
        guard TheoremRegistry.theorem(id) == nil else { return id }
        let names = TheoremRegistry.ids.map(\.rawValue)
        throw UsageError("--\(option): '\(SpaceSyntax.quoted(text))' is not a theorem id\(SpaceSyntax.suggestion(text, names)) (allowed: \(names.joined(separator: ", ")))")
    }

    /// `--reading R[;R…]` for one theorem (readings contain commas? no: ids are `J~=jhat v~=e Phi*=y`; separated by ';').
    static func readings(_ text: String, of t: RegisteredTheorem) throws -> [ReadingID] {
        let allowed = t.info.readings.map(\.id.rawValue)
        return try text.split(separator: ";", omittingEmptySubsequences: false).map { p in
            let s = p.trimmingCharacters(in: .whitespaces)
            guard allowed.contains(s) else {
                throw UsageError("--reading: '\(SpaceSyntax.quoted(s))' is not a reading of \(t.id)\(SpaceSyntax.suggestion(s, allowed)) (allowed: \(allowed.joined(separator: "; ")))")
            }
            return ReadingID(s)
        }
    }

    /// The space of `--space` (a file ending in .json, or the text form) over the theorem's
    /// default, without the options given on the command line (those fix their value).
    static func space(_ text: String?, default def: String, fixedBy o: ParsedOptions) throws -> Space {
        let base: Space, given: Space?
        do {
            base = try SpaceSyntax.parse(def)
            given = try text.map { $0.hasSuffix(".json") ? try SpaceSyntax.load(path: $0) : try SpaceSyntax.parse($0) }
        } catch let e as SpaceError {
            throw UsageError("--space: \(e.message)")
        }
        if let clash = given?.names.first(where: { o.has($0) }) {
            throw UsageError("--\(clash) is given both as an option and in --space (give it once)")
        }
        let merged = given.map { base.overridden(by: $0) } ?? base
        return Space(merged.dimensions.filter { !o.has($0.name) })
    }
}

/// `--sigma`'s help, one text for every command that takes it.
enum SigmaRouteHelp {
    static let text = "σ_min(J), σ_max(J) for the checks: refine (the estimated Gram interval, refined by QR of Jᵀ at the steps where a check that reads σ is undecided at its width: the verdicts of accurate, faster), accurate (error O(ε·σ_max) at every step: QR of Jᵀ unless the Gram interval is as tight) or interval (always the Gram interval: fastest, wider when J is near rank-deficient)"
}
