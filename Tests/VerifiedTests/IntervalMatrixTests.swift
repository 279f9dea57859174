import Intervals
import LinearAlgebra
import SeededRandom
import Testing
import TwoLayerNetwork
import Verified

/// Interval matrix products and norm bounds against Float80, and an end-to-end σ enclosure.
@Suite struct IntervalMatrixTests {
    static func random(_ r: Int, _ c: Int, _ rng: inout SeededSampler, scale: Double = 1) -> Matrix {
        Matrix(rows: r, cols: c, columnMajor: rng.normals(r * c).map { $0 * scale })
    }

    @Test("products (interval × interval, point × interval, matrix × vector) contain the Float80 products")
    func products() {
        var rng = SeededSampler(seed: 3)
        for scale in [1.0, 1e-150, 1e150] {
            let a = Self.random(4, 6, &rng, scale: scale), b = Self.random(6, 3, &rng)
            let x = rng.normals(6)
            let c = IntervalMatrix(a) * IntervalMatrix(b), cp = a * IntervalMatrix(b), cq = IntervalMatrix(a) * b
            let ax = IntervalMatrix(a) * x
            for i in 0..<4 {
                var y: Float80 = 0
                for k in 0..<6 { y += Float80(a[i, k]) * Float80(x[k]) }
                #expect(ax[i].contains80(y))
                for j in 0..<3 {
                    var s: Float80 = 0
                    for k in 0..<6 { s += Float80(a[i, k]) * Float80(b[k, j]) }
                    #expect(c[i, j].contains80(s) && cp[i, j].contains80(s) && cq[i, j].contains80(s), "scale \(scale) (\(i),\(j))")
                    #expect(c[i, j].width <= 1e-14 * scale * 10)
                }
            }
            #expect(IntervalMatrix(a).transposed.midpoint == a.transposed)
        }
    }

    @Test("Frobenius and ∞-norm bounds are upper bounds and tight, at scales 1, 1e-160 and 1e150")
    func norms() {
        var rng = SeededSampler(seed: 8)
        for scale in [1.0, 1e-160, 1e150] {
            var a = IntervalMatrix(Self.random(5, 7, &rng, scale: scale))
            a[0, 0] = Interval(-2 * scale, scale)   // a wide entry: its magnitude is 2·scale
            var f: Float80 = 0, inf: Float80 = 0
            for i in 0..<5 {
                var row: Float80 = 0
                for j in 0..<7 { let m = Float80(a[i, j].magnitudeUpperBound); f += m * m; row += m }
                inf = max(inf, row)
            }
            f = f.squareRoot()
            let fb = Float80(a.frobeniusUpperBound), ib = Float80(a.infinityNormUpperBound)
            #expect(fb >= f && fb <= f * (1 + 1e-14), "Frobenius at \(scale)")
            #expect(ib >= inf && ib <= inf * (1 + 1e-14), "∞-norm at \(scale)")
        }
    }

    @Test("the Gram [J][J]ᵀ contains J Jᵀ and has nonnegative diagonal lower ends")
    func gram() {
        var rng = SeededSampler(seed: 13)
        let j = IntervalMatrix(Self.random(3, 9, &rng))
        let g = j.gram, p = j * j.transposed
        for r in 0..<3 {
            #expect(g[r, r].lo >= 0)
            for c in 0..<3 {
                #expect(g[r, c] == g[c, r] && g[r, c].contains(p[r, c].mid))
                var s: Float80 = 0
                for k in 0..<9 { s += Float80(j[r, k].lo) * Float80(j[c, k].lo) }
                #expect(g[r, c].contains80(s))
            }
        }
    }

    @Test("end to end: σ_min, σ_max of the network's J enclosure contain LAPACK's σ of the project's J", arguments: Activation.allCases)
    func networkSigma(_ a: Activation) throws {
        var rng = SeededSampler(seed: 21)
        let net = TwoLayerNetwork(inputDimension: 3, width: 4, activation: a)
        let theta = rng.normals(net.parameterCount), x = Self.random(5, 3, &rng)
        let enc = NetworkEnclosure(network: net, theta: theta, inputs: x)
        let s = try #require(SymmetricEigenEnclosure.singularValueExtremes(enc.jacobian))
        let sv = try Spectral.singularValues(net.outputsAndJacobian(theta: theta, inputs: x).jacobian)
        // LAPACK's σ carries an error O(ε σ_max); the enclosure's width is far larger than that.
        let tol = 1e-14 * sv[0]
        #expect(s.max.lo - tol <= sv[0] && sv[0] <= s.max.hi + tol)
        #expect(s.min.lo - tol <= sv[4] && sv[4] <= s.min.hi + tol)
        #expect(s.max.width <= 1e-9 * sv[0])
    }
}
