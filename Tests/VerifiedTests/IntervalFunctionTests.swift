import Foundation
import Intervals
import SeededRandom
import Testing

/// The activation enclosures against Float80 at adversarial and random points.
@Suite struct IntervalFunctionTests {
    static let siluMin = -1.2784645
    /// ±0, subnormals, tiny, the SiLU minimum and SiLU' extrema, moderate, overflow thresholds, huge.
    static let adversarial: [Double] = {
        let base: [Double] = [0, .leastNonzeroMagnitude, 3 * .leastNonzeroMagnitude, 1e-310, .leastNormalMagnitude, 1e-300,
                              1e-20, 1e-8, 1e-5, 0.1, 0.5, 1, 1.2784645, 1.2784645427610738, 2.3993572805154677, 3,
                              20, 40, 50, 354.5, 700, 709.78, 710, 745, 745.2, 746, 800, 1e4, 1e308, .greatestFiniteMagnitude]
        return base + base.map { -$0 }
    }()

    /// Interior points of [a, b] at which to evaluate the reference: ends, 64 evenly spread,
    /// and every critical point (SiLU minimum, SiLU' extrema, 0) that lies inside.
    static func samples(_ a: Double, _ b: Double) -> [Double] {
        var s = [a, b] + (1..<64).map { a + (b - a) * Double($0) / 64 }
        for c in [-1.2784645427610738, 2.3993572805154677, -2.3993572805154677, 0] where a <= c && c <= b { s.append(c) }
        return s.filter { $0.isFinite && a <= $0 && $0 <= b }
    }

    static func check(_ f: Function, _ a: Double, _ b: Double) {
        let e = f.interval(Interval(a, b))
        #expect(!e.lo.isNaN && !e.hi.isNaN && e.lo <= e.hi, "\(f) [\(a), \(b)] gave \(e)")
        for x in samples(a, b) {
            let r = f.reference(Float80(x))
            #expect(e.contains80(r), "\(f) over [\(a), \(b)] = \(e) misses f(\(x)) = \(r)")
        }
    }

    @Test("thin and wide intervals at adversarial points contain the Float80 value", arguments: Function.all)
    func adversarialPoints(_ f: Function) {
        for x in Self.adversarial {
            Self.check(f, x, x)
            for w in [1e-12, 1e-6, 1e-2] where x.isFinite && abs(x) < 1e300 {
                let r = max(abs(x) * w, w)
                Self.check(f, x - r, x + r)
            }
            for w in [0.5, 3, 30] where abs(x) < 1e300 { Self.check(f, x - w, x + w) }
        }
    }

    @Test("intervals across the critical points: the SiLU minimum and the SiLU' extrema are inside", arguments: Function.all)
    func nonMonotone(_ f: Function) {
        for (a, b) in [(-2.0, -0.5), (-1.3, -1.27), (-1.2784645428, -1.2784645427), (1.0, 3.0), (-3.0, -2.0),
                       (2.39935728, 2.39935729), (-10.0, 10.0), (-1.2784645427610738, -1.2784645427610738)] {
            Self.check(f, a, b)
        }
    }

    @Test("random intervals from a seeded generator", arguments: Function.all)
    func randomIntervals(_ f: Function) {
        var rng = SeededSampler(seed: 20_251_207)
        for _ in 0..<400 {
            let scale = Foundation.pow(10, rng.uniform(-6, 2.5))
            let c = rng.uniform(-1, 1) * scale, w = rng.uniform() * scale * 0.3
            Self.check(f, c - w, c + w)
            // A thin point anywhere in the double range (random sign and exponent).
            let x = (rng.uniform() < 0.5 ? -1 : 1) * rng.uniform(1, 2) * Foundation.pow(2, rng.uniform(-1074, 1023).rounded())
            Self.check(f, x, x)
        }
    }

    @Test("thin enclosures are useful: width ≤ 1e-10 relative for |x| ≤ 40", arguments: Function.all)
    func thinWidth(_ f: Function) {
        var pts = Self.adversarial.filter { abs($0) <= 40 && ($0 == 0 || abs($0) >= 1e-300) }
        var rng = SeededSampler(seed: 99)
        pts += (0..<500).map { _ in rng.uniform(-40, 40) }
        for x in pts {
            // silu' vanishes at x* ≈ −1.2785, where only an absolute width is meaningful.
            if f.name == "silu'" && abs(x + 1.2784645427610738) < 1e-3 { continue }
            if f.name == "relu'" && x == 0 { continue }   // [0, 1] by design
            let e = f.interval(Interval(x)), r = abs(Double(f.reference(Float80(x))))
            #expect(e.width <= 1e-10 * r, "\(f)(\(x)): width \(e.width) for value \(r)")
        }
    }

    @Test("never NaN; σ ∈ [0, 1], sech² ∈ [0, 1], softplus ≥ 0 and e^x-type results ≥ 0 at extremes")
    func rangesAtExtremes() {
        for x in Self.adversarial {
            let t = Interval(x)
            for f in Function.all { let e = f.interval(t); #expect(!e.lo.isNaN && !e.hi.isNaN, "\(f)(\(x))") }
            #expect(t.sigmoid.lo >= 0 && t.sigmoid.hi <= 1)
            #expect(t.tanhDerivative.lo >= 0 && t.tanhDerivative.hi <= 1)
            #expect(t.softplus.lo >= 0)
            #expect(t.tanh.lo >= -1 && t.tanh.hi <= 1)
        }
        #expect(Interval(-1e4).sigmoid.lo >= 0 && Interval(-1e4).sigmoid.hi > 0)
    }

    @Test("relu' at 0 holds both one-sided values; relu is exact")
    func reluStep() {
        #expect(Interval(0).reluDerivative == Interval(0, 1))
        #expect(Interval(-1e-300, 1e-300).reluDerivative == Interval(0, 1))
        #expect(Interval(-2, -1).reluDerivative == Interval(0))
        #expect(Interval(1e-300, 2).reluDerivative == Interval(1))
        #expect(Interval(-3, 2).relu == Interval(0, 2))
    }

    @Test("expm1 and log1p point enclosures contain Float80 values")
    func expm1Log1p() {
        var rng = SeededSampler(seed: 5)
        for _ in 0..<2000 {
            let y = rng.uniform(-1, 1) * Foundation.pow(10, rng.uniform(-300, 0))
            #expect(Interval.expm1Point(y).contains80(Foundation.expm1(Float80(y))), "expm1(\(y))")
            let z = abs(y)
            #expect(Interval.log1pPoint(z).contains80(Foundation.log1p(Float80(z))), "log1p(\(z))")
            // Taylor (no PortableMath) for |y| ≤ ½, exp(y) − 1 with the 2⁻⁴⁰ slack beyond.
            #expect(Interval.expm1Point(y).width <= (abs(y) <= 0.5 ? 1e-14 : 1e-11) * abs(y), "expm1(\(y)) width")
        }
    }

    @Test("the critical-point brackets contain the Float80 roots of silu' and silu''")
    func criticalBrackets() {
        // Newton in Float80 on h(x) = 1 + x σ(−x) and g(x) = 2 − x tanh(x/2).
        var x: Float80 = -1.3, c: Float80 = 2.4
        for _ in 0..<60 {
            let h = 1 + x * Ref80.sigmoid(-x), dh = Ref80.sigmoid(-x) * (1 - x * Ref80.sigmoid(x))
            x -= h / dh
            let t = Foundation.tanh(c / 2), g = 2 - c * t, dg = -t - c / 2 * (1 - t * t)
            c -= g / dg
        }
        #expect(Interval.siluMinimum.bracket.contains80(x))
        #expect(Interval.siluMinimum.value.contains80(Ref80.silu(x)))
        #expect(Interval.siluMinimum.value.width < 1e-12)   // the 2⁻⁴⁰ slack of exp, not the 1e-9 bracket
        let ext = Interval.siluDerivativeExtrema
        #expect(ext[0].bracket.contains80(c) && ext[1].bracket.contains80(-c))
        #expect(ext[0].value.contains80(Ref80.siluDerivative(c)) && ext[1].value.contains80(Ref80.siluDerivative(-c)))
    }
}
