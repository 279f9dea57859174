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
        return JacobianGram.combine(aat: aat, bbt: bbt, inputs: x, width: n)
    }
}
