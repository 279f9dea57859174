import Exploration
import Foundation
import GSCCertification
import Serialization

/// `check-bounds gsc`: certifies the least GSC constant of each regularizer and sets it against
/// the published claim (Proofs/GSCCertification.md); prints the verdicts and writes
/// `<output>/gsc.md` and `<output>/gsc.json`.
public enum GSCCommand {
    public static let specs: [OptionSpec] = [
        OptionSpec("regularizers", "LIST", default: "all", "comma-separated: " + GSCKind.allCases.map(\.rawValue).joined(separator: ", ")),
        OptionSpec("sandwich-pairs", "N", default: "4000", "sampled (x, y) pairs per ω_ν sandwich check"),
        OptionSpec("output", "DIR", default: "Reports", "where gsc.md and gsc.json go"),
        OptionSpec("format", "LIST", default: "md,json", "md, json, or both"),
        OptionSpec("help", nil, default: "", "show this help"),
    ]

    public static let usage = """
    usage: check-bounds gsc [options]

    Certified enclosures of M* = sup |h'''|/h''^(ν/2) for each regularizer, the separable sum in p
    dimensions, the μ-scaling law and the ω_ν sandwich, each against the published constant.
    Exit: 0 (a claim that fails is a finding, printed with its witness); 2 bad usage.


    """

    /// Certifies, and returns the verdicts with the `gsc.md` / `gsc.json` files for `dir` (the
    /// main job puts them in its report set, so `Reports/index.md` always links a current one).
    static func reports(for dir: String, formats: Set<String>, kinds: [GSCKind] = GSCKind.allCases, sandwichPairs: Int = 4000)
        -> (verdicts: [GSCVerdict], files: [(name: String, text: String)]) {
        let root = OutputPaths.rootLink(for: dir)
        let verdicts = GSCCertifier.certifyAll(kinds: kinds, sandwichPairs: sandwichPairs)
        // The reproduce line carries the options that change the report (defaults left out).
        var options = ""
        if kinds != GSCKind.allCases { options += " --regularizers " + kinds.map(\.rawValue).joined(separator: ",") }
        if sandwichPairs != 4000 { options += " --sandwich-pairs \(sandwichPairs)" }
        let md = "# GSC constants of the regularizers\n\nReproduce: `swift run -c release check-bounds gsc\(options)`. Derivations (interval cover, tail bounds, μ-scaling, the p-dependence of the separable sum): [Proofs/GSCCertification.md](\(root)/Proofs/GSCCertification.md).\n\n"
            + GSCCertifier.markdown(verdicts)
        var files: [(name: String, text: String)] = []
        if formats.contains("md") { files.append(("gsc.md", md)) }
        if formats.contains("json") { files.append(("gsc.json", GSCCertifier.json(verdicts))) }
        return (verdicts, files)
    }

    public static func run(_ args: [String], out: (String) -> Void) throws -> Int32 {
        let o = try OptionParser.parse(args, specs: specs)
        if o.has("help") { out(usage + OptionParser.help(specs) + "\n"); return 0 }
        if let p = o.positionals.first { throw UsageError("unexpected argument '\(SpaceSyntax.quoted(p))' (gsc takes only options)") }
        var kinds = GSCKind.allCases
        if let v = o.string("regularizers"), v != "all" {
            kinds = try v.split(separator: ",", omittingEmptySubsequences: false).map {
                guard !$0.isEmpty else { throw UsageError("--regularizers: an empty entry in '\(SpaceSyntax.quoted(v))' (give names separated by commas)") }
                guard let k = GSCKind(rawValue: String($0)) else {
                    throw UsageError("--regularizers: '\(SpaceSyntax.quoted(String($0)))' is not allowed (allowed: \(GSCKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return k
            }
            try ParsedOptions.noRepeats(kinds.map(\.rawValue), option: "regularizers")
        }
        let pairs = try o.int("sandwich-pairs", min: 1, max: 10_000_000) ?? 4000
        let formats = Set((o.string("format") ?? "md,json").split(separator: ",").map(String.init))
        guard !formats.isEmpty, formats.isSubset(of: ["md", "json"]) else {
            throw UsageError("--format: '\(SpaceSyntax.quoted(o.string("format") ?? ""))' is not allowed (allowed: md, json, or md,json)")
        }
        let dir = o.string("output") ?? "Reports"
        try OutputPaths.checkDirectory(dir, option: "output", files: formats.map { "gsc.\($0)" })
        let (verdicts, files) = reports(for: dir, formats: formats, kinds: kinds, sandwichPairs: pairs)
        let set = try OutputSet(directory: dir, name: "gsc")
        for f in files { try set.add(f.text, as: f.name) }
        try set.commit()
        for v in verdicts {
            let verdict = v.holds.map { $0 ? "holds" : "FAILS" } ?? "undecided"
            out("\(v.regularizer) [\(v.scope), mu=\(v.mu), nu=\(v.nu)]: claimed \(v.claimedM), certified [\(v.certifiedLower), \(v.certifiedUpper)] -> \(verdict)\(v.witness.map { "; witness: \($0)" } ?? "")\n")
        }
        out("wrote \(formats.sorted().map { "\(dir)/gsc.\($0)" }.joined(separator: ", "))\n")
        return 0
    }
}
