import Foundation
import SeededRandom
import Statistics
import Testing

/// The statistics every slope verdict rests on, against tabulated values and constructed data.
@Suite("Statistics: t quantiles, line fits, ranks")
struct StatisticsTests {
    /// t_{0.975, ν} to 6 decimals (standard tables), including ν = 1 and 2 (closed forms 12.7062047…, 4.3026527…).
    @Test("Student-t 97.5% quantiles against tables", arguments: [(1, 12.706205), (2, 4.302653), (3, 3.182446), (5, 2.570582), (10, 2.228139), (30, 2.042272), (100, 1.983972)])
    func quantiles(_ c: (Int, Double)) {
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: c.0) - c.1) < 2e-6)
    }

    @Test("t with one degree of freedom is Cauchy: F(t) = ½ + atan(t)/π")
    func cauchy() {
        for t in [0.1, 1, 3, 30] { #expect(abs(StudentT.cdf(t, degreesOfFreedom: 1) - (0.5 + atan(t) / Double.pi)) < 1e-10) }
    }

    @Test("an exact line is recovered with a zero-width interval; noise gives an interval covering the slope")
    func lineFit() {
        let x = (0..<8).map(Double.init)
        let exact = LineFit.leastSquares(x: x, y: x.map { 3 - 0.5 * $0 })
        #expect(abs(exact.slope + 0.5) < 1e-14 && abs(exact.intercept - 3) < 1e-13 && exact.halfWidth < 1e-13)
        var rng = SeededSampler(seed: 3)
        let noisy = LineFit.leastSquares(x: x, y: x.map { 1 + 2 * $0 + 0.1 * rng.normal() })
        #expect(noisy.lower < 2 && 2 < noisy.upper && noisy.points == 8)
        #expect(LineFit.leastSquares(x: [1, 2], y: [1, 3]).halfWidth == .infinity)
        #expect(LineFit.slope(x: [1, 1, 1], y: [1, 2, 3]).isNaN)
    }

    @Test("Spearman's ρ on known orderings; the upper envelope is the suffix maximum")
    func ranks() {
        #expect(spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1)
        #expect(spearman([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
        #expect(abs(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) - 0.8) <= 1e-15)
        #expect(upperEnvelope([3, 1, 2, 0.5, 1]) == [3, 2, 2, 1, 1])
    }

    /// Wilson's 95% interval against tabulated values (Newcombe, Stat. Med. 17 (1998) 857, table
    /// I: 0/10 → [0, 0.2775], 10/10 → [0.7225, 1]; 5/10 → [0.2366, 0.7634]) and against its
    /// definition: at each end p the score statistic |p̂ − p|/√(p(1 − p)/n) equals z.
    @Test("Wilson score interval: tabulated ends, and the score statistic is z at each end")
    func wilson() {
        for (k, n, lo, hi) in [(0, 10, 0.0, 0.2775), (10, 10, 0.7225, 1.0), (5, 10, 0.2366, 0.7634), (1, 29, 0.0061, 0.1718)] {
            let w = WilsonInterval(successes: k, trials: n)
            #expect(abs(w.lower - lo) < 1e-4 && abs(w.upper - hi) < 1e-4, "\(k)/\(n): [\(w.lower), \(w.upper)]")
            let ph = Double(k) / Double(n)
            for p in [w.lower, w.upper] where p > 0 && p < 1 {
                let score = abs(ph - p) / (p * (1 - p) / Double(n)).squareRoot()
                #expect(abs(score - WilsonInterval.z95) < 1e-9, "score \(score) at p = \(p)")
            }
        }
        #expect(WilsonInterval(successes: 0, trials: 0).lower == 0 && WilsonInterval(successes: 0, trials: 0).upper == 1)
        #expect(WilsonInterval(successes: 10, trials: 10).text == "[0.722, 1]")
    }
}
