import Foundation
import LinearAlgebra
import Problems
import SeededRandom
import Testing
import TwoLayerNetwork

/// The closed-form Jacobian and second directional derivative against central finite
/// differences, with tolerances derived from the difference formulas' error terms.
@Suite("Network derivatives against finite differences")
struct JacobianTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let activation: Activation, width: Int, seed: UInt64
        var testDescription: String { "\(activation.rawValue) n=\(width) seed=\(seed)" }
    }

    static let cases: [Case] = Activation.allCases.flatMap { a in
        [3, 16].flatMap { n in [UInt64(1), 2].map { Case(activation: a, width: n, seed: $0) } }
    }

    static func setUp(_ c: Case) -> (TwoLayerNetwork, Matrix, [Double]) {
        var spec = ProblemSpec()
        spec.trainCount = 7; spec.testCount = 0; spec.inputDimension = 4; spec.width = c.width
        spec.activation = c.activation; spec.seed = c.seed
        let p = try! TeacherStudent.make(spec)
        return (p.network, p.trainInputs, p.theta0)
    }

    /// Bounds on |ϱ'''| and |ϱ''''| over R for the smooth activations (tanh attains 2 and
    /// about 4.1; SiLU and softplus stay below), used in the truncation terms.
    static let c3 = 2.0, c4 = 5.0

    @Test("J matches central differences", arguments: cases)
    func jacobian(_ c: Case) {
        let (net, x, theta) = Self.setUp(c)
        let (phi, jac) = net.outputsAndJacobian(theta: theta, inputs: x)
        let z = net.preactivations(theta: theta, inputs: x)
        let h = 1e-5
        let eps = Double.ulpOfOne
        // Rounding of one Φ evaluation: ≤ γ·S with S = κ Σ|v_i ϱ(z_i)| + 1, γ = (n + n0 + 10)ε.
        let gamma = Double(net.width + net.inputDimension + 10) * eps
        for col in 0..<net.parameterCount {
            var tp = theta, tm = theta
            tp[col] += h; tm[col] -= h
            let fp = net.outputs(theta: tp, inputs: x), fm = net.outputs(theta: tm, inputs: x)
            let isV = col >= net.width * net.inputDimension
            let unit = isV ? col - net.width * net.inputDimension : col / net.inputDimension
            for r in 0..<x.rows {
                // ReLU: a kink within the difference stencil makes the formula meaningless.
                if c.activation == .relu && abs(z[r, unit]) < 2 * h { continue }
                var s = 1.0
                for i in 0..<net.width { s += net.kappa * abs(theta[net.indexV(i)] * net.activation.value(z[r, i])) }
                // Truncation: h²/6·|∂³Φ| ≤ h²/6·κ|v_i|·C3 for u-entries (|x_k| ≤ 1); Φ is linear in v.
                let trunc = isV ? 0 : h * h / 6 * net.kappa * abs(theta[net.indexV(unit)]) * Self.c3
                let tol = 4 * (trunc + gamma * s / h)
                let fd = (fp[r] - fm[r]) / (2 * h)
                #expect(abs(fd - jac[r, col]) <= tol, "J[\(r),\(col)] = \(jac[r, col]) vs FD \(fd), tol \(tol)")
            }
        }
        #expect(maxAbsDiff(phi, net.outputs(theta: theta, inputs: x)) == 0)
    }

    @Test("D²Φ[d,d] matches the second central difference", arguments: cases.filter { $0.activation.isTwiceDifferentiable })
    func secondDirectional(_ c: Case) {
        let (net, x, theta) = Self.setUp(c)
        var rng = SeededSampler(seed: 77)
        let d = rng.normals(theta.count).map { $0 * 0.5 }
        let exact = net.secondDirectionalDerivative(theta: theta, inputs: x, direction: d)
        let h = 1e-3
        let f0 = net.outputs(theta: theta, inputs: x)
        let fp = net.outputs(theta: Vector.axpy(theta, h, d), inputs: x)
        let fm = net.outputs(theta: Vector.axpy(theta, -h, d), inputs: x)
        let zd = net.preactivations(theta: d, inputs: x)
        let gamma = Double(net.width + net.inputDimension + 10) * Double.ulpOfOne
        for r in 0..<x.rows {
            // Truncation h²/12·|D⁴Φ[d]⁴| ≤ h²/12·κ Σ(|v_i| C4 s⁴ + 4|δv_i| C3 |s|³), s = δu_i·x.
            var b4 = 0.0, s = 1.0
            for i in 0..<net.width {
                let si = abs(zd[r, i])
                b4 += net.kappa * (abs(theta[net.indexV(i)]) * Self.c4 * pow(si, 4) + 4 * abs(d[net.indexV(i)]) * Self.c3 * pow(si, 3))
                s += net.kappa * abs(theta[net.indexV(i)]) * (1 + si)
            }
            let tol = 4 * (h * h / 12 * b4 + 4 * gamma * s / (h * h))
            let fd = (fp[r] - 2 * f0[r] + fm[r]) / (h * h)
            #expect(abs(fd - exact[r]) <= tol, "row \(r): \(exact[r]) vs FD \(fd), tol \(tol)")
        }
    }

    @Test("activation derivatives match central differences of the activation itself", arguments: Activation.allCases)
    func activationDerivatives(_ a: Activation) {
        for z in stride(from: -6.0, through: 6.0, by: 0.37) {
            let h = 1e-5
            let (v, d1, d2) = a.valueAndDerivatives(z)
            #expect(v == a.value(z) && d1 == a.derivative(z) && d2 == a.secondDerivative(z))
            if a == .relu && abs(z) < 2 * h { continue }
            let fd1 = (a.value(z + h) - a.value(z - h)) / (2 * h)
            let fd2 = (a.derivative(z + h) - a.derivative(z - h)) / (2 * h)
            #expect(abs(fd1 - d1) <= h * h * 2 + 1e-10)
            #expect(abs(fd2 - d2) <= h * h * 2 + 1e-10)
        }
    }
}

func maxAbsDiff(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
