/// Text for figures in plain Unicode: the TeX-like markup the theorem texts use (`λ_0`,
/// `e^{−√(λ_0/2)t}`, `10^-3`) becomes sub- and superscript characters where Unicode has them,
/// and `^(…)` where it does not, so no raw braces reach a title, a label or a tick.
public enum PlainMath {
    static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        "+": "⁺", "−": "⁻", "-": "⁻", "=": "⁼", "(": "⁽", ")": "⁾", "n": "ⁿ", "i": "ⁱ", "t": "ᵗ", "T": "ᵀ",
        "a": "ᵃ", "b": "ᵇ", "c": "ᶜ", "d": "ᵈ", "e": "ᵉ", "k": "ᵏ", "m": "ᵐ", "p": "ᵖ", "s": "ˢ", "x": "ˣ",
        "y": "ʸ", "γ": "ᵞ", "α": "ᵅ", "β": "ᵝ", "ν": "ᵛ", " ": " ",
    ]
    static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
        "+": "₊", "−": "₋", "=": "₌", "(": "₍", ")": "₎", "a": "ₐ", "e": "ₑ", "o": "ₒ", "x": "ₓ", "h": "ₕ",
        "k": "ₖ", "l": "ₗ", "m": "ₘ", "n": "ₙ", "p": "ₚ", "s": "ₛ", "t": "ₜ", "i": "ᵢ", "j": "ⱼ", "r": "ᵣ",
        "u": "ᵤ", "v": "ᵥ", "ν": "ᵥ",
    ]

    /// `text` with `^{…}`, `_{…}`, `^x` and `_x` rendered.
    public static func unicode(_ text: String) -> String {
        guard text.contains("^") || text.contains("_") else { return text }
        var out = "", chars = Array(text), i = 0
        while i < chars.count {
            let c = chars[i]
            guard (c == "^" || c == "_"), i + 1 < chars.count else { out.append(c); i += 1; continue }
            let table = c == "^" ? superscripts : subscripts
            let body: [Character], next: Int
            if chars[i + 1] == "{", let close = matchingBrace(chars, from: i + 1) {
                body = Array(chars[(i + 2)..<close])
                next = close + 1
            } else {
                // A bare exponent: a sign and digits (10^-3), or a run of letters (λ_min, θ_t, M_g).
                var j = i + 1
                if chars[j] == "-" || chars[j] == "−" { j += 1 }
                while j < chars.count && chars[j].isNumber { j += 1 }
                if j == i + 1 { while j < chars.count && chars[j].isLetter { j += 1 } }
                if j == i + 1 { j = i + 2 }
                body = Array(chars[(i + 1)..<j])
                next = j
            }
            let braced = chars[i + 1] == "{"
            if body.allSatisfy({ table[$0] != nil }) {
                out += String(body.map { table[$0]! })
            } else if braced {
                out += (c == "^" ? "^(" : "_(") + unicode(String(body)) + ")"
            } else {
                out.append(c)
                out += String(body)
            }
            i = next
        }
        return out
    }

    static func matchingBrace(_ chars: [Character], from open: Int) -> Int? {
        var depth = 0
        for k in open..<chars.count {
            if chars[k] == "{" { depth += 1 }
            if chars[k] == "}" { depth -= 1; if depth == 0 { return k } }
        }
        return nil
    }

    /// 10^e as a tick label: plain decimals from 0.01 to 1000, else 10 with a superscript exponent.
    public static func powerOfTen(_ e: Int, mantissa m: Int = 1) -> String {
        if (-2...3).contains(e) {
            let v = Double(m) * [0.01, 0.1, 1, 10, 100, 1000][e + 2]
            return e >= 0 ? String(Int(v)) : String(format: "%.\(-e)f", v)
        }
        let exp = unicode("^{\(e < 0 ? "−" : "")\(abs(e))}")
        return m == 1 ? "10" + exp : "\(m)·10" + exp
    }
}
