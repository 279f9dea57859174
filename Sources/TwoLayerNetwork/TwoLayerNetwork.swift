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

    /// Neurons whose activations are evaluated at a time: the m×`neuronBlock` scratch arrays
    /// stay in cache, and memory beyond J stays O(m) per block at any width.
    static let neuronBlock = 64

    /// For consecutive blocks of neurons i0 ..< i0+count: evaluates `what` of ϱ at their
    /// pre-activations z (m×n, column-major) into two m×count scratch arrays and calls
    /// `body(i0, count, first, second)` (column c of a scratch array belongs to neuron i0 + c).
    func forEachNeuronBlock(_ z: Matrix, _ what: Activation.Outputs, blockSize: Int = neuronBlock,
                            _ body: (Int, Int, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void) {
        let m = z.rows, bs = min(blockSize, width)
        var first = [Double](repeating: 0, count: m * bs), second = first
        z.storage.withUnsafeBufferPointer { zs in
            first.withUnsafeMutableBufferPointer { f in
                second.withUnsafeMutableBufferPointer { g in
                    var i0 = 0
                    while i0 < width {
                        let count = min(bs, width - i0)
                        activation.evaluate(what, at: zs.baseAddress! + i0 * m, count: m * count, into: f.baseAddress!, g.baseAddress!)
                        body(i0, count, f.baseAddress!, g.baseAddress!)
                        i0 += count
                    }
                }
            }
        }
    }

    /// Φ(x_j; θ) for every row x_j of `x`: κ Σ_i v_i ϱ(z_ji), summed over i in ascending order.
    public func outputs(theta: [Double], inputs x: Matrix) -> [Double] {
        let z = preactivations(theta: theta, inputs: x)
        let m = x.rows
        var out = [Double](repeating: 0, count: m)
        out.withUnsafeMutableBufferPointer { o in
            forEachNeuronBlock(z, .value) { i0, count, act, _ in
                for c in 0..<count {
                    let vi = kappa * theta[indexV(i0 + c)]
                    let col = act + c * m
                    for r in 0..<m { o[r] += vi * col[r] }
                }
            }
        }
        return out
    }

    /// Φ and the Jacobian J (m×p), J[j, ·] = ∇_θ Φ(x_j; θ)ᵀ, in closed form:
    /// ∂Φ/∂u_i[k] = κ v_i ϱ'(u_i·x) x_k and ∂Φ/∂v_i = κ ϱ(u_i·x).
    public func outputsAndJacobian(theta: [Double], inputs x: Matrix) -> (outputs: [Double], jacobian: Matrix) {
        var out: [Double] = []
        // fillJacobian writes every column (n0 per neuron and its v column), every row.
        let j = Matrix(rows: x.rows, cols: parameterCount) {
            out = fillJacobian(theta: theta, inputs: x, into: $0.baseAddress!, leadingDimension: x.rows)
        }
        return (out, j)
    }

    /// Writes J into column-major storage with leading dimension `ld` ≥ m (so it can be the
    /// top block of the augmented Ĵ), and returns Φ. Memory O(m·p), no other large temporary.
    @discardableResult
    public func fillJacobian(theta: [Double], inputs x: Matrix, into buffer: UnsafeMutablePointer<Double>,
                             leadingDimension ld: Int) -> [Double] {
        let z = preactivations(theta: theta, inputs: x)
        let m = x.rows, n0 = inputDimension
        precondition(ld >= m)
        var out = [Double](repeating: 0, count: m)
        x.storage.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { o in
                forEachNeuronBlock(z, .valueAndFirst) { i0, count, act, dact in
                    for c in 0..<count {
                        let i = i0 + c
                        let ac = act + c * m, dc = dact + c * m
                        // ∂Φ/∂u_i[k] = κ v_i ϱ'(z) x_k, ∂Φ/∂v_i = κ ϱ(z).
                        let kv = kappa * theta[indexV(i)]
                        for r in 0..<m { dc[r] *= kv }
                        for k in 0..<n0 {
                            let col = buffer + indexU(i, k) * ld
                            let xk = xs.baseAddress! + k * m
                            for r in 0..<m { col[r] = dc[r] * xk[r] }
                        }
                        let vcol = buffer + indexV(i) * ld
                        for r in 0..<m { vcol[r] = kappa * ac[r] }
                        for r in 0..<m { o[r] += kv * ac[r] }
                    }
                }
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
        dz.storage.withUnsafeBufferPointer { dzs in
            out.withUnsafeMutableBufferPointer { o in
                forEachNeuronBlock(z, .firstAndSecond) { i0, count, d1, d2 in
                    for c in 0..<count {
                        let i = i0 + c
                        let vi = theta[indexV(i)], dvi = d[indexV(i)]
                        let f = d1 + c * m, g = d2 + c * m
                        let s = dzs.baseAddress! + i * m
                        for r in 0..<m { o[r] += kappa * (2 * dvi * f[r] * s[r] + vi * g[r] * s[r] * s[r]) }
                    }
                }
            }
        }
        return out
    }
}
