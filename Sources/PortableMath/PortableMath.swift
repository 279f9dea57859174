/// Elementary functions computed with IEEE-754 `+ − × ÷` only, so they give the same bits on
/// every machine (the platform `libm` is allowed to differ in the last place between
/// versions and CPUs). Accuracy is a few ulps, checked against Float80 in the tests.
///
/// Used wherever a number must be reproducible bit for bit: the normal sampler, and the
/// activations of the network (so a seeded trajectory does not depend on `libm`).
public enum PortableMath {
    @usableFromInline static let ln2Hi = 6.93147180369123816490e-01  // high bits of ln 2, exact product with |k| < 2²⁰
    @usableFromInline static let ln2Lo = 1.90821492927058770002e-10
    @usableFromInline static let invLn2 = 1.44269504088896338700e+00
    static let sqrtHalf = 0.70710678118654752440

    /// Natural logarithm. log(0) = −∞, log(x<0) = NaN, log(∞) = ∞.
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return .infinity }
        // x = f·2^k with f in [1, 2), then move f into [√½, √2).
        var k = Int(x.exponent)
        var f = x.significand
        if f > 2 * sqrtHalf { f *= 0.5; k += 1 }
        // log f = 2·atanh(s), s = (f−1)/(f+1), |s| ≤ 0.1716; 12 odd terms reach < 1e-17.
        let s = (f - 1) / (f + 1)
        let s2 = s * s
        var poly = 1.0 / 25.0
        var n = 23.0
        while n >= 1 {
            poly = poly * s2 + 1.0 / n
            n -= 2
        }
        let logf = 2 * s * poly
        let kd = Double(k)
        return (kd * ln2Hi + (kd * ln2Lo + logf))
    }

    /// 1.5·2⁵²: adding it to |y| < 2⁵¹ rounds y to the nearest integer (ties to even) and leaves
    /// that integer in the low bits of the sum's bit pattern (no Double→Int conversion, which
    /// AVX2 cannot vectorize).
    @usableFromInline static let roundShifter = 6755399441055744.0

    /// 2^k for an integral k ∈ [−1022, 1023] held as a Double, by writing the exponent field.
    @inlinable @inline(__always)
    static func powerOfTwo(_ k: Double) -> Double {
        let bits = (k + roundShifter).bitPattern
        return Double(bitPattern: (bits &+ 1023) &<< 52)
    }

    /// (e^r − 1 − r − r²/2)/r³ for |r| ≤ ln2/2: the Taylor tail 1/3! + r/4! + … + r¹⁰/13!,
    /// its upper terms in Estrin's scheme (short dependency chains); the truncation error
    /// r¹⁴/14! < 5e-18 is far below an ulp.
    @inlinable @inline(__always)
    static func expTail(_ r: Double) -> Double {
        let r2 = r * r, r4 = r2 * r2
        let a = 0.16666666666666666 + r * 0.041666666666666664
        let b = 0.008333333333333333 + r * 0.001388888888888889
        let c = 0.0001984126984126984 + r * 2.48015873015873e-05
        let d = 2.7557319223985893e-06 + r * 2.755731922398589e-07
        let e = 2.505210838544172e-08 + r * 2.08767569878681e-09
        let f = 1.6059043836821613e-10
        let ab = a + r2 * b, cd = c + r2 * d, ef = e + r2 * f
        return ab + r4 * (cd + r4 * ef)
    }

    /// Exponential. Overflows to ∞ above ~709.78 and underflows to 0 below ~−745.13.
    /// Branch-free (a select clamps x), so loops over arrays vectorize: x = k·ln2 + r with
    /// |r| ≤ ln2/2, e^r = 1 + r + r²/2 + r³·tail(r) by Horner in the low terms, and
    /// 2^k applied as two exact powers of two so that subnormal results round once.
    @inlinable @inline(__always)
    public static func exp(_ x: Double) -> Double {
        let xc = x < -745.2 ? -745.2 : (x > 709.8 ? 709.8 : x)   // NaN passes through
        let k = (xc * invLn2 + roundShifter) - roundShifter
        let r = (xc - k * ln2Hi) - k * ln2Lo
        let er = 1 + r * (1 + r * (0.5 + r * expTail(r)))
        let k1 = (k * 0.5 + roundShifter) - roundShifter
        return er * powerOfTwo(k1) * powerOfTwo(k - k1)
    }

    /// e^x − 1, accurate near 0 and branch-free: with x = k·ln2 + r, e^x − 1 = 2^k(e^r − 1) + (2^k − 1),
    /// where e^r − 1 = r + r²/2 + r³·tail(r) carries no cancellation; for k > 52 the −1 is below
    /// an ulp and e^x is formed as in `exp` (so 2^k never overflows on its own).
    @inlinable @inline(__always)
    public static func expm1(_ x: Double) -> Double {
        let xc = x < -60 ? -60 : (x > 709.8 ? 709.8 : x)
        let k = (xc * invLn2 + roundShifter) - roundShifter
        let r = (xc - k * ln2Hi) - k * ln2Lo
        let em1r = r + r * r * (0.5 + r * expTail(r))
        let kSmall = k > 52 ? 52 : k
        let s = powerOfTwo(kSmall)
        let small = s * em1r + (s - 1)
        let k1 = (k * 0.5 + roundShifter) - roundShifter
        let large = (em1r + 1) * powerOfTwo(k1) * powerOfTwo(k - k1)
        return k > 52 ? large : small
    }

    /// log(1 + x), accurate near 0 (Goldberg's correction of log(1+x)).
    public static func log1p(_ x: Double) -> Double {
        if x.isNaN || x < -1 { return .nan }
        let u = 1 + x
        if u == 1 { return x }
        return log(u) * (x / (u - 1))
    }

    /// Hyperbolic tangent, without cancellation near 0: tanh|x| = −t/(2 + t) with t = e^{−2|x|} − 1.
    /// Branch-free (|x| > 22 gives t = −1 and so ±1 exactly).
    @inlinable @inline(__always)
    public static func tanh(_ x: Double) -> Double {
        let t = expm1(-2 * abs(x))          // in [−1, 0]
        let r = -t / (2 + t)
        return x < 0 ? -r : r
    }

    /// The logistic function 1/(1 + e^{−x}), stable for both signs and branch-free:
    /// with e = e^{−|x|}, it is 1/(1 + e) for x ≥ 0 and e/(1 + e) below.
    @inlinable @inline(__always)
    public static func sigmoid(_ x: Double) -> Double {
        let e = exp(-abs(x))
        return (x >= 0 ? 1 : e) / (1 + e)
    }

    /// x^y for x > 0 as exp(y·log x) (error ≈ (|y log x| + 2) ulps); x = 0 gives 0 for y > 0.
    public static func pow(_ x: Double, _ y: Double) -> Double {
        if x == 0 { return y > 0 ? 0 : (y == 0 ? 1 : .infinity) }
        if x < 0 || x.isNaN || y.isNaN { return .nan }
        if y == 0 || x == 1 { return 1 }
        return exp(y * log(x))
    }

    /// Square root is correctly rounded by IEEE-754, so the hardware one is portable.
    @inlinable public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
}
