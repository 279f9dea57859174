import LinearAlgebra

/// Φ, the structured Gram JJᵀ with its rounding bound, and the products Jᵀw and J(Jᵀw), each in
/// one pass over blocks of neurons that never holds J, Z or any other m×n array: per block one
/// `dgemm` Z_b = X·U_bᵀ, the activations at Z_b, and level-3 BLAS on m×block scratch.
/// Memory O(m² + m·block) beyond θ and the p-vector a product returns (Proofs/Numerics.md §2.5).
extension TwoLayerNetwork {
    /// Neurons per block of the streamed passes (five m×block scratch arrays at most: 2 MB at m = 40).
    public static let streamNeuronBlock = 2048

    /// For consecutive blocks of neurons [i0, i0+count): Z_b = X·U_bᵀ (m×count, one `dgemm` reading
    /// U_bᵀ straight from θ), then `what` of ϱ at Z_b into `first`, `second`; calls
    /// `body(i0, count, z, first, second)` (column c of each scratch array is neuron i0 + c).
    public func forEachStreamedBlock(theta: [Double], inputs x: Matrix, _ what: Activation.Outputs, blockSize: Int = streamNeuronBlock,
                                     _ body: (Int, Int, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void) {
        precondition(theta.count == parameterCount, "θ has \(theta.count) entries, expected \(parameterCount)")
        precondition(x.cols == inputDimension, "inputs have \(x.cols) columns, expected n0 = \(inputDimension)")
        let m = x.rows, n0 = inputDimension, bs = max(1, min(blockSize, width))
        guard m > 0 else { return }
        var z = [Double](repeating: 0, count: m * bs), first = z, second = z
        theta.withUnsafeBufferPointer { th in
            x.storage.withUnsafeBufferPointer { xs in
                z.withUnsafeMutableBufferPointer { zp in
                    first.withUnsafeMutableBufferPointer { f in
                        second.withUnsafeMutableBufferPointer { g in
                            var i0 = 0
                            while i0 < width {
                                let count = min(bs, width - i0)
                                BLAS.gemm(m: m, n: count, k: n0, a: xs.baseAddress, lda: m, b: th.baseAddress! + i0 * n0, ldb: n0,
                                          c: zp.baseAddress, ldc: m)
                                activation.evaluate(what, at: zp.baseAddress!, count: m * count, into: f.baseAddress!, g.baseAddress!)
                                body(i0, count, zp.baseAddress!, f.baseAddress!, g.baseAddress!)
                                i0 += count
                            }
                        }
                    }
                }
            }
        }
    }

    /// Φ and the structured Gram JJᵀ = (AAᵀ)∘(XXᵀ) + BBᵀ in one streamed pass (A = ϱ'(Z)·diag(κv),
    /// B = κϱ(Z), accumulated block by block by `dsyrk`). The error bound is against the
    /// Jacobian J_c whose entries are fl(A_ji·x_jk) and B_ji, the numbers the streamed products
    /// below multiply with (Proofs/Numerics.md §2.2, §2.5).
    public func streamedOutputsAndGram(theta: [Double], inputs x: Matrix, blockSize: Int = streamNeuronBlock) -> (outputs: [Double], gram: JacobianGram) {
        let m = x.rows
        var out = [Double](repeating: 0, count: m)
        var aat = Matrix(rows: m, cols: m), bbt = Matrix(rows: m, cols: m)
        out.withUnsafeMutableBufferPointer { o in
            forEachStreamedBlock(theta: theta, inputs: x, .valueAndFirst, blockSize: blockSize) { i0, count, _, b, a in
                for c in 0..<count {
                    let kv = kappa * theta[indexV(i0 + c)]
                    let ac = a + c * m, bc = b + c * m
                    for r in 0..<m { o[r] += kv * bc[r] }
                    for r in 0..<m { ac[r] *= kv }
                    for r in 0..<m { bc[r] = kappa * bc[r] }
                }
                let beta: Double = i0 == 0 ? 0 : 1
                Matrix.rankKUpdateLower(&aat, a: a, inner: count, lda: m, beta: beta)
                Matrix.rankKUpdateLower(&bbt, a: b, inner: count, lda: m, beta: beta)
            }
        }
        return (out, JacobianGram.combine(aat: aat, bbt: bbt, inputs: x, width: width))
    }

    /// Φ alone, streamed (Σ_i κv_iϱ(z_ji) in ascending i, as `outputs`).
    public func streamedOutputs(theta: [Double], inputs x: Matrix, blockSize: Int = streamNeuronBlock) -> [Double] {
        let m = x.rows
        var out = [Double](repeating: 0, count: m)
        out.withUnsafeMutableBufferPointer { o in
            forEachStreamedBlock(theta: theta, inputs: x, .value, blockSize: blockSize) { i0, count, _, f, _ in
                for c in 0..<count {
                    let kv = kappa * theta[indexV(i0 + c)]
                    let col = f + c * m
                    for r in 0..<m { o[r] += kv * col[r] }
                }
            }
        }
        return out
    }

    /// d = Jᵀw (p entries, θ's layout) and, when `applyBack`, J·d (m entries), in one streamed pass:
    /// per block d_{u_i} = Xᵀ(w∘A_{·i}) (`dgemm`), d_{v_i} = B_{·i}ᵀw (`dgemv`), and J_b d_b =
    /// Σ_i A_{·i}∘(X d_{u_i}) + B_{·i} d_{v_i} (`dgemm` X·D_b), so J is never formed (Proofs/Numerics.md §2.5).
    public func streamedTransposeProduct(theta: [Double], inputs x: Matrix, _ w: [Double], applyBack: Bool = false,
                                         blockSize: Int = streamNeuronBlock) -> (jtw: [Double], jjtw: [Double]?) {
        let m = x.rows, n0 = inputDimension, bs = max(1, min(blockSize, width))
        precondition(w.count == m, "w has \(w.count) entries, expected m = \(m)")
        var d = [Double](repeating: 0, count: parameterCount)
        var back = [Double](repeating: 0, count: applyBack ? m : 0)
        var s = [Double](repeating: 0, count: m * bs), y = applyBack ? s : []
        d.withUnsafeMutableBufferPointer { dp in
            s.withUnsafeMutableBufferPointer { sp in
                y.withUnsafeMutableBufferPointer { yp in
                    back.withUnsafeMutableBufferPointer { bp in
                        x.storage.withUnsafeBufferPointer { xs in
                          w.withUnsafeBufferPointer { wp in
                            forEachStreamedBlock(theta: theta, inputs: x, .valueAndFirst, blockSize: bs) { i0, count, _, f, a in
                                let du = dp.baseAddress! + i0 * n0, dv = dp.baseAddress! + width * n0 + i0
                                for c in 0..<count {
                                    let kv = kappa * theta[indexV(i0 + c)]
                                    let ac = a + c * m, fc = f + c * m, sc = sp.baseAddress! + c * m
                                    for r in 0..<m { ac[r] *= kv }
                                    for r in 0..<m { fc[r] = kappa * fc[r] }
                                    for r in 0..<m { sc[r] = ac[r] * wp[r] }
                                }
                                BLAS.gemm(transposeA: true, m: n0, n: count, k: m, a: xs.baseAddress, lda: m, b: sp.baseAddress, ldb: m, c: du, ldc: n0)
                                BLAS.gemv(transpose: true, rows: m, cols: count, a: f, lda: m, x: wp.baseAddress, y: dv)
                                guard applyBack else { return }
                                BLAS.gemm(m: m, n: count, k: n0, a: xs.baseAddress, lda: m, b: du, ldb: n0, c: yp.baseAddress, ldc: m)
                                for c in 0..<count {
                                    let ac = a + c * m, fc = f + c * m, yc = yp.baseAddress! + c * m, dvc = dv[c]
                                    for r in 0..<m { bp[r] += ac[r] * yc[r] + fc[r] * dvc }
                                }
                            }
                          }
                        }
                    }
                }
            }
        }
        return (d, applyBack ? back : nil)
    }
}

extension JacobianGram {
    /// Ĝ = (AAᵀ)∘(XXᵀ) + BBᵀ from the accumulated lower triangles, and its rigorous rounding bound
    /// (Proofs/Numerics.md §2.2): shared by the dense and the streamed structured Gram.
    static func combine(aat: Matrix, bbt: Matrix, inputs x: Matrix, width n: Int) -> JacobianGram {
        let m = x.rows, n0 = x.cols
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
        let k = n + n0
        let bound = Rounding.gamma(k + 4) * trace / ((1 - Rounding.gamma(m)) * (1 - Rounding.gamma(k + 2)))
        // Underflow (Higham §2.1: a product that underflows is off by at most 2^−1075 absolute):
        // each of the k + 4 operations of an entry, m per row for ‖·‖₂; and the entries of J_e
        // (products κv·ϱ' and ·x), √(mp) of them, moved by as much, through 2‖J‖_F of the Gram.
        let eta = Double.leastNonzeroMagnitude
        let p = Double(n * n0 + n)
        let underflow = Double(m) * Double(k + 4) * eta + 2 * (Double(m) * p).squareRoot() * eta * ((trace + 1).squareRoot() + 1)
        return JacobianGram(gram: g, errorBound: bound * (1 + 8 * Rounding.unitRoundoff) + underflow)
    }

    /// An upper bound on ‖J_c‖_F² = tr(J_cJ_cᵀ): the computed trace is a sum of non-negative terms,
    /// so tr(Ĝ) + m·ε_G bounds it (Weyl on the diagonal; Proofs/Numerics.md §2.5).
    public var frobeniusSquaredBound: Double {
        var tr = 0.0
        for i in 0..<gram.rows { tr += gram[i, i] }
        return (tr + Double(gram.rows) * errorBound) / (1 - Rounding.gamma(gram.rows + 2))
    }
}
