import Intervals
import LinearAlgebra
import SeededRandom
import Testing
import Verified

/// The verified solve against systems built from a known integer solution (b = A x exact).
@Suite struct LinearSolveTests {
    static func system(_ a: Matrix, _ x: [Double]) -> [Double] {
        (0..<a.rows).map { i in (0..<a.cols).reduce(0.0) { $0 + a[i, $1] * x[$1] } }   // exact: small integers
    }

    @Test("random integer system: the enclosure contains the integer solution and is tight")
    func integerSystem() throws {
        var rng = SeededSampler(seed: 11)
        let n = 7
        var a = Matrix(rows: n, cols: n)
        for k in a.storage.indices { a.storage[k] = (rng.uniform(-6, 6)).rounded() }
        for i in 0..<n { a[i, i] += 20 }
        let x = (0..<n).map { _ in rng.uniform(-50, 50).rounded() }
        let e = try #require(LinearSystemEnclosure.solve(a, Self.system(a, x)))
        for i in 0..<n {
            #expect(e[i].contains(x[i]), "x[\(i)] = \(x[i]) not in \(e[i])")
            #expect(e[i].width <= 1e-12 * max(1, abs(x[i])))
        }
    }

    @Test("scaled Hilbert matrix (n = 6, cond ≈ 1.5e7) with integer entries")
    func hilbert() throws {
        let n = 6
        var a = Matrix(rows: n, cols: n)
        for i in 0..<n { for j in 0..<n { a[i, j] = 27720 / Double(i + j + 1) } }   // lcm(1…11) = 27720: integers
        let x: [Double] = [1, -2, 3, -4, 5, -6]
        let e = try #require(LinearSystemEnclosure.solve(a, Self.system(a, x)))
        for i in 0..<n { #expect(e[i].contains(x[i]) && e[i].width < 1e-6) }
    }

    @Test("an interval system A ± 1e-10 encloses the solution of its member A")
    func intervalSystem() throws {
        let a = Matrix([[4, 1, 0], [1, 3, -1], [0, -1, 2]]), x: [Double] = [2, -1, 3]
        var ai = IntervalMatrix(a)
        for k in ai.storage.indices { ai.storage[k] = ai.storage[k] + Interval(-1e-10, 1e-10) }
        let e = try #require(LinearSystemEnclosure.solve(ai, Self.system(a, x).map { Interval($0) }))
        for i in 0..<3 { #expect(e[i].contains(x[i]) && e[i].width < 1e-8) }
    }

    @Test("singular matrices give nil: exactly singular, and an interval matrix with a singular member")
    func singular() {
        #expect(LinearSystemEnclosure.solve(Matrix([[1, 2], [2, 4]]), [1, 2]) == nil)
        var ai = IntervalMatrix(Matrix([[1, 2], [2, 4.05]]))
        ai[1, 1] = Interval(3.95, 4.05)   // contains 4, where det = 0
        #expect(LinearSystemEnclosure.solve(ai, [Interval(1), Interval(2)]) == nil)
        #expect(LinearSystemEnclosure.solve(Matrix([[1, 1, 1], [1, 2, 3], [2, 3, 4]]), [1, 2, 3]) == nil)
    }
}
