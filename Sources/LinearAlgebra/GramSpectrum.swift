/// The extreme eigenvalues of the Gram matrix G = JJᵀ of a computed m×p matrix J, with one
/// error model used by every study that reads λ_min or λ_max of a Gram or NTK matrix
/// (Proofs/Numerics.md §2.3). By Weyl, |λ_i(fl(JJᵀ)) − λ_i(JJᵀ)| ≤ ‖fl(JJᵀ) − JJᵀ‖₂, split into:
/// - `syrkError`: dsyrk's rounding, γ_{p+2}‖J‖_F² plus m·p·2⁻¹⁰⁷⁵ for products that underflow
///   (rigorous under IEEE double, round to nearest, any summation order; Higham §3.1), or, for a
///   Gram formed without J (`structuredGramSpectrum`), the bound on its formation;
/// - `inputError`: 2δ‖J‖_F + δ² from a bound δ ≥ ‖J − J_exact‖_F on J's own error, when given;
/// - `eigenError`: dsyevd's error, n²u‖G‖_F, our *reading* of LAPACK's unspecified "modestly
///   growing function" p(n) = n² — an estimate, not a theorem.
/// So the interval is estimated only in the sense "rigorous up to the eigensolver's constant".
public struct GramSpectrum: Sendable, Equatable, Codable {
    public var lambdaMin: Double
    public var lambdaMax: Double
    /// tr(fl(JJᵀ)) = ‖J‖_F² as computed.
    public var trace: Double
    public var syrkError: Double
    public var inputError: Double
    public var eigenError: Double

    public var errorBound: Double { syrkError + inputError + eigenError }
    /// λ_min − error bound: > 0 means λ_min(JJᵀ) > 0 up to the eigensolver's constant.
    public var lowerMin: Double { lambdaMin - errorBound }
    public var positive: Bool { lowerMin > 0 }

    public init(lambdaMin: Double, lambdaMax: Double, trace: Double, syrkError: Double, inputError: Double, eigenError: Double) {
        self.lambdaMin = lambdaMin
        self.lambdaMax = lambdaMax
        self.trace = trace
        self.syrkError = syrkError
        self.inputError = inputError
        self.eigenError = eigenError
    }
}

extension Spectral {
    /// The extreme eigenvalues of JJᵀ (m×m, `dsyrk` + `dsyevd`; JᵀJ when `transposed`) with
    /// their error bound; `inputErrorF` bounds ‖J − J_exact‖_F where J is itself computed (0:
    /// the bound covers the Gram matrix's formation and eigenvalues only).
    public static func gramSpectrum(_ j: Matrix, transposed: Bool = false, inputErrorF: Double = 0) throws -> GramSpectrum {
        let g = Matrix.gram(j, transpose: transposed)
        let values = try symmetricEigenvalues(g)
        let m = g.rows, p = transposed ? j.rows : j.cols
        var sumSq = 0.0
        for x in j.storage { sumSq += x * x }
        // The computed sum of m·p squares underestimates ‖J‖_F² by at most a factor (1 − γ_{mp+1}).
        let fro2 = sumSq / (1 - Rounding.gamma(m * p + 1))
        var tr = 0.0
        for i in 0..<g.rows { tr += g[i, i] }
        let underflow = Double(m) * Double(p) * Double.leastNonzeroMagnitude
        let syrk = Rounding.gamma(p + 2) * fro2 + underflow
        let input = 2 * inputErrorF * fro2.squareRoot() + inputErrorF * inputErrorF
        return GramSpectrum(lambdaMin: values.first ?? .nan, lambdaMax: values.last ?? .nan, trace: tr,
                            syrkError: syrk, inputError: input, eigenError: symmetricEigenvalueErrorBound(g))
    }

    /// The same error model for a Gram matrix Ĝ formed without J (the network's structured Gram
    /// JJᵀ = (AAᵀ)∘(XXᵀ) + BBᵀ): `formationError` bounds ‖Ĝ − J_cJ_cᵀ‖₂ and takes the place of
    /// dsyrk's term, `frobeniusSquared` bounds ‖J_c‖_F² (Proofs/Numerics.md §2.5).
    public static func structuredGramSpectrum(_ g: Matrix, formationError: Double, frobeniusSquared fro2: Double,
                                              inputErrorF: Double = 0) throws -> GramSpectrum {
        let values = try symmetricEigenvalues(g)
        var tr = 0.0
        for i in 0..<g.rows { tr += g[i, i] }
        let input = 2 * inputErrorF * fro2.squareRoot() + inputErrorF * inputErrorF
        return GramSpectrum(lambdaMin: values.first ?? .nan, lambdaMax: values.last ?? .nan, trace: tr,
                            syrkError: formationError, inputError: input, eigenError: symmetricEigenvalueErrorBound(g))
    }
}
