import Foundation

/// How values map to positions along an axis.
public enum AxisScale: Sendable {
    case linear, log10
    /// Symmetric log: sign(v)·log10(1 + |v|/c), linear near 0 and logarithmic beyond a threshold
    /// c (a power of ten the layout picks), so margins of either sign and many decades share one axis.
    case symlog
}

/// One tick mark of an axis. Minor ticks have an empty label and draw no grid line.
public struct Tick: Sendable, Equatable {
    public var value: Double
    public var label: String
    public var isMajor: Bool

    public init(value: Double, label: String, isMajor: Bool) {
        self.value = value
        self.label = label
        self.isMajor = isMajor
    }
}

/// The domain and tick marks of one axis, computed from the values to be drawn on it.
///
/// Linear axes use "nice" steps (1, 2 or 5 × 10^k) chosen to give about six ticks
/// inside the data range widened by a 4% margin. Log axes cover the data with a small margin (whole decades when the data
/// spans less than one) and put labelled ticks at powers of ten (`10⁻⁴`, `0.01`, `1`, `100`), every k-th
/// decade when there are more than nine, with minor ticks at 2…9 × 10^e in between (labelled at 2
/// and 5, e.g. `0.002`, `0.005`, when the axis spans at most two and a half decades).
public struct Axis: Sendable {
    public var scale: AxisScale
    /// The ends of the axis, in data units (for log axes, powers of ten).
    public var lower: Double
    public var upper: Double
    public var ticks: [Tick]
    /// The symmetric-log axis's linear threshold c (1 for the other scales).
    public var threshold = 1.0

    /// Builds an axis for `values`; values that cannot be drawn on `scale` (non-finite, or
    /// non-positive on a log axis) are ignored. With nothing to draw the axis is 0…1 (linear) or
    /// 1…10 (log). A degenerate range (one distinct value) is padded.
    public init(values: [Double], scale: AxisScale) {
        self.scale = scale
        let usable = values.filter { Self.isDrawable($0, on: scale) }
        switch scale {
        case .linear:
            (lower, upper, ticks) = Self.linearLayout(usable)
        case .log10:
            (lower, upper, ticks) = Self.logLayout(usable)
        case .symlog:
            threshold = Self.symlogThreshold(usable)
            (lower, upper, ticks) = Self.symlogLayout(usable, threshold: threshold)
        }
    }

    /// Whether `v` has a position on an axis of the given scale.
    public static func isDrawable(_ v: Double, on scale: AxisScale) -> Bool {
        v.isFinite && (scale != .log10 || v > 0)
    }

    /// The position of `v` along the axis: 0 at `lower`, 1 at `upper`.
    public func fraction(_ v: Double) -> Double {
        switch scale {
        case .linear:
            return (v - lower) / (upper - lower)
        case .log10:
            let a = Foundation.log10(lower), b = Foundation.log10(upper)
            return (Foundation.log10(v) - a) / (b - a)
        case .symlog:
            let a = Self.symlog(lower, threshold), b = Self.symlog(upper, threshold)
            return (Self.symlog(v, threshold) - a) / (b - a)
        }
    }

    // MARK: Linear

    static func linearLayout(_ values: [Double]) -> (Double, Double, [Tick]) {
        guard var lo = values.min(), var hi = values.max() else {
            return (0, 1, linearTicks(from: 0, to: 5, step: 0.2))
        }
        let magnitude = max(abs(lo), abs(hi))
        if hi - lo <= magnitude * 1e-9 || hi - lo < Double.leastNormalMagnitude * 1e6 {
            let pad = magnitude > 1e-300 ? magnitude * 0.1 : 1
            lo -= pad
            hi += pad
        }
        // A 4% margin keeps curves off the frame.
        let margin = 0.04 * (hi - lo)
        lo -= margin
        hi += margin
        let range = hi - lo
        let base = Foundation.floor(Foundation.log10(range / 6))
        var best: (step: Double, a: Double, b: Double, score: Double)? = nil
        // Candidate steps 1, 2, 5 × 10^k around range/6, largest first so ties keep fewer ticks;
        // the ticks are the multiples of the step inside the domain.
        for e in stride(from: base + 1, through: base - 1, by: -1) {
            for m in [5.0, 2.0, 1.0] {
                let step = m * Foundation.pow(10, e)
                let a = Foundation.ceil(lo / step - 1e-9)
                let b = Foundation.floor(hi / step + 1e-9)
                let score = abs(b - a + 1 - 6)
                if best == nil || score < best!.score {
                    best = (step, a, b, score)
                }
            }
        }
        let s = best!
        return (lo, hi, linearTicks(from: s.a, to: s.b, step: s.step))
    }

    /// Ticks at i·step for i in a…b (a, b integral).
    static func linearTicks(from a: Double, to b: Double, step: Double) -> [Tick] {
        let ia = Int(a), ib = Int(b)
        guard ia <= ib else { return [] }
        let values = (ia...ib).map { i -> Double in
            let v = Double(i) * step
            return abs(v) < step * 1e-9 ? 0 : v
        }
        let magnitude = values.map { abs($0) }.max() ?? 0
        let stepExponent = Int(Foundation.floor(Foundation.log10(step) + 1e-9))
        let scientific = magnitude >= 1e5 || stepExponent < -3
        return values.map { v in
            Tick(value: v, label: scientific ? sciLabel(v, stepExponent: stepExponent) : fixedLabel(v, decimals: max(0, -stepExponent)), isMajor: true)
        }
    }

    static func fixedLabel(_ v: Double, decimals: Int) -> String {
        if v == 0 { return "0" }
        let s = String(format: "%.\(decimals)f", v)
        return s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(s.dropFirst()) : s
    }

    /// `v` as mantissa·10^e, e.g. `2.5e-4`, with as many mantissa digits as the tick step needs.
    static func sciLabel(_ v: Double, stepExponent: Int) -> String {
        if v == 0 { return "0" }
        let e = Int(Foundation.floor(Foundation.log10(abs(v)) + 1e-9))
        let digits = min(6, max(0, e - stepExponent))
        let raw = String(format: "%.\(digits)e", v)  // e.g. "2.50e-04"
        guard let split = raw.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return raw }
        var mantissa = String(raw[..<split])
        if mantissa.contains(".") {
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
            if mantissa.hasSuffix(".") { mantissa.removeLast() }
        }
        let exponent = Int(raw[raw.index(after: split)...]) ?? 0
        return mantissa + "·10" + PlainMath.unicode("^{\(exponent < 0 ? "−" : "")\(abs(exponent))}")
    }

    // MARK: Log

    static func logLayout(_ values: [Double]) -> (Double, Double, [Tick]) {
        // Domain in decades: the data padded by 4% of its span, or ±1 decade around a single value.
        var a = 0.0, b = 1.0
        if let mn = values.min(), let mx = values.max() {
            let l0 = Foundation.log10(mn), l1 = Foundation.log10(mx)
            if l1 - l0 < 1e-9 {
                (a, b) = (l0 - 1, l1 + 1)
            } else {
                let pad = 0.04 * (l1 - l0)
                (a, b) = (l0 - pad, l1 + pad)
            }
        }
        var ticks = logTicks(a, b)
        // Too few labels (less than a power of ten, or fewer than three labels): widen to whole decades.
        if !ticks.contains(where: { $0.isMajor }) || ticks.filter({ !$0.label.isEmpty }).count < 3 {
            (a, b) = (Foundation.floor(a + 1e-9), Foundation.ceil(b - 1e-9))
            if b <= a { b = a + 1 }
            ticks = logTicks(a, b)
        }
        return (Foundation.pow(10, a), Foundation.pow(10, b), ticks)
    }

    /// Ticks of the log axis from 10^a to 10^b: labelled powers of ten (every k-th decade, so at
    /// most nine labels), minor ticks at 2…9 × 10^e when the axis spans at most six decades, and
    /// labels at 2 and 5 × 10^e as well when it spans at most two and a half.
    static func logTicks(_ a: Double, _ b: Double) -> [Tick] {
        let inside = { (l: Double) in l >= a - 1e-9 && l <= b + 1e-9 }
        let eLo = Int(Foundation.ceil(a - 1e-9)), eHi = Int(Foundation.floor(b + 1e-9))
        var ticks: [Tick] = []
        if eLo <= eHi {
            let k = max(1, (eHi - eLo + 1 + 8) / 9)
            for e in eLo...eHi {
                let labelled = e - floorDiv(e, k) * k == 0
                ticks.append(Tick(value: pow10(e), label: labelled ? PlainMath.powerOfTen(e) : "", isMajor: labelled))
            }
        }
        let span = b - a
        if span <= 6 {
            for e in Int(Foundation.floor(a))...Int(Foundation.ceil(b)) {
                for m in 2...9 {
                    let v = Double(m) * pow10(e)
                    guard inside(Foundation.log10(v)) else { continue }
                    let label = span <= 2.5 && (m == 2 || m == 5) ? PlainMath.powerOfTen(e, mantissa: m) : ""
                    ticks.append(Tick(value: v, label: label, isMajor: false))
                }
            }
        }
        return ticks.sorted { $0.value < $1.value }
    }

    static func pow10(_ e: Int) -> Double {
        Foundation.pow(10, Double(e))
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    // MARK: Symmetric log

    static func symlog(_ v: Double, _ c: Double) -> Double {
        (v < 0 ? -1 : 1) * Foundation.log10(1 + abs(v) / c)
    }

    static func symlogInverse(_ u: Double, _ c: Double) -> Double {
        (u < 0 ? -1 : 1) * c * (Foundation.pow(10, abs(u)) - 1)
    }

    /// A power of ten near the smallest non-zero magnitude, at most 8 decades below the largest.
    static func symlogThreshold(_ values: [Double]) -> Double {
        let mags = values.map(abs).filter { $0 > 0 }
        guard let mx = mags.max(), let mn = mags.min() else { return 1 }
        return pow10(Int(Foundation.floor(Foundation.log10(max(mn, mx * 1e-8)))))
    }

    /// Domain padded by 4% in transformed units; ticks at 0 and ±10^e (every k-th decade, at
    /// most five a side), labelled like the log axis with a minus sign for negatives.
    static func symlogLayout(_ values: [Double], threshold c: Double) -> (Double, Double, [Tick]) {
        guard let mn = values.min(), let mx = values.max() else { return (-1, 1, []) }
        var a = symlog(min(mn, 0), c), b = symlog(max(mx, 0), c)
        if b - a < 1e-9 { (a, b) = (a - 1, b + 1) }
        let pad = 0.04 * (b - a)
        (a, b) = (a - pad, b + pad)
        let lo = symlogInverse(a, c), hi = symlogInverse(b, c)
        let e0 = Int(Foundation.log10(c).rounded())
        let eMax = Int(Foundation.ceil(Foundation.log10(max(abs(lo), abs(hi), c))))
        let k = max(1, (eMax - e0 + 1 + 4) / 5)
        var ticks = [Tick(value: 0, label: "0", isMajor: true)]
        // ±c sit almost on 0 when the axis spans several decades: start a decade above.
        for e in stride(from: eMax - e0 > 3 ? e0 + 1 : e0, through: eMax, by: k) {
            let v = pow10(e), label = PlainMath.powerOfTen(e)
            if v <= hi { ticks.append(Tick(value: v, label: label, isMajor: true)) }
            if -v >= lo { ticks.append(Tick(value: -v, label: "−" + label, isMajor: true)) }
        }
        return (lo, hi, ticks.sorted { $0.value < $1.value })
    }
}
