import LinearAlgebra
import PortableMath

/// The two-layer network of 000: Φ(x;θ) = κ(n)·Σ_{i=1..n} v_i ϱ(u_i·x), x ∈ R^{n0}.
///
/// Parameter layout (documented in README, used by every exported `theta0.csv`):
/// θ = (u_1, …, u_n, v) ∈ R^p, p = n·n0 + n, with u_i occupying θ[i·n0 ..< (i+1)·n0]
/// (0-based) and v_i at θ[n·n0 + i]. The first n·n0 entries are therefore Uᵀ stored
/// column-major as an n0×n matrix, which lets Z = X·Uᵀ be one `dgemm` with no copy.
public struct TwoLayerNetwork: Sendable, Equatable, Codable {
    public let inputDimension: Int   // n0
    public let width: Int            // n
    public let activation: Activation
    /// The output scale κ(n); 1/√n in the papers.
    public let kappa: Double

    public init(inputDimension: Int, width: Int, activation: Activation, kappa: Double? = nil) {
        precondition(inputDimension > 0 && width > 0)
        self.inputDimension = inputDimension
        self.width = width
        self.activation = activation
        self.kappa = kappa ?? 1 / Double(width).squareRoot()
    }

    /// p = n·n0 + n.
    public var parameterCount: Int { width * inputDimension + width }

    /// Index of u_i[k] in θ.
    @inlinable public func indexU(_ i: Int, _ k: Int) -> Int { i * inputDimension + k }
    /// Index of v_i in θ.
    @inlinable public func indexV(_ i: Int) -> Int { width * inputDimension + i }

    /// Pre-activations Z = X·Uᵀ (m×n).
    public func preactivations(theta: [Double], inputs x: Matrix) -> Matrix {
        precondition(theta.count == parameterCount, "θ has \(theta.count) entries, expected \(parameterCount)")
        precondition(x.cols == inputDimension, "inputs have \(x.cols) columns, expected n0 = \(inputDimension)")
        let ut = Matrix(rows: inputDimension, cols: width, columnMajor: Array(theta[0..<(width * inputDimension)]))
        return Matrix.multiply(x, ut)
    }

    /// Φ(x_j; θ) for every row x_j of `x`.
    public func outputs(theta: [Double], inputs x: Matrix) -> [Double] {
        let z = preactivations(theta: theta, inputs: x)
        let m = x.rows, n = width
        var out = [Double](repeating: 0, count: m)
        for i in 0..<n {
            let vi = kappa * theta[indexV(i)]
            for j in 0..<m { out[j] += vi * activation.value(z[j, i]) }
        }
        return out
    }

    /// Φ and the Jacobian J (m×p), J[j, ·] = ∇_θ Φ(x_j; θ)ᵀ, in closed form:
    /// ∂Φ/∂u_i[k] = κ v_i ϱ'(u_i·x) x_k and ∂Φ/∂v_i = κ ϱ(u_i·x).
    public func outputsAndJacobian(theta: [Double], inputs x: Matrix) -> (outputs: [Double], jacobian: Matrix) {
        var j = Matrix(rows: x.rows, cols: parameterCount)
        let out = j.storage.withUnsafeMutableBufferPointer {
            fillJacobian(theta: theta, inputs: x, into: $0.baseAddress!, leadingDimension: x.rows)
        }
        return (out, j)
    }

    /// Writes J into column-major storage with leading dimension `ld` ≥ m (so it can be the
    /// top block of the augmented Ĵ), and returns Φ. Memory O(m·p), no other large temporary.
    @discardableResult
    public func fillJacobian(theta: [Double], inputs x: Matrix, into buffer: UnsafeMutablePointer<Double>,
                             leadingDimension ld: Int) -> [Double] {
        let z = preactivations(theta: theta, inputs: x)
        let m = x.rows, n = width, n0 = inputDimension
        precondition(ld >= m)
        var out = [Double](repeating: 0, count: m)
        var act = [Double](repeating: 0, count: m)
        var dact = [Double](repeating: 0, count: m)
        x.storage.withUnsafeBufferPointer { xs in
            for i in 0..<n {
                let vi = theta[indexV(i)]
                for r in 0..<m {
                    let (a, d, _) = activation.valueAndDerivatives(z[r, i])
                    act[r] = a
                    dact[r] = kappa * vi * d
                    out[r] += kappa * vi * a
                }
                for k in 0..<n0 {
                    let col = buffer + indexU(i, k) * ld
                    let xk = xs.baseAddress! + k * m
                    for r in 0..<m { col[r] = dact[r] * xk[r] }
                }
                let vcol = buffer + indexV(i) * ld
                for r in 0..<m { vcol[r] = kappa * act[r] }
            }
        }
        return out
    }

    /// D²Φ(x_j;θ)[d, d] for every x_j: the second directional derivative along d, used by the
    /// linearization checks (Φ(θ+d) = Φ(θ) + J d + ½ D²Φ[d,d] + O(‖d‖³)):
    /// κ Σ_i [2 δv_i ϱ'(z_i)(δu_i·x) + v_i ϱ''(z_i)(δu_i·x)²].
    public func secondDirectionalDerivative(theta: [Double], inputs x: Matrix, direction d: [Double]) -> [Double] {
        precondition(d.count == parameterCount)
        let z = preactivations(theta: theta, inputs: x)
        let dz = preactivations(theta: d, inputs: x)   // (δu_i · x_j)
        let m = x.rows
        var out = [Double](repeating: 0, count: m)
        for i in 0..<width {
            let vi = theta[indexV(i)], dvi = d[indexV(i)]
            for r in 0..<m {
                let (_, d1, d2) = activation.valueAndDerivatives(z[r, i])
                let s = dz[r, i]
                out[r] += kappa * (2 * dvi * d1 * s + vi * d2 * s * s)
            }
        }
        return out
    }
}
