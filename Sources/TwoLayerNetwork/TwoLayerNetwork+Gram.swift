import LinearAlgebra

/// JJᵀ computed from the network's structure, with a rigorous bound on its rounding error.
public struct JacobianGram: Sendable {
    /// Ĝ ≈ J Jᵀ (m×m, both triangles filled).
    public var gram: Matrix
    /// A rigorous bound on ‖Ĝ − J_c J_cᵀ‖₂, where J_c is the Jacobian `outputsAndJacobian`
    /// returns at the same θ (Proofs/Numerics.md §2).
    public var errorBound: Double
}

extension TwoLayerNetwork {
    /// Neurons per block of the structured Gram (two m×block scratch arrays).
    public static let gramNeuronBlock = 512

    /// J Jᵀ without reading J. Row j of J is (κ v_i ϱ'(z_ji) x_j, κ ϱ(z_ji))_{i ≤ n}, so
    /// J Jᵀ = (A Aᵀ) ∘ (X Xᵀ) + B Bᵀ with A = ϱ'(Z)·diag(κ v) and B = κ ϱ(Z) (m×n each):
    /// two `dsyrk`s of 2·m²n flops in all instead of the m²p = m²n(n0+1) of J Jᵀ. A and B are
    /// the very numbers `fillJacobian` multiplies by x_jk and stores, so the error bound below
    /// is against the Jacobian the step uses (Proofs/Numerics.md §2).
    public func jacobianGram(theta: [Double], inputs x: Matrix) -> JacobianGram {
        let z = preactivations(theta: theta, inputs: x)
        let m = x.rows, n = width
        var aat = Matrix(rows: m, cols: m), bbt = Matrix(rows: m, cols: m)
        forEachNeuronBlock(z, .valueAndFirst, blockSize: Self.gramNeuronBlock) { i0, count, b, a in
            for c in 0..<count {
                let kv = kappa * theta[indexV(i0 + c)]
                let ac = a + c * m, bc = b + c * m
                for r in 0..<m { ac[r] *= kv }
                for r in 0..<m { bc[r] = kappa * bc[r] }
            }
            let beta: Double = i0 == 0 ? 0 : 1
            Matrix.rankKUpdateLower(&aat, a: a, inner: count, lda: m, beta: beta)
            Matrix.rankKUpdateLower(&bbt, a: b, inner: count, lda: m, beta: beta)
        }
        let xxt = Matrix.gram(x)
        var g = Matrix(rows: m, cols: m)
        var trace = 0.0
        g.storage.withUnsafeMutableBufferPointer { gp in
            aat.storage.withUnsafeBufferPointer { ap in
                bbt.storage.withUnsafeBufferPointer { bp in
                    xxt.storage.withUnsafeBufferPointer { xp in
                        for c in 0..<m {
                            for r in c..<m { gp[r + c * m] = ap[r + c * m] * xp[r + c * m] + bp[r + c * m] }
                            trace += gp[c + c * m]
                        }
                    }
                }
            }
        }
        g.symmetrizeFromLower()
        // |Ĝ − (A∘x)(A∘x)ᵀ − BBᵀ| ≤ γ_{n+n0+2}|J_e||J_e|ᵀ entrywise (two dot products, one product,
        // one sum), J_c = J_e(1 + δ) with |δ| ≤ u adds γ_2; ‖|J_e||J_e|ᵀ‖₂ ≤ ‖J_e‖_F² = tr(J_e J_eᵀ),
        // and the computed diagonal (sums of non-negative terms) and trace underestimate it by
        // at most the factors below.
        let k = n + inputDimension
        let bound = Rounding.gamma(k + 4) * trace / ((1 - Rounding.gamma(m)) * (1 - Rounding.gamma(k + 2)))
        return JacobianGram(gram: g, errorBound: bound * (1 + 8 * Rounding.unitRoundoff))
    }
}
