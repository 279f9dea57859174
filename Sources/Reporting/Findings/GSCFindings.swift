import Foundation
import GSCCertification

/// The GSC constants on the findings page: per regularizer, its published (M, ν) against the
/// certified least constant, and the verdict of each claim group (Proofs/GSCCertification.md).
enum GSCFindings {
    /// The scope's group: "separable sum, p = 3" → "separable sum".
    static func group(_ scope: String) -> String { String(scope.prefix { $0 != "," }) }

    static func verdictWord(_ h: Bool?) -> String { h.map { $0 ? "holds" : "fails" } ?? "undecided" }

    /// "holds", "fails", "undecided", or per-p detail when a separable-sum group is mixed.
    static func cell(_ vs: [GSCVerdict]) -> String {
        guard !vs.isEmpty else { return "–" }
        let words = Set(vs.map { verdictWord($0.holds) })
        if words.count == 1 { return words.first! }
        return ["fails", "undecided", "holds"].compactMap { w in
            let at = vs.filter { verdictWord($0.holds) == w }.map { $0.scope.split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? $0.scope }
            return at.isEmpty ? nil : "\(w) at \(at.joined(separator: ", "))"
        }.joined(separator: "; ")
    }

    static func regularizers(_ vs: [GSCVerdict]) -> [String] {
        var out: [String] = []
        for v in vs where !out.contains(v.regularizer) { out.append(v.regularizer) }
        return out
    }

    static func section(_ vs: [GSCVerdict], root: String, heading: String) -> String {
        var md = "\(heading) GSC constants of the regularizers (000's Simulation; the authors' package)\n\n"
        md += "Each published constant M (at the published ν, μ = 1) against the least constant M*, certified by an interval enclosure of relative width ≤ 1e-6 ([Proofs/GSCCertification.md](\(root)/Proofs/GSCCertification.md)); a claim fails when M < M* beyond the enclosure. Full table: [gsc.md](gsc.md).\n\n"
        md += "| regularizer | claimed M, ν | certified M* | univariate | μ-scaling | separable sum (p) | ω_ν sandwich, claimed M |\n|---|---|---|---|---|---|---|\n"
        for name in regularizers(vs) {
            let mine = vs.filter { $0.regularizer == name }
            guard let uni = mine.first(where: { group($0.scope) == "univariate" }) else { continue }
            func g(_ s: String) -> [GSCVerdict] { mine.filter { group($0.scope) == s } }
            md += "| \(name) | \(MarkdownReport.fmt(uni.claimedM)), \(MarkdownReport.fmt(uni.nu)) | [\(MarkdownReport.precise(uni.certifiedLower)), \(MarkdownReport.precise(uni.certifiedUpper))] | "
            md += "\(cell([uni])) | \(cell(g("mu-scaling"))) | \(cell(g("separable sum"))) | \(cell(g("sandwich (claimed M)"))) |\n"
        }
        return md + "\n"
    }

    static func headline(_ vs: [GSCVerdict]) -> String {
        let fails = regularizers(vs).filter { n in vs.contains { $0.regularizer == n && group($0.scope) == "univariate" && $0.holds == false } }
        return "GSC constants: \(regularizers(vs).count) regularizers certified; the published univariate constant fails for " + (fails.isEmpty ? "none" : fails.joined(separator: ", "))
    }
}
