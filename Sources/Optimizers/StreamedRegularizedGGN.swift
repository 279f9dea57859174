import LinearAlgebra
import Regularizers
import TwoLayerNetwork

/// The overparameterized regularized GGN step of 000 (`RegularizedGGN.overparameterizedDirection`)
/// without J, H or ∇g as p-vectors: K = ĴH⁻¹Ĵᵀ = Σ_b W_bW_bᵀ by `dsyrk` over column blocks of
/// W = ĴH^{−1/2}, each block filled on the fly from one neuron block's activations and the
/// penalty's derivatives at its coordinates; then the (m+1)×(m+1) system, and
/// d = H^{−1/2}Wᵀz with W refilled block by block. Memory: θ, d, θ_{t+1} and O(m² + m·block)
/// (Proofs/RegularizedGGN.md §2, Proofs/Numerics.md §2.5).
public struct StreamedRegularizedGGN: Sendable {
    public let network: TwoLayerNetwork
    public let inputs: Matrix
    public let targets: [Double]
    public let regularizer: Regularizer
    public let rule: StepRule
    /// Neurons per block of W: (m+1)×block·(n0+1) doubles (2 MB at m = 40, n0 = 5).
    public var blockSize = 1024

    public init(network: TwoLayerNetwork, inputs: Matrix, targets: [Double], regularizer: Regularizer, rule: StepRule) {
        self.network = network
        self.inputs = inputs
        self.targets = targets
        self.regularizer = regularizer
        self.rule = rule
    }

    /// What the first pass accumulates at θ.
    struct Kernel {
        var outputs: [Double]
        var kernel: Matrix
        var etaSquared = 0.0
        /// The first coordinate whose τh'' is not a finite positive number, and that value.
        var badHessian: (index: Int, value: Double)?
    }

    /// θ_{t+1} = θ − α_t d_t with α_t = rule(η_t): two streamed passes.
    public func step(_ theta: [Double]) throws -> StreamedStep {
        var pass = kernelPass(theta)
        if let bad = pass.badHessian { throw RegularizedGGN.hessianError(index: bad.index, value: bad.value) }
        pass.kernel.symmetrizeFromLower()
        let r = Vector.sub(pass.outputs, targets)
        let e = r.map { $0 / Double(r.count) }
        let (_, z) = try RegularizedGGN.kernelSystem(pass.kernel, e: e)
        let eta = pass.etaSquared.squareRoot()
        let alpha = rule.alpha(eta: eta)
        let (d, next) = directionPass(theta, z: z, alpha: alpha)
        return StreamedStep(next: next, direction: d, alpha: alpha, eta: eta, outputs: pass.outputs, residual: r, kernel: pass.kernel)
    }

    /// Φ, the lower triangle of K and η² = Σ_j (∇g_j)²/H_jj, one pass.
    func kernelPass(_ theta: [Double]) -> Kernel {
        let m = inputs.rows, ldw = m + 1, n0 = network.inputDimension
        var outputs = [Double](repeating: 0, count: m), kernel = Matrix(rows: ldw, cols: ldw)
        var etaSquared = 0.0, bad: (index: Int, value: Double)? = nil
        outputs.withUnsafeMutableBufferPointer { o in
            forEachBlock(theta) { i0, count, w, _, grad, hess in
                for c in 0..<count {
                    let kv = network.kappa * theta[network.indexV(i0 + c)]
                    let fc = w.activation + c * m
                    for r in 0..<m { o[r] += kv * fc[r] }
                }
                for c in 0..<(count * (n0 + 1)) {
                    let h = hess[c]
                    if bad == nil, !(h > 0) || !h.isFinite { bad = (coordinate(i0, count, c), h) }
                    if grad[c] != 0 { etaSquared += grad[c] * grad[c] / h }
                }
                Matrix.rankKUpdateLower(&kernel, a: w.block, inner: count * (n0 + 1), lda: ldw, beta: i0 == 0 ? 0 : 1)
            }
        }
        return Kernel(outputs: outputs, kernel: kernel, etaSquared: etaSquared, badHessian: bad)
    }

    /// d = H^{−1/2}Wᵀz block by block, and θ − αd.
    func directionPass(_ theta: [Double], z: [Double], alpha: Double) -> (d: [Double], next: [Double]) {
        let n0 = network.inputDimension, n = network.width, ldw = inputs.rows + 1
        var d = [Double](repeating: 0, count: theta.count)
        var tmp = [Double](repeating: 0, count: min(blockSize, n) * (n0 + 1))
        d.withUnsafeMutableBufferPointer { dp in
            tmp.withUnsafeMutableBufferPointer { tp in
                forEachBlock(theta) { i0, count, w, invSqrtH, _, _ in
                    let cols = count * (n0 + 1)
                    BLAS.gemv(transpose: true, rows: ldw, cols: cols, a: w.block, lda: ldw, x: z, y: tp.baseAddress)
                    for c in 0..<(count * n0) { dp[i0 * n0 + c] = tp[c] * invSqrtH[c] }
                    for c in 0..<count { dp[n * n0 + i0 + c] = tp[count * n0 + c] * invSqrtH[count * n0 + c] }
                }
            }
        }
        return (d, Vector.axpy(theta, -alpha, d))
    }

    /// θ's index of column c of the block of neurons [i0, i0+count): their u's in θ order, then their v's.
    func coordinate(_ i0: Int, _ count: Int, _ c: Int) -> Int {
        let n0 = network.inputDimension
        return c < count * n0 ? i0 * n0 + c : network.indexV(i0 + c - count * n0)
    }

    /// The scratch a W block is filled from: ϱ at the block's pre-activations, and W itself.
    struct WBlock {
        var activation: UnsafeMutablePointer<Double>
        var block: UnsafeMutablePointer<Double>
    }

    /// For each neuron block: W_b ((m+1)×count(n0+1), columns as `coordinate`), H^{−1/2}, ∇g and
    /// H at its coordinates (per block column), the same products as the dense form's
    /// W = J·H^{−1/2}, so each entry of W_b has the dense entry's bits when Z_b's do.
    func forEachBlock(_ theta: [Double], _ body: (Int, Int, WBlock, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void) {
        let m = inputs.rows, ldw = m + 1, n0 = network.inputDimension, kappa = network.kappa
        let bs = max(1, min(blockSize, network.width)), cols = bs * (n0 + 1)
        var w = [Double](repeating: 0, count: ldw * cols), s = [Double](repeating: 0, count: cols), g = s, h = s
        let tau = regularizer.tau, penalty = regularizer.penalty
        w.withUnsafeMutableBufferPointer { wp in
            s.withUnsafeMutableBufferPointer { sp in
                g.withUnsafeMutableBufferPointer { gp in
                    h.withUnsafeMutableBufferPointer { hp in
                        inputs.storage.withUnsafeBufferPointer { xs in
                            network.forEachStreamedBlock(theta: theta, inputs: inputs, .valueAndFirst, blockSize: bs) { i0, count, _, f, a in
                                for c in 0..<(count * (n0 + 1)) {
                                    let (_, h1, h2, _) = penalty.derivatives(theta[coordinate(i0, count, c)])
                                    gp[c] = tau * h1
                                    hp[c] = tau * h2
                                    sp[c] = 1 / hp[c].squareRoot()
                                }
                                for c in 0..<count {
                                    let kv = kappa * theta[network.indexV(i0 + c)]
                                    let ac = a + c * m, fc = f + c * m
                                    for r in 0..<m { ac[r] *= kv }
                                    for k in 0..<n0 {
                                        let col = c * n0 + k, dst = wp.baseAddress! + col * ldw, xk = xs.baseAddress! + k * m, sc = sp[col]
                                        for r in 0..<m { dst[r] = (ac[r] * xk[r]) * sc }
                                        dst[m] = gp[col] * sc
                                    }
                                    let col = count * n0 + c, dst = wp.baseAddress! + col * ldw, sc = sp[col]
                                    for r in 0..<m { dst[r] = (kappa * fc[r]) * sc }
                                    dst[m] = gp[col] * sc
                                }
                                body(i0, count, WBlock(activation: f, block: wp.baseAddress!), sp.baseAddress!, gp.baseAddress!, hp.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }
}
