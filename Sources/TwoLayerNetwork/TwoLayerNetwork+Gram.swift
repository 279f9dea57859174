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
        let bs = min(Self.gramNeuronBlock, n)
        var aat = Matrix(rows: m, cols: m), bbt = Matrix(rows: m, cols: m)
        var a = [Double](repeating: 0, count: m * bs), b = [Double](repeating: 0, count: m * bs)
        theta.withUnsafeBufferPointer { th in
            z.storage.withUnsafeBufferPointer { zs in
                a.withUnsafeMutableBufferPointer { ap in
                    b.withUnsafeMutableBufferPointer { bp in
                        var i0 = 0
                        while i0 < n {
                            let count = min(bs, n - i0)
                            activation.valuesAndFirst(zs.baseAddress! + i0 * m, values: bp.baseAddress!, first: ap.baseAddress!, count: m * count)
                            for c in 0..<count {
                                let kv = kappa * th[indexV(i0 + c)]
                                let ac = ap.baseAddress! + c * m, bc = bp.baseAddress! + c * m
                                for r in 0..<m { ac[r] *= kv }
                                for r in 0..<m { bc[r] = kappa * bc[r] }
                            }
                            let beta: Double = i0 == 0 ? 0 : 1
                            Matrix.rankKUpdateLower(&aat, a: ap.baseAddress!, inner: count, lda: m, beta: beta)
                            Matrix.rankKUpdateLower(&bbt, a: bp.baseAddress!, inner: count, lda: m, beta: beta)
                            i0 += count
                        }
                    }
                }
            }
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
        let bound = Self.gamma(k + 4) * trace / ((1 - Self.gamma(m)) * (1 - Self.gamma(k + 2)))
        return JacobianGram(gram: g, errorBound: bound * (1 + 8 * Self.unitRoundoff))
    }

    /// Unit roundoff u = 2⁻⁵³.
    public static let unitRoundoff = Double.ulpOfOne / 2
    /// γ_k = ku/(1 − ku) (Higham, Accuracy and Stability of Numerical Algorithms, §3.1).
    public static func gamma(_ k: Int) -> Double {
        let ku = Double(k) * unitRoundoff
        return ku / (1 - ku)
    }
}
