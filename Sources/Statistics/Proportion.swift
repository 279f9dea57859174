import Foundation

/// The Wilson score interval for a binomial proportion (E. B. Wilson, "Probable inference, the
/// law of succession, and statistical inference", JASA 22 (1927) 209–212): the set of p whose
/// two-sided normal test at the given level does not reject k successes in n trials. Unlike the
/// Wald interval it stays inside [0, 1] and is not empty at k = 0 or k = n, which is where the
/// findings page needs it (10 of 10 seeds with a counterexample gives [0.72, 1] at 95%).
public struct WilsonInterval: Sendable, Equatable, Codable {
    public var successes: Int
    public var trials: Int
    public var lower: Double
    public var upper: Double

    /// Φ⁻¹(0.975): the interval is two-sided at 95%, the only level the reports state (a fixed
    /// constant, so no platform's erf enters a report).
    public static let z95 = 1.959963984540054

    /// The 95% interval; n = 0 gives [0, 1].
    public init(successes k: Int, trials n: Int) {
        precondition(0 <= k && k <= n)
        successes = k
        trials = n
        guard n > 0 else { lower = 0; upper = 1; return }
        let z = Self.z95, nd = Double(n), ph = Double(k) / nd, z2 = z * z
        let centre = (ph + z2 / (2 * nd)) / (1 + z2 / nd)
        let half = z / (1 + z2 / nd) * (ph * (1 - ph) / nd + z2 / (4 * nd * nd)).squareRoot()
        // At k = 0 and k = n the interval ends exactly at 0 and 1 (rounding would leave ±1e-17).
        lower = k == 0 ? 0 : max(0, centre - half)
        upper = k == n ? 1 : min(1, centre + half)
    }

    /// "[0.72, 1]" style, three significant digits.
    public var text: String {
        "[\(String(format: "%.3g", lower)), \(String(format: "%.3g", upper))]"
    }
}
