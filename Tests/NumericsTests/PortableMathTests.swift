import Foundation
import PortableMath
import SeededRandom
import Testing

/// Reference values from Float80 (64-bit significand) libm, rounded to Double.
@Suite("PortableMath against Float80 re-evaluation")
struct PortableMathTests {
    static let points: [Double] = [1e-300, 1e-20, 1e-8, 0.001, 0.1, 0.5, 0.7, 0.999, 1, 1.0000001, 1.5, 2, 3.7, 10, 123.456, 1e10, 1e300]
    static let signed: [Double] = points + points.map { -$0 } + [0, 20, -20, 700, -700, 37.5, -37.5]

    func ulps(_ a: Double, _ exact: Float80) -> Double {
        let e = Double(exact)
        if e == a { return 0 }
        return abs(a - e) / max(e.ulp, Double.leastNormalMagnitude)
    }

    @Test func logIsWithinTwoUlps() {
        for x in Self.points { #expect(ulps(PortableMath.log(x), Foundation.log(Float80(x))) <= 2, "log(\(x))") }
        #expect(PortableMath.log(0) == -.infinity)
        #expect(PortableMath.log(-1).isNaN)
    }

    @Test func expIsWithinTwoUlps() {
        for x in Self.signed where abs(x) < 700 {
            #expect(ulps(PortableMath.exp(x), Foundation.exp(Float80(x))) <= 2, "exp(\(x))")
        }
        #expect(PortableMath.exp(800) == .infinity)
        #expect(PortableMath.exp(-800) == 0)
    }

    @Test func powIsAccurateForTheExponentsWeUse() {
        for (x, y) in [(3000.0, 0.2), (22.36, -0.7), (1e-3, -0.3), (10, -7.5), (2, 10), (0.5, 2.6)] {
            let exact = Foundation.pow(Float80(x), Float80(y))
            // exp(y·log x): the rounding of y·log x is amplified by |y·log x| (the documented bound).
            #expect(ulps(PortableMath.pow(x, y), exact) <= abs(y * Foundation.log(x)) + 4, "pow(\(x), \(y))")
        }
        #expect(PortableMath.pow(0, 2) == 0 && PortableMath.pow(5, 0) == 1 && PortableMath.pow(-1, 0.5).isNaN)
    }

    @Test func expm1Log1pTanhSigmoidAreAccurate() {
        for x in Self.signed where abs(x) < 50 {
            #expect(ulps(PortableMath.expm1(x), Foundation.expm1(Float80(x))) <= 3, "expm1(\(x))")
            #expect(ulps(PortableMath.tanh(x), Foundation.tanh(Float80(x))) <= 4, "tanh(\(x))")
            let s = 1 / (1 + Foundation.exp(-Float80(x)))
            #expect(ulps(PortableMath.sigmoid(x), s) <= 4, "sigmoid(\(x))")
            if x > -1 { #expect(ulps(PortableMath.log1p(x), Foundation.log1p(Float80(x))) <= 3, "log1p(\(x))") }
        }
    }
}

/// The branch-free kernels on dense seeded samples (not only the hand-picked points above):
/// every result within a few ulps of the Float80 value.
@Suite("PortableMath on random points")
struct PortableMathRandomTests {
    func ulps(_ a: Double, _ exact: Float80) -> Double {
        let e = Double(exact)
        if e == a { return 0 }
        return abs(a - e) / max(e.ulp, Double.leastNormalMagnitude)
    }

    @Test("exp, expm1, tanh, sigmoid over their working ranges", arguments: [UInt64(1), 2, 3])
    func randomPoints(seed: UInt64) {
        var rng = SeededSampler(seed: seed)
        var worst = (exp: 0.0, expm1: 0.0, tanh: 0.0, sigmoid: 0.0)
        for _ in 0..<20_000 {
            let wide = -745 + 1454 * rng.uniform()          // exp's whole finite range
            let narrow = -40 + 80 * rng.uniform()           // where tanh and sigmoid are not ±1, 0
            let tiny = (rng.uniform() - 0.5) * 1e-3          // expm1's cancellation zone
            if wide > -708 { worst.exp = max(worst.exp, ulps(PortableMath.exp(wide), Foundation.exp(Float80(wide)))) }
            for x in [narrow, tiny] {
                worst.expm1 = max(worst.expm1, ulps(PortableMath.expm1(x), Foundation.expm1(Float80(x))))
                worst.tanh = max(worst.tanh, ulps(PortableMath.tanh(x), Foundation.tanh(Float80(x))))
                worst.sigmoid = max(worst.sigmoid, ulps(PortableMath.sigmoid(x), 1 / (1 + Foundation.exp(-Float80(x)))))
            }
        }
        #expect(worst.exp <= 2, "exp: \(worst.exp) ulps")
        #expect(worst.expm1 <= 3, "expm1: \(worst.expm1) ulps")
        #expect(worst.tanh <= 4, "tanh: \(worst.tanh) ulps")
        #expect(worst.sigmoid <= 4, "sigmoid: \(worst.sigmoid) ulps")
    }
}
