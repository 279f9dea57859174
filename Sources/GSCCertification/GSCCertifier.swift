import PortableMath

/// One verdict: a published GSC claim against the certified constant.
public struct GSCVerdict: Sendable {
    public var regularizer: String
    /// "univariate", "mu-scaling", "separable sum, p = N", "sandwich (claimed M)", "sandwich (certified M)".
    public var scope: String
    public var mu: Double
    public var nu: Double
    public var claimedM: Double
    public var certifiedLower: Double
    public var certifiedUpper: Double
    /// true: claim holds; false: claim fails (witness given); nil: undecided within the enclosure.
    public var holds: Bool?
    /// claimed / sharp (with sharp = certified upper), where meaningful.
    public var looseness: Double?
    public var witness: String?
    public var detail: String
}

public enum GSCCertifier {
    public static let pValues = [1, 2, 3, 4, 10, 3000]

    static func f(_ x: Double) -> String {
        if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        return "\(x)"
    }

    /// All verdicts at the published ν (μ = 1, and μ ∈ {0.1, 10} for the scaling law).
    public static func certifyAll(kinds: [GSCKind] = GSCKind.allCases, sandwichPairs: Int = 4000) -> [GSCVerdict] {
        var out: [GSCVerdict] = []
        for k in kinds {
            let (mc, nu, source) = k.claim
            let e = UnivariateCertifier.certify(k, mu: 1, nu: nu)
            // Univariate.
            var v = GSCVerdict(regularizer: k.rawValue, scope: "univariate", mu: 1, nu: nu, claimedM: mc,
                               certifiedLower: e.lower, certifiedUpper: e.upper, holds: nil, looseness: nil,
                               witness: nil, detail: "source: \(source); argmax t = \(f(e.argmax)); boxes = \(e.boxes); tail bound = \(f(e.tailBound))")
            if let reason = e.unboundedReason { v.detail += "; unbounded: \(reason)" }
            if let eq = equalityVerdict(k, mu: 1, nu: nu, claimed: mc, e) {
                v.holds = true; v.looseness = 1; v.detail += "; " + eq
            } else if mc >= e.upper {
                v.holds = true
                v.looseness = e.upper > 0 ? mc / e.upper : (mc == 0 ? 1 : .infinity)
            } else if mc < e.lower || !e.isBounded {
                v.holds = false
                if let t = UnivariateCertifier.smallestWitness(k, mu: 1, nu: nu, exceeding: mc) {
                    let d = k.derivatives(t, mu: 1)
                    v.witness = "t = \(f(t)): |h'''| = \(f(abs(d.3))) > M h''^(nu/2) = \(f(mc * PortableMath.pow(d.2, nu / 2)))"
                } else if k == .logExpBox {
                    v.witness = "h'' jumps from 1 to 0 at t = a+mu = 1; see the sandwich witness"
                }
            }
            out.append(v)
            // μ-scaling law.
            if k.usesMu && e.isBounded {
                for mu in [0.1, 10.0] {
                    let em = UnivariateCertifier.certify(k, mu: mu, nu: nu)
                    let s = PortableMath.pow(mu, k.muExponent(nu: nu))
                    let ok = em.lower <= e.upper * s * (1 + 1e-12) && e.lower * s <= em.upper * (1 + 1e-12)
                    let claimed = mc * s
                    out.append(GSCVerdict(regularizer: k.rawValue, scope: "mu-scaling", mu: mu, nu: nu, claimedM: claimed,
                                          certifiedLower: em.lower, certifiedUpper: em.upper,
                                          holds: (claimed >= em.upper || equalityVerdict(k, mu: mu, nu: nu, claimed: claimed, em) != nil) ? true : (claimed < em.lower ? false : nil),
                                          looseness: claimed / em.upper, witness: nil,
                                          detail: "M*(mu)/mu^k = [\(f(em.lower / s)), \(f(em.upper / s))], k = \(k.muExponent(nu: nu)); scaling law \(ok ? "confirmed" : "NOT confirmed") against M*(1)"))
                }
            }
            // Separable sum in p dimensions, against M_g = p^{(3−ν)/2} μ^{ν/2−2} M_h.
            if k.isC3 && e.isBounded && nu <= 3 {
                for p in pValues {
                    let mg = PortableMath.pow(Double(p), (3 - nu) / 2) * mc
                    let search = p <= 10 ? MultivariateSearch.run(k, mu: 1, nu: nu, p: p, argmax: e.argmax) : nil
                    var w = GSCVerdict(regularizer: k.rawValue, scope: "separable sum, p = \(p)", mu: 1, nu: nu, claimedM: mg,
                                       certifiedLower: e.lower, certifiedUpper: e.upper, holds: nil, looseness: nil, witness: nil,
                                       detail: "least constant = univariate M* (Regularizers.md §2)")
                    if let s = search {
                        w.detail += "; adversarial search: \(s.evaluations) evaluations, worst ratio \(f(s.worstRatio)) \(s.worstRatio <= e.upper * (1 + 1e-10) ? "<=" : "EXCEEDS") certified upper; u = v = e_1 at argmax gives \(f(s.coordinateRatio))"
                    }
                    if let eq = equalityVerdict(k, mu: 1, nu: nu, claimed: mg, e) { w.holds = true; w.looseness = 1; w.detail += "; " + eq }
                    else if mg >= e.upper { w.holds = true; w.looseness = e.upper > 0 ? mg / e.upper : nil }
                    else if mg < e.lower {
                        w.holds = false
                        let d = k.derivatives(e.argmax, mu: 1)
                        w.witness = "x = t* e_1, u = v = e_1, t* = \(f(e.argmax)): |<D3g[v]u,u>| = \(f(abs(d.3))) > M_g ||u||_x^2 ||v||_x^(nu-2) ||v||^(3-nu) = \(f(mg * PortableMath.pow(d.2, nu / 2)))"
                    }
                    out.append(w)
                }
            }
            // Sandwich with the claimed and with the certified constant.
            for (label, m) in [("claimed", mc), ("certified", e.upper)] where m.isFinite {
                let s = SandwichCheck.run(k, mu: 1, nu: nu, m: m, label: label, pairs: sandwichPairs)
                var w = GSCVerdict(regularizer: k.rawValue, scope: "sandwich (\(label) M)", mu: 1, nu: nu, claimedM: m,
                                   certifiedLower: e.lower, certifiedUpper: e.upper, holds: sandwichVerdict(k, s), looseness: nil, witness: nil,
                                   detail: "\(s.pairs) pairs with d_nu < 1, \(s.violations) violations, \(s.undecided) undecided (margin within its rounding bound); worst relative margins: lower \(f(s.worstLowerMargin)), upper \(f(s.worstUpperMargin))")
                if k == .quadratic && s.violations == 0 { w.detail += "; holds with equality: D = ½‖y−x‖² = ω_ν(0)‖y−x‖²_x exactly (M = 0, Proofs/GSCCertification.md §4)" }
                if let wt = s.witness {
                    w.witness = "x = \(wt.x.map(f)), y = \(wt.y.map(f)): omega(-d)||y-x||_x^2 = \(f(wt.lowerSide)), D = \(f(wt.bregman)), omega(d)||y-x||_x^2 = \(f(wt.upperSide))"
                }
                out.append(w)
            }
        }
        return out
    }

    /// A violation decides "fails"; undecided pairs leave the sandwich undecided, except for ½t²,
    /// where both sides equal D by proof (M = 0: ω_ν(0)‖δ‖²_x = ½‖δ‖² = D).
    static func sandwichVerdict(_ k: GSCKind, _ s: SandwichCheck) -> Bool? {
        if s.violations > 0 { return false }
        if s.undecided == 0 || k == .quadratic { return true }
        return nil
    }

    /// A claim inside the enclosure that equals the closed-form sup (to 8 ulps of representing the
    /// claim) holds with equality; the enclosure must contain it.
    static func equalityVerdict(_ k: GSCKind, mu: Double, nu: Double, claimed: Double, _ e: GSCEnclosure) -> String? {
        guard claimed >= e.lower, claimed < e.upper, let s = k.analyticSup(mu: mu, nu: nu) else { return nil }
        guard abs(claimed - s) <= 8 * Double.ulpOfOne * max(abs(s), Double.leastNormalMagnitude) else { return nil }
        return "holds with equality: the claimed constant is the closed-form sup (Proofs/GSCCertification.md §2), inside the enclosure"
    }

    static func verdictText(_ v: GSCVerdict) -> String {
        switch v.holds {
        case .some(true): return v.looseness.map { "claim holds (claimed/sharp = \(String(format6($0))))" } ?? "claim holds"
        case .some(false): return "claim fails"
        case .none: return "undecided"
        }
    }

    static func format6(_ x: Double) -> String {
        if !x.isFinite { return f(x) }
        if x == 0 { return "0" }
        // 6 significant digits from an integer mantissa (deterministic, no locale).
        var e = Int((PortableMath.log(abs(x)) / PortableMath.log(10)).rounded(.down))
        var m = (abs(x) * PortableMath.pow(10, Double(5 - e))).rounded()
        if m >= 1_000_000 { m = (m / 10).rounded(); e += 1 }
        if m < 100_000 { m *= 10; e -= 1 }
        let digits = String(Int(m))
        let sign = x < 0 ? "-" : ""
        if e >= 0 && e < 6 {
            let i = digits.index(digits.startIndex, offsetBy: e + 1)
            return sign + digits[..<i] + "." + digits[i...]
        }
        if e < 0 && e >= -4 { return sign + "0." + String(repeating: "0", count: -e - 1) + digits }
        return sign + digits.prefix(1) + "." + digits.dropFirst() + "e" + String(e)
    }

    /// The verdicts as a Markdown section.
    public static func markdown(_ vs: [GSCVerdict]) -> String {
        var s = "## GSC constants: certified against the published claims\n\n"
        s += "| regularizer | scope | mu | nu | claimed M | certified M* | verdict | witness / detail |\n|---|---|---|---|---|---|---|---|\n"
        for v in vs {
            let enc = "[\(format6(v.certifiedLower)), \(format6(v.certifiedUpper))]"
            let wit = (v.witness.map { "**witness:** \($0); " } ?? "") + v.detail
            s += "| \(v.regularizer) | \(v.scope) | \(f(v.mu)) | \(f(v.nu)) | \(format6(v.claimedM)) | \(enc) | \(verdictText(v)) | \(wit.replacingPipes) |\n"
        }
        return s
    }

    /// The verdicts as JSON (deterministic key order; non-finite numbers as null).
    public static func json(_ vs: [GSCVerdict]) -> String {
        func num(_ x: Double?) -> String { guard let x, x.isFinite else { return "null" }; return "\(x)" }
        func str(_ x: String?) -> String {
            guard let x else { return "null" }
            var o = "\""
            for c in x.unicodeScalars {
                switch c {
                case "\"": o += "\\\""
                case "\\": o += "\\\\"
                case "\n": o += "\\n"
                case "\t": o += "\\t"
                default:
                    if c.value < 0x20 { o += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16) }
                    else { o.unicodeScalars.append(c) }
                }
            }
            return o + "\""
        }
        let items = vs.map { v in
            "{\"regularizer\":\(str(v.regularizer)),\"scope\":\(str(v.scope)),\"mu\":\(num(v.mu)),\"nu\":\(num(v.nu)),\"claimed_M\":\(num(v.claimedM)),\"certified_lower\":\(num(v.certifiedLower)),\"certified_upper\":\(num(v.certifiedUpper)),\"holds\":\(v.holds.map { $0 ? "true" : "false" } ?? "null"),\"looseness\":\(num(v.looseness)),\"witness\":\(str(v.witness)),\"detail\":\(str(v.detail))}"
        }
        return "[\n" + items.joined(separator: ",\n") + "\n]\n"
    }
}

extension String {
    var replacingPipes: String {
        var o = ""
        for c in self { o += c == "|" ? "\\|" : String(c) }
        return o
    }
}
