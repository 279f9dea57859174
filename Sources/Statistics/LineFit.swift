import Foundation

/// A least-squares line y = a + b·x with the two-sided Student-t confidence interval of the
/// slope (Proofs/Numerics.md §4). The one line fit of the project: slopes of log-log sweeps
/// (002's Ĉ against the width, 003's iteration counts against the conditioning, 000's
/// zero-damping gaps against the width) and 004's decay exponents all come from here.
public struct LineFit: Sendable, Equatable, Codable {
    public var intercept: Double
    public var slope: Double
    /// t_{(1+c)/2, k−2}·se(b) at confidence c; +∞ with fewer than 3 points (no interval exists).
    public var halfWidth: Double
    public var points: Int
    public var lower: Double { slope - halfWidth }
    public var upper: Double { slope + halfWidth }

    public init(intercept: Double, slope: Double, halfWidth: Double, points: Int) {
        self.intercept = intercept
        self.slope = slope
        self.halfWidth = halfWidth
        self.points = points
    }

    /// The fit of `y` on `x` (equal lengths, at least 2 points with distinct x for a finite slope;
    /// otherwise the slope is NaN).
    public static func leastSquares(x: [Double], y: [Double], confidence: Double = 0.95) -> LineFit {
        precondition(x.count == y.count)
        let k = x.count
        let (a, b, sxx) = centredLine(x, y)
        guard k >= 3, sxx > 0 else { return LineFit(intercept: a, slope: b, halfWidth: .infinity, points: k) }
        var sse = 0.0
        for i in 0..<k { let r = y[i] - a - b * x[i]; sse += r * r }
        let se = (sse / Double(k - 2) / sxx).squareRoot()
        let t = StudentT.quantile(0.5 + confidence / 2, degreesOfFreedom: k - 2)
        return LineFit(intercept: a, slope: b, halfWidth: t * se, points: k)
    }

    /// The slope alone (no interval), NaN when the x are all equal or fewer than 2.
    public static func slope(x: [Double], y: [Double]) -> Double {
        let (_, b, sxx) = centredLine(x, y)
        return sxx > 0 ? b : .nan
    }

    /// Intercept, slope and Σ(x − x̄)², from the centred sums.
    static func centredLine(_ x: [Double], _ y: [Double]) -> (Double, Double, Double) {
        let k = Double(x.count)
        let mx = x.reduce(0, +) / k, my = y.reduce(0, +) / k
        var sxx = 0.0, sxy = 0.0
        for i in x.indices { sxx += (x[i] - mx) * (x[i] - mx); sxy += (x[i] - mx) * (y[i] - my) }
        let b = sxy / sxx
        return (my - b * mx, b, sxx)
    }
}

/// The upper envelope E_i = max_{j ≥ i} v_j of a sequence (for decay rates of oscillating losses).
public func upperEnvelope(_ v: [Double]) -> [Double] {
    var env = v
    if env.count >= 2 { for i in stride(from: env.count - 2, through: 0, by: -1) { env[i] = max(env[i], env[i + 1]) } }
    return env
}

/// Spearman's rank correlation of two equally long samples (ties broken by order).
public func spearman(_ x: [Double], _ y: [Double]) -> Double {
    func ranks(_ v: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: v.count)
        for (rank, i) in v.indices.sorted(by: { v[$0] < v[$1] }).enumerated() { r[i] = Double(rank) }
        return r
    }
    let rx = ranks(x), ry = ranks(y)
    let n = Double(x.count)
    let d2 = zip(rx, ry).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    return 1 - 6 * d2 / (n * (n * n - 1))
}
