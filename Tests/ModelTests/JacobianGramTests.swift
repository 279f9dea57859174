import Foundation
import LinearAlgebra
import Problems
import SeededRandom
import Testing
import TwoLayerNetwork

/// The structured Gram (AAᵀ)∘(XXᵀ) + BBᵀ against J Jᵀ re-evaluated in extended precision
/// from the Jacobian the step uses, and the array activation loops against the scalar form.
@Suite("Structured Gram JJᵀ and array activations")
struct JacobianGramTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let activation: Activation, m: Int, n: Int, n0: Int
        var testDescription: String { "\(activation.rawValue) m=\(m) n=\(n) n0=\(n0)" }
    }

    /// Widths on both sides of the 512-neuron block, m above and below p.
    static let cases: [Case] = [
        Case(activation: .silu, m: 30, n: 40, n0: 3), Case(activation: .tanh, m: 25, n: 700, n0: 2),
        Case(activation: .softplus, m: 50, n: 6, n0: 4), Case(activation: .relu, m: 20, n: 515, n0: 5),
    ]

    static func setUp(_ c: Case) throws -> (TwoLayerNetwork, Matrix, [Double]) {
        var spec = ProblemSpec()
        spec.trainCount = c.m; spec.testCount = 0; spec.inputDimension = c.n0; spec.width = c.n
        spec.activation = c.activation; spec.seed = 3
        let p = try TeacherStudent.make(spec)
        return (p.network, p.trainInputs, p.theta0)
    }

    @Test("‖Ĝ − J Jᵀ‖_F is within the rigorous bound; the bound is small", arguments: cases)
    func gramWithinBound(_ c: Case) throws {
        let (net, x, theta) = try Self.setUp(c)
        let jac = net.outputsAndJacobian(theta: theta, inputs: x).1
        let jg = net.jacobianGram(theta: theta, inputs: x)
        var err2: Float80 = 0, trace: Float80 = 0
        for i in 0..<c.m {
            for k in 0..<jac.cols { trace += Float80(jac[i, k]) * Float80(jac[i, k]) }
            for j in 0..<c.m {
                var s: Float80 = 0
                for k in 0..<jac.cols { s += Float80(jac[i, k]) * Float80(jac[j, k]) }
                let d = Float80(jg.gram[i, j]) - s
                err2 += d * d
            }
        }
        let err = Double(err2.squareRoot())
        // ‖·‖_F bounds ‖·‖₂, so this is the stated bound or stronger.
        #expect(err <= jg.errorBound, "error \(err) vs bound \(jg.errorBound)")
        #expect(jg.errorBound <= 1e-12 * Double(trace), "bound \(jg.errorBound) vs ‖J‖_F² \(trace)")
        #expect(jg.gram == jg.gram.transposed)
    }

    @Test("array activation loops give the scalar form's bits", arguments: Activation.allCases)
    func arraysMatchScalar(_ a: Activation) {
        var rng = SeededSampler(seed: 11)
        let z = rng.normals(4096).enumerated().map { $0.element * ($0.offset % 3 == 0 ? 30 : 3) } + [0, -0, 700, -700, 1e-300]
        let n = z.count
        var v = [Double](repeating: 0, count: n), v2 = v, d1 = v, d1b = v, d2 = v
        z.withUnsafeBufferPointer { zp in
            a.evaluate(.value, at: zp.baseAddress!, count: n, into: &v)
            a.evaluate(.valueAndFirst, at: zp.baseAddress!, count: n, into: &v2, &d1)
            a.evaluate(.firstAndSecond, at: zp.baseAddress!, count: n, into: &d1b, &d2)
        }
        for k in 0..<n {
            let s = a.valueAndDerivatives(z[k])
            #expect(v[k].bitPattern == s.0.bitPattern && v2[k].bitPattern == s.0.bitPattern, "ϱ(\(z[k]))")
            #expect(d1[k].bitPattern == s.1.bitPattern && d1b[k].bitPattern == s.1.bitPattern, "ϱ'(\(z[k]))")
            #expect(d2[k].bitPattern == s.2.bitPattern, "ϱ''(\(z[k]))")
        }
    }
}
