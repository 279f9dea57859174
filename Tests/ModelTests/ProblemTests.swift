import Foundation
import LinearAlgebra
import Problems
import Testing
import TwoLayerNetwork

@Suite("Problems: seeded teacher-student, CSV inputs, prescribed NTK conditioning")
struct ProblemTests {
    static func spec(seed: UInt64, m: Int = 30, n: Int = 40) -> ProblemSpec {
        var s = ProblemSpec()
        s.trainCount = m; s.testCount = 12; s.width = n; s.seed = seed
        return s
    }

    @Test("same seed, same problem bit for bit; another seed, another problem", arguments: [UInt64(0), 7, 123456789])
    func determinism(seed: UInt64) throws {
        let a = try Problem.make(Self.spec(seed: seed)), b = try Problem.make(Self.spec(seed: seed))
        #expect(a.trainInputs.storage.map(\.bitPattern) == b.trainInputs.storage.map(\.bitPattern))
        #expect(a.trainTargets.map(\.bitPattern) == b.trainTargets.map(\.bitPattern))
        #expect(a.theta0.map(\.bitPattern) == b.theta0.map(\.bitPattern))
        let c = try Problem.make(Self.spec(seed: seed + 1))
        #expect(c.theta0 != a.theta0 && c.trainInputs != a.trainInputs)
    }

    @Test("teacher-student matches the paper's recipe")
    func recipe() throws {
        let s = Self.spec(seed: 3)
        let p = try Problem.make(s)
        for j in 0..<p.trainInputs.rows { #expect(abs(Vector.norm2(p.trainInputs.row(j)) - 1) <= 4e-16) }
        let (u, v) = TeacherStudent.teacher(s)
        #expect(v.allSatisfy { $0 == 1 || $0 == -1 })
        for i in 0..<u.rows { #expect(abs(Vector.norm2(u.row(i)) - 1) <= 4e-16) }
        // y_j = Σ v*_i ϱ(u*_i·x_j), recomputed by plain loops.
        for j in 0..<p.trainInputs.rows {
            var y = 0.0
            for i in 0..<u.rows {
                var z = 0.0
                for k in 0..<u.cols { z += u[i, k] * p.trainInputs[j, k] }
                y += v[i] * Activation.silu.value(z)
            }
            #expect(abs(y - p.trainTargets[j]) <= 1e-14)
        }
        let vs = p.theta0[(s.width * s.inputDimension)...]
        #expect(vs.allSatisfy { $0 >= 0 && $0 < s.kappaW })
        #expect(abs(p.network.kappa - 1 / Double(s.width).squareRoot()) == 0)
        // Changing m leaves the teacher and θ_0 unchanged (independent streams).
        let q = try Problem.make(Self.spec(seed: 3, m: 31))
        #expect(q.theta0 == p.theta0 && q.testInputs == p.testInputs)
    }

    @Test("conditioned-NTK problems reach the prescribed λ_min(J_0J_0ᵀ)", arguments: [1e-4, 1e-6, 1e-8])
    func conditioning(target: Double) throws {
        var s = Self.spec(seed: 1, m: 20, n: 60)
        s.kind = .conditionedNTK
        s.targetLambdaMin = target
        let p = try Problem.make(s)
        let j = p.network.outputsAndJacobian(theta: p.theta0, inputs: p.trainInputs).jacobian
        let l = try Spectral.symmetricEigenvalues(Matrix.gram(j))[0]
        #expect(abs(l / target - 1) <= 0.02, "λ_min = \(l), target \(target)")
    }

    @Test func unreachableConditioningIsRefused() {
        var s = Self.spec(seed: 1, m: 20, n: 60)
        s.kind = .conditionedNTK
        s.targetLambdaMin = 10
        #expect(throws: ProblemError.self) { try Problem.make(s) }
    }

    @Test func csvParsing() throws {
        let rows = try CSVProblem.parseNumericCSV("a,b,c\n1,2,3\n4,5,6.5\n\n", name: "t.csv")
        #expect(rows == [[1, 2, 3], [4, 5, 6.5]])
        #expect(throws: ProblemError("t.csv: line 3, column 2: 'x' is not a finite number (every data field must be numeric)")) {
            try CSVProblem.parseNumericCSV("1,2\n3,4\n5,x\n", name: "t.csv")
        }
        #expect(throws: ProblemError("t.csv: line 2 has 3 columns, expected 2 (all rows need the same number of columns)")) {
            try CSVProblem.parseNumericCSV("1,2\n3,4,5\n", name: "t.csv")
        }
        #expect(throws: ProblemError("t.csv: no numeric data rows")) { try CSVProblem.parseNumericCSV("\n\n", name: "t.csv") }
        #expect(throws: ProblemError("t.csv: line 2, column 1: 'nan' is not a finite number (every data field must be numeric)")) {
            try CSVProblem.parseNumericCSV("0,1\nnan,1\n", name: "t.csv")
        }
    }

    @Test func csvProblemFromFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csvtest-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("x.csv").path
        let text = "f1,f2,f3\n" + (0..<15).map { i in "\(Double(i)),\(Double(i % 4) - 1.5),2" }.joined(separator: "\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var s = ProblemSpec()
        s.kind = .csv; s.csvPath = path; s.trainCount = 10; s.testCount = 5; s.width = 8
        let p = try Problem.make(s)
        #expect(p.trainInputs.rows == 10 && p.testInputs.rows == 5 && p.network.inputDimension == 3)
        #expect(abs(Vector.norm2(p.trainInputs.row(4)) - 1) <= 4e-16)
        s.csvPath = dir.appendingPathComponent("missing.csv").path
        #expect(throws: ProblemError.self) { try Problem.make(s) }
        s.csvPath = path; s.trainCount = 11
        #expect(throws: ProblemError("\(path): has 15 data rows, fewer than m + m-test = 11 + 5 (allowed: m + m-test ≤ 15)")) { try Problem.make(s) }
    }
}
