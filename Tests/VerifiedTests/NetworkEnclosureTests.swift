import Foundation
import Intervals
import LinearAlgebra
import SeededRandom
import Testing
import TwoLayerNetwork
import Verified

/// Φ and J enclosures against a Float80 re-evaluation and the project's own double computation.
@Suite struct NetworkEnclosureTests {
    static func reference(_ a: Activation, _ z: Float80) -> (Float80, Float80) {
        switch a {
        case .silu: return (Ref80.silu(z), Ref80.siluDerivative(z))
        case .tanh: return (Ref80.tanh(z), Ref80.tanhDerivative(z))
        case .softplus: return (Ref80.softplus(z), Ref80.sigmoid(z))
        case .relu: return (Ref80.relu(z), Ref80.reluDerivative(z))
        }
    }

    /// Φ (m) and J (m × p, column-major) in Float80, straight from the closed forms.
    static func float80(_ net: TwoLayerNetwork, _ theta: [Double], _ x: Matrix) -> ([Float80], [Float80]) {
        let m = x.rows, n0 = net.inputDimension, n = net.width, p = net.parameterCount
        var phi = [Float80](repeating: 0, count: m), jac = [Float80](repeating: 0, count: m * p)
        let k = Float80(net.kappa)
        for j in 0..<m {
            for i in 0..<n {
                var z: Float80 = 0
                for c in 0..<n0 { z += Float80(theta[net.indexU(i, c)]) * Float80(x[j, c]) }
                let (r, dr) = reference(net.activation, z), v = Float80(theta[net.indexV(i)])
                phi[j] += k * v * r
                for c in 0..<n0 { jac[j + net.indexU(i, c) * m] = k * v * dr * Float80(x[j, c]) }
                jac[j + net.indexV(i) * m] = k * r
            }
        }
        return (phi, jac)
    }

    static func instance(_ a: Activation, seed: UInt64) -> (TwoLayerNetwork, [Double], Matrix) {
        var rng = SeededSampler(seed: seed)
        let net = TwoLayerNetwork(inputDimension: 3, width: 4, activation: a)
        let theta = rng.normals(net.parameterCount).map { 1.5 * $0 }
        let x = Matrix(rows: 5, cols: 3, columnMajor: rng.normals(15))
        return (net, theta, x)
    }

    @Test("Φ and J enclosures contain the Float80 values (m=5, n=4, n0=3)", arguments: Activation.allCases)
    func containsFloat80(_ a: Activation) {
        for seed in [1, 2, 3] as [UInt64] {
            let (net, theta, x) = Self.instance(a, seed: seed)
            let enc = NetworkEnclosure(network: net, theta: theta, inputs: x)
            let (phi, jac) = Self.float80(net, theta, x)
            for j in 0..<5 { #expect(enc.outputs[j].contains80(phi[j]), "\(a) Φ[\(j)] \(enc.outputs[j]) vs \(phi[j])") }
            #expect(enc.jacobian.rows == 5 && enc.jacobian.cols == net.parameterCount)
            for (e, r) in zip(enc.jacobian.storage, jac) { #expect(e.contains80(r), "\(a) J \(e) vs \(r)") }
        }
    }

    @Test("midpoints match network.outputsAndJacobian to 1e-12 relative; widths are small", arguments: Activation.allCases)
    func midpointsMatchProject(_ a: Activation) {
        for seed in [4, 5] as [UInt64] {
            let (net, theta, x) = Self.instance(a, seed: seed)
            let enc = NetworkEnclosure(theta: theta, inputs: x, activation: a, kappa: net.kappa)
            let (phi, jac) = net.outputsAndJacobian(theta: theta, inputs: x)
            let phiScale = max(1e-300, phi.map(abs).max()!), jScale = max(1e-300, jac.storage.map(abs).max()!)
            for j in 0..<5 {
                #expect(abs(enc.outputs[j].mid - phi[j]) <= 1e-12 * phiScale, "\(a) Φ[\(j)]")
                #expect(enc.outputs[j].width <= 1e-10 * phiScale)
            }
            for (e, d) in zip(enc.jacobian.storage, jac.storage) {
                #expect(abs(e.mid - d) <= 1e-12 * max(abs(d), 1e-3 * jScale), "\(a) J \(e) vs \(d)")
                #expect(e.width <= 1e-10 * max(abs(d), 1e-3 * jScale))
            }
        }
    }

    @Test("ReLU at a zero pre-activation: ∂Φ/∂u holds both one-sided derivatives")
    func reluKink() {
        let x = Matrix([[1, 2], [0.5, -1]])
        let theta: [Double] = [0, 0, 1, -1, 2, 3]   // u_1 = 0 so z = 0 exactly; u_2·x ≠ 0
        let enc = NetworkEnclosure(theta: theta, inputs: x, activation: .relu, kappa: 0.5)
        // ∂Φ/∂u_1[0] at row 0 = κ v_1 ϱ'(0) x_00 ∈ 0.5·2·[0, 1]·1 = [0, 1].
        #expect(enc.jacobian[0, 0].contains(0) && enc.jacobian[0, 0].contains(1))
        #expect(enc.outputs[0].contains(0.5 * 3 * max(1 - 2, 0)))
    }
}
