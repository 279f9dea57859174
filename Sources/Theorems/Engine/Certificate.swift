import Foundation
import Intervals

/// What rigorous interval arithmetic says of a counterexample witness (Proofs/Numerics.md §7):
/// **certified** when the enclosures prove the conclusion violated and every hypothesis that held
/// held, for the exact real quantities; otherwise why not, with the enclosure's width where one
/// was computed. Computed beside the floating-point verdict, never instead of it.
public struct Certificate: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case certified
        case notCertified = "not certified"
    }

    public var status: Status
    /// What the certificate covers: "the exact method from θ₀" or "each step from the computed
    /// iterate" with the largest per-step defect (nil when not certified).
    public var scope: String?
    /// The enclosures that prove it, or the reason it proves nothing.
    public var detail: String
    /// The enclosure of the decisive margin rhs − lhs, when one was computed.
    public var marginLow: Double?
    public var marginHigh: Double?

    public init(status: Status, scope: String? = nil, detail: String, margin: Interval? = nil) {
        self.status = status
        self.scope = scope
        self.detail = detail
        marginLow = margin?.lo
        marginHigh = margin?.hi
    }

    public static func notCertified(_ why: String, margin: Interval? = nil) -> Certificate {
        Certificate(status: .notCertified, detail: why, margin: margin)
    }

    /// One line for the findings page and the explorer: "certified (scope): detail" or "not certified: why".
    public var line: String {
        status == .certified ? "**certified** (\(scope ?? "")): \(detail)" : "not certified: \(detail)"
    }
}

/// An inequality lhs ≤ rhs (or lhs < rhs) with both sides enclosed.
public struct EnclosedCheck: Sendable {
    public var name: String
    public var step: Int?
    public var lhs: Interval
    public var rhs: Interval
    public var strict: Bool

    public init(_ name: String, step: Int?, lhs: Interval, rhs: Interval, strict: Bool = false) {
        self.name = name
        self.step = step
        self.lhs = lhs
        self.rhs = rhs
        self.strict = strict
    }

    /// rhs − lhs for every member (negative: violated).
    public var margin: Interval { rhs - lhs }
    /// Holds for every member of the enclosures (NaN ends prove nothing).
    public var provedHeld: Bool { strict ? lhs.hi < rhs.lo : lhs.hi <= rhs.lo }
    /// Violated for every member.
    public var provedViolated: Bool { strict ? lhs.lo >= rhs.hi : lhs.lo > rhs.hi }

    var at: String { step.map { " at step \($0)" } ?? "" }

    /// The decision: certified when `violated` is proved violated and every check in `held` proved held.
    public static func decide(violated: EnclosedCheck, held: [EnclosedCheck], scope: String) -> Certificate {
        let m = violated.margin
        guard violated.provedViolated else {
            return .notCertified("the enclosure of \(violated.name)\(violated.at) gives margin \(fmt(m)), width \(fmt1(m.width)), which does not exclude a held conclusion", margin: m)
        }
        if let h = held.first(where: { !$0.provedHeld }) {
            return .notCertified("hypothesis \(h.name)\(h.at) is not proved: lhs \(fmt(h.lhs)), rhs \(fmt(h.rhs))", margin: m)
        }
        let hyp = held.isEmpty ? "no hypothesis to prove" : "\(held.count) hypothesis check\(held.count == 1 ? "" : "s") proved held (smallest proved margin \(fmt1(held.map { $0.margin.lo }.min() ?? .nan)))"
        let mt = m.lo == -.infinity ? "margin ≤ \(printed(m.hi, up: true))" : "margin ∈ \(fmt(m))"
        return Certificate(status: .certified, scope: scope, detail: "\(violated.name)\(violated.at): \(mt); \(hyp)", margin: m)
    }

    /// An interval to 3 significant digits, its ends rounded outward in print.
    public static func fmt(_ x: Interval) -> String { "[\(printed(x.lo, up: false)), \(printed(x.hi, up: true))]" }

    static func fmt1(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "undefined" : (x > 0 ? "∞" : "−∞") }
        return String(format: "%.3g", x)
    }

    /// x to 3 significant digits, moved one unit of the last digit outward when rounding went inward.
    static func printed(_ x: Double, up: Bool) -> String {
        guard x.isFinite, x != 0 else { return fmt1(x) }
        let s = String(format: "%.2e", x)
        guard let v = Double(s) else { return s }
        if up ? v >= x : v <= x { return fmt1(v) }
        let e = Foundation.floor(Foundation.log10(Swift.abs(x)))
        let unit = Foundation.pow(10, e - 2)
        return fmt1(Double(String(format: "%.2e", v + (up ? unit : -unit))) ?? v)
    }
}

/// A "not certified" travels as the failure of the steps that build a certificate.
extension Certificate: Error {}
