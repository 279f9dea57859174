/// The constants of rounding-error analysis that the error bounds share.
public enum Rounding {
    /// Unit roundoff u = 2⁻⁵³ (LAPACK's dlamch('E')).
    public static let unitRoundoff = Double.ulpOfOne / 2

    /// γ_k = ku/(1 − ku) (Higham, Accuracy and Stability of Numerical Algorithms, §3.1).
    public static func gamma(_ k: Int) -> Double {
        let ku = Double(k) * unitRoundoff
        return ku / (1 - ku)
    }
}
