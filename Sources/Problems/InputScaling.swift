/// How CSV inputs are scaled before a run (`--normalize`; Proofs/Numerics.md §6).
public enum InputScaling: String, Sendable, Codable, CaseIterable {
    /// Each row divided by its Euclidean norm (the papers' choice: ‖x_j‖ = 1).
    case unitSphere = "unit-sphere"
    /// Each feature shifted and scaled to mean 0 and standard deviation 1 (population sd,
    /// divisor m) computed on the training rows only; the same shift and scale go to the test rows.
    case standardize
    /// The values as in the file.
    case none
}

/// The scalings, written so the same inputs give the same bits on every machine.
public enum Scaling {
    /// Scales v to unit length. The norm is a plain left-to-right sum of squares (not BLAS
    /// `dnrm2`, whose kernel differs between CPUs), so a problem's bits are the same everywhere.
    /// When that sum overflows or falls below 2^−968 (entries near 1e±154 and beyond) the sum is
    /// taken of (x_i/s)² with s = max|x_i| instead, so rows of 1e200 or 1e-200 normalize too;
    /// ordinary rows never reach that branch and keep the plain sum's bits. Returns false for a
    /// zero vector (left unchanged).
    @discardableResult
    public static func normalize(_ v: inout [Double]) -> Bool {
        var s = 0.0
        for x in v { s += x * x }
        if s.isFinite && s >= 0x1p-968 {
            let norm = s.squareRoot()
            for i in v.indices { v[i] /= norm }
            return true
        }
        var scale = 0.0
        for x in v { scale = max(scale, abs(x)) }
        guard scale > 0 && scale.isFinite else { return false }
        var t = 0.0
        for x in v { let y = x / scale; t += y * y }
        // ‖v‖ = scale·√t may overflow for entries near the largest double: divide in two stages.
        let r = t.squareRoot()
        for i in v.indices { v[i] = (v[i] / scale) / r }
        return true
    }

    /// Per-column mean and population standard deviation of `rows` (overflow-safe: the
    /// deviations are scaled by their largest magnitude before squaring).
    public static func moments(_ rows: [[Double]], column k: Int) -> (mean: Double, sd: Double) {
        let m = Double(rows.count)
        // A column whose entries are all equal is constant: sd 0 exactly (Σ(x/m) need not round back to x).
        if let first = rows.first?[k], rows.allSatisfy({ $0[k] == first }) { return (first, 0) }
        // Mean as Σ(x/m): no overflow for entries up to the largest double.
        var mean = 0.0
        for r in rows { mean += r[k] / m }
        var scale = 0.0
        for r in rows { scale = max(scale, abs(r[k] - mean)) }
        guard scale > 0 && scale.isFinite else { return (mean, scale.isFinite ? 0 : .infinity) }
        var t = 0.0
        for r in rows { let y = (r[k] - mean) / scale; t += y * y }
        return (mean, scale * (t / m).squareRoot())
    }
}
