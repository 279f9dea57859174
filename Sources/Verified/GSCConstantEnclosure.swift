import Intervals
import Regularizers

/// The GSC constants of 000 as exact reals: ν is the decimal the paper states (2.6 = 13/5, not
/// the double nearest it), so every constant built from it is enclosed, not rounded.
public enum GSCConstantEnclosure {
    /// ν as the paper's decimal: a non-integer double is widened by one ulp each side.
    public static func nu(_ nu: Double) -> Interval {
        nu == nu.rounded() ? Interval(nu) : Interval(nu.nextDown, nu.nextUp)
    }

    /// x^y for x > 0 and an interval exponent, as exp(y·log x).
    public static func pow(_ x: Interval, _ y: Interval) -> Interval {
        if y.lo == y.hi { return x.pow(y.lo) }
        return (y * x.log).exp
    }

    /// M of ḡ by the claimed rule `GSCConstants.claimedMg`: p^{(3−ν)/2} μ^{ν/2−2} M_h (ν ≤ 3).
    public static func claimedMg(penalty: ScalarPenalty, parameterCount p: Int) -> Interval {
        let (mH, nuD) = penalty.claimedGSC
        let nu = Self.nu(nuD)
        let mu = Interval(penalty.mu ?? 1)
        let pFactor = nuD <= 3 ? pow(Interval(Double(p)), (Interval(3) - nu) / Interval(2)) : Interval(1)
        return pFactor * pow(mu, nu / Interval(2) - Interval(2)) * Interval(mH)
    }

    /// M of g = τḡ: τ^{1−ν/2} times that of ḡ.
    public static func scaled(_ mBar: Interval, tau: Double, nu nuD: Double) -> Interval {
        pow(Interval(tau), Interval(1) - nu(nuD) / Interval(2)) * mBar
    }
}
