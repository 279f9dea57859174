import Foundation
import LinearAlgebra
import Regularizers

/// The regularized GGN of 000 in either form, with its adaptive step α_t = ᾱ/(1 + M_gη_t)
/// (Proofs/RegularizedGGN.md §2). The overparameterized step keeps its (m+1)×(m+1) system for
/// the theorem checks.
public struct RegularizedGGN: Optimizer {
    public let form: GGNForm
    public let rule: StepRule
    /// Largest p for which the parameter-space form may build its p×p matrix.
    public static let parameterSpaceLimit = 6000

    public init(form: GGNForm, rule: StepRule) {
        self.form = form
        self.rule = rule
    }

    public var mG: Double { rule.mG }
    public func alpha(at ev: PointEvaluation) -> Double { rule.alpha(eta: ev.regularizer.eta) }

    public mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step {
        let eta = ev.regularizer.eta
        let a = rule.alpha(eta: eta)
        switch form {
        case .overparameterized:
            let (d, sys) = try Self.overparameterizedDirection(ev)
            return .along(d, alpha: a, from: ev.theta, eta: eta, mG: mG, system: sys)
        case .parameterSpace:
            return .along(try Self.parameterSpaceDirection(ev), alpha: a, from: ev.theta, eta: eta, mG: mG)
        }
    }

    static func checkHessian(_ h: [Double]) throws {
        if let i = h.firstIndex(where: { !($0 > 0) || !$0.isFinite }) { throw hessianError(index: i, value: h[i]) }
    }

    /// Why H is unusable at entry i: the true cause, τ = 0, or h'' underflowing (a tiny μ), or overflow.
    static func hessianError(index i: Int, value: Double) -> StepError {
        let cause = value == 0 ? "τ∇²ḡ underflows to 0 there (τ too small, or μ so small that h''(θ_i) = μ²/(μ² + θ_i²)^{3/2} underflows)"
            : "it is not a finite positive number"
        return StepError("H = ∇²g(θ) is not positive definite at entry \(i) (\(value)): \(cause); the regularized GGN needs every entry of H positive")
    }

    /// Columns of W = ĴH^{−1/2} formed at a time. Below this p the whole W is one block (one
    /// `dsyrk`); above it K is accumulated block by block, so memory stays J plus
    /// (m+1)×`kernelBlockColumns` instead of a second (m+1)×p matrix.
    public static let kernelBlockColumns = 32768

    /// d = H⁻¹Ĵᵀ(I + Q̂ĴH⁻¹Ĵᵀ)⁻¹ê with Ĵ = [J; ∇gᵀ], ê = [e; 1], Q̂ = diag(I/m, 0).
    /// Work: one (m+1)×p scaling, `dsyrk` ((m+1)²p flops), an (m+1) LU, one `dgemv`.
    public static func overparameterizedDirection(_ ev: PointEvaluation, blockColumns: Int = kernelBlockColumns) throws -> ([Double], GGNSystem) {
        let h = ev.regularizer.hessianDiagonal
        try checkHessian(h)
        let m = ev.sampleCount, p = ev.parameterCount
        let ldw = m + 1
        let invSqrtH = h.map { 1 / $0.squareRoot() }
        let grad = ev.regularizer.gradient
        let bc = max(1, min(p, blockColumns))
        // Every column dsyrk and dgemv read is written by fillBlock first: no zero fill.
        var w = [Double](unsafeUninitializedCapacity: ldw * bc) { _, n in n = ldw * bc }
        /// W[:, c0 ..< c0+count] into the block buffer.
        func fillBlock(_ c0: Int, _ count: Int) {
            ev.jacobian.storage.withUnsafeBufferPointer { js in
                w.withUnsafeMutableBufferPointer { ws in
                    for jj in 0..<count {
                        let j = c0 + jj
                        let s = invSqrtH[j]
                        let src = j * m, dst = jj * ldw
                        for r in 0..<m { ws[dst + r] = js[src + r] * s }
                        ws[dst + m] = grad[j] * s
                    }
                }
            }
        }
        var k = Matrix(rows: ldw, cols: ldw)
        var c0 = 0
        while c0 < p {
            let count = min(bc, p - c0)
            fillBlock(c0, count)
            let beta: Double = c0 == 0 ? 0 : 1
            w.withUnsafeBufferPointer { wp in
                Matrix.rankKUpdateLower(&k, a: wp.baseAddress!, inner: count, lda: ldw, beta: beta)
            }
            c0 += count
        }
        k.symmetrizeFromLower()
        let (lu, z) = try kernelSystem(k, e: ev.e)
        // d = H^{−1/2}Wᵀz, one block of W at a time (with one block, W is still in the buffer).
        var d = [Double](repeating: 0, count: p)
        var b0 = 0
        while b0 < p {
            let count = min(bc, p - b0)
            if bc < p { fillBlock(b0, count) }
            w.withUnsafeBufferPointer { wp in
                z.withUnsafeBufferPointer { zp in
                    d.withUnsafeMutableBufferPointer { dp in
                        BLAS.gemv(transpose: true, rows: ldw, cols: count, a: wp.baseAddress, lda: ldw,
                                  x: zp.baseAddress, y: dp.baseAddress! + b0)
                    }
                }
            }
            b0 += count
        }
        for j in 0..<p { d[j] *= invSqrtH[j] }
        return (d, GGNSystem(kernel: k, factorization: lu, z: z))
    }

    /// A = I + Q̂K factored and z = A⁻¹ê, ê = [e; 1], from the (m+1)×(m+1) kernel K (both triangles).
    static func kernelSystem(_ k: Matrix, e: [Double]) throws -> (LU, [Double]) {
        let m = k.rows - 1, ldw = k.rows
        var a = k
        let invM = 1 / Double(m)
        a.storage.withUnsafeMutableBufferPointer { ap in
            for c in 0...m {
                for r in 0..<m { ap[r + c * ldw] *= invM }
                ap[m + c * ldw] = 0
            }
            for i in 0...m { ap[i + i * ldw] += 1 }
        }
        let lu = try LU(a)
        var eHat = e
        eHat.append(1)
        return (lu, try lu.solve(eHat))
    }

    /// d = (ĴᵀQ̂Ĵ + H)⁻¹Ĵᵀê = (JᵀJ/m + H)⁻¹(Jᵀe + ∇g). Forms a p×p matrix: small p only.
    public static func parameterSpaceDirection(_ ev: PointEvaluation) throws -> [Double] {
        let p = ev.parameterCount
        guard p <= parameterSpaceLimit else {
            throw StepError("the parameter-space GGN form needs a p×p matrix; p = \(p) exceeds \(parameterSpaceLimit) (use the overparameterized form)")
        }
        let h = ev.regularizer.hessianDiagonal
        try checkHessian(h)
        var mat = Matrix.gram(ev.jacobian, transpose: true, alpha: 1 / Double(ev.sampleCount))
        for i in 0..<p { mat[i, i] += h[i] }
        let rhs = Vector.axpy(Matrix.multiply(ev.jacobian, transpose: true, ev.e), 1, ev.regularizer.gradient)
        do {
            return try Cholesky(mat).solve(rhs)
        } catch let e as LinearAlgebraError {
            throw StepError("parameter-space GGN system: \(e)")
        }
    }
}

/// Gram-Gauss-Newton of Cai et al. (002), full batch: θ − α·Jᵀ(JJᵀ)⁻¹(Φ − y); the step rule is
/// 000's (002 itself uses α ≡ 1; Proofs/GramGaussNewton.md §3).
public struct GramGaussNewton: Optimizer {
    public let rule: StepRule

    public init(rule: StepRule) { self.rule = rule }

    public var mG: Double { rule.mG }
    public func alpha(at ev: PointEvaluation) -> Double { rule.alpha(eta: ev.regularizer.eta) }

    public mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step {
        let eta = ev.regularizer.eta
        return .along(try Self.direction(ev), alpha: rule.alpha(eta: eta), from: ev.theta, eta: eta, mG: mG)
    }

    /// d = Jᵀ(JJᵀ)⁻¹(Φ − y) (002). Fails when the Gram matrix is not positive definite.
    public static func direction(_ ev: PointEvaluation) throws -> [Double] {
        let g = Matrix.gram(ev.jacobian)
        do {
            let z = try Cholesky(g).solve(ev.residual)
            return Matrix.multiply(ev.jacobian, transpose: true, z)
        } catch let e as LinearAlgebraError {
            throw StepError("Gram matrix JJᵀ: \(e)")
        }
    }
}
