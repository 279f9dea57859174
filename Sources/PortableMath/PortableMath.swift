/// Elementary functions computed with IEEE-754 `+ − × ÷` only, so they give the same bits on
/// every machine (the platform `libm` is allowed to differ in the last place between
/// versions and CPUs). Accuracy is a few ulps, checked against Float80 in the tests.
///
/// Used wherever a number must be reproducible bit for bit: the normal sampler, and the
/// activations of the network (so a seeded trajectory does not depend on `libm`).
public enum PortableMath {
    static let ln2Hi = 6.93147180369123816490e-01  // high bits of ln 2, exact product with small k
    static let ln2Lo = 1.90821492927058770002e-10
    static let invLn2 = 1.44269504088896338700e+00
    static let sqrtHalf = 0.70710678118654752440

    /// x·2^k by exponent arithmetic (exact while the result is normal).
    @inlinable
    static func scaleB(_ x: Double, _ k: Int) -> Double {
        var y = x
        var k = k
        // Apply in chunks so intermediate powers stay representable.
        while k > 1000 { y *= Double(sign: .plus, exponent: 1000, significand: 1); k -= 1000 }
        while k < -1000 { y *= Double(sign: .plus, exponent: -1000, significand: 1); k += 1000 }
        return y * Double(sign: .plus, exponent: k, significand: 1)
    }

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

    /// Exponential. Overflows to ∞ above ~709.78 and underflows to 0 below ~−745.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        // x = k·ln2 + r, |r| ≤ ln2/2; e^r by its Taylor series to degree 15 (error < 1e-18).
        let k = (x * invLn2).rounded(.toNearestOrEven)
        let r = (x - k * ln2Hi) - k * ln2Lo
        let er = expTaylor(r)
        return scaleB(er, Int(k))
    }

    @inlinable
    static func expTaylor(_ r: Double) -> Double {
        // Σ_{k≤17} r^k/k! by Horner from the top; the coefficients are literals (1/k! rounded
        // to Double), so there is no division and no table look-up in the hot loop.
        var s = 2.8114572543455206e-15
        s = s * r + 4.779477332387385e-14
        s = s * r + 7.647163731819816e-13
        s = s * r + 1.1470745597729725e-11
        s = s * r + 1.6059043836821613e-10
        s = s * r + 2.08767569878681e-09
        s = s * r + 2.505210838544172e-08
        s = s * r + 2.755731922398589e-07
        s = s * r + 2.7557319223985893e-06
        s = s * r + 2.48015873015873e-05
        s = s * r + 0.0001984126984126984
        s = s * r + 0.001388888888888889
        s = s * r + 0.008333333333333333
        s = s * r + 0.041666666666666664
        s = s * r + 0.16666666666666666
        s = s * r + 0.5
        s = s * r + 1.0
        s = s * r + 1.0
        return s
    }

    /// e^x − 1, accurate near 0.
    public static func expm1(_ x: Double) -> Double {
        if abs(x) < 1 {  // x·(1 + x/2·(1 + x/3·(…))) by Horner: no cancellation, 1/22! < 1e-21
            var sum = 1.0
            for i in stride(from: 22, through: 2, by: -1) { sum = 1 + sum * x / Double(i) }
            return x * sum
        }
        return exp(x) - 1
    }

    /// log(1 + x), accurate near 0 (Goldberg's correction of log(1+x)).
    public static func log1p(_ x: Double) -> Double {
        if x.isNaN || x < -1 { return .nan }
        let u = 1 + x
        if u == 1 { return x }
        return log(u) * (x / (u - 1))
    }

    /// Hyperbolic tangent, without cancellation near 0.
    public static func tanh(_ x: Double) -> Double {
        let a = abs(x)
        if a > 22 { return x > 0 ? 1 : -1 }
        let t = expm1(-2 * a)          // in (−1, 0]
        let r = -t / (2 + t)
        return x < 0 ? -r : r
    }

    /// The logistic function 1/(1 + e^{−x}), stable for both signs.
    public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
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
