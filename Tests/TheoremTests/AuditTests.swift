import CheckBoundsCLI
import Foundation
import Problems
import Testing
import TestSupport
import Theorems

/// `check-bounds audit` against an implementation written here from the formulas alone
/// (Proofs/RegularizedGGN.md §2, README "The model"): Φ and J by plain loops, the regularized
/// GGN step d = (JᵀJ/m + ∇²g)⁻¹(Jᵀe + ∇g), e = (Φ − y)/m, α = ᾱ/(1 + M_gη), η = √(∇gᵀ(∇²g)⁻¹∇g),
/// M_g = p^{(3−ν)/2}μ^{ν/2−2}M_h, in the parameter layout θ = (u_1, …, u_n, v). Nothing of the
/// engine's numerics is used: the problem is read back from the exported files.
@Suite("audit: a trajectory from an independent implementation")
struct AuditTests {
    static let options = ["--m", "6", "--m-test", "2", "--n0", "2", "--n", "5", "--tau", "0.01", "--seed", "4"]

    struct Reference {
        var x: [[Double]], y: [Double], theta0: [Double]
        var n: Int, n0: Int, kappa: Double, mu: Double, tau: Double, alphaBar: Double, mH: Double, nu: Double

        static func silu(_ z: Double) -> Double { z / (1 + Foundation.exp(-z)) }
        static func siluPrime(_ z: Double) -> Double { let s = 1 / (1 + Foundation.exp(-z)); return s * (1 + z * (1 - s)) }

        /// One regularized-GGN step from θ, by dense Gaussian elimination with partial pivoting.
        func step(_ th: [Double]) -> [Double] {
            let m = x.count, p = th.count
            var jac = [[Double]](repeating: [Double](repeating: 0, count: p), count: m)
            var e = [Double](repeating: 0, count: m)
            for j in 0..<m {
                var phi = 0.0
                for i in 0..<n {
                    var z = 0.0
                    for k in 0..<n0 { z += th[i * n0 + k] * x[j][k] }
                    let v = th[n * n0 + i]
                    phi += kappa * v * Self.silu(z)
                    for k in 0..<n0 { jac[j][i * n0 + k] = kappa * v * Self.siluPrime(z) * x[j][k] }
                    jac[j][n * n0 + i] = kappa * Self.silu(z)
                }
                e[j] = (phi - y[j]) / Double(m)
            }
            let grad = th.map { tau * $0 / (mu * mu + $0 * $0).squareRoot() }
            let hess = th.map { tau * mu * mu / Foundation.pow(mu * mu + $0 * $0, 1.5) }
            var a = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            var b = grad
            for r in 0..<p {
                for j in 0..<m { b[r] += jac[j][r] * e[j] }
                for c in 0..<p { for j in 0..<m { a[r][c] += jac[j][r] * jac[j][c] / Double(m) } }
                a[r][r] += hess[r]
            }
            let d = DenseReference.solve(a, b)
            let eta = zip(grad, hess).map { $0 * $0 / $1 }.reduce(0, +).squareRoot()
            let mG = Foundation.pow(Double(p), (3 - nu) / 2) * Foundation.pow(mu, nu / 2 - 2) * mH
            let alpha = alphaBar / (1 + mG * eta)
            return zip(th, d).map { $0 - alpha * $1 }
        }

        static func read(_ dir: String) throws -> Reference {
            func rows(_ f: String) throws -> [[Double]] {
                try String(contentsOfFile: dir + "/" + f, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",").map { Double($0)! } }
            }
            let c = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/config.json"))) as! [String: Any]
            func num(_ k: String) -> Double { (c[k] as! NSNumber).doubleValue }
            return Reference(x: try rows("X.csv"), y: try rows("y.csv").map { $0[0] }, theta0: try rows("theta0.csv").map { $0[0] },
                             n: Int(num("n")), n0: Int(num("n0")), kappa: num("kappa"), mu: num("mu"), tau: num("tau"),
                             alphaBar: num("alpha_bar"), mH: num("M_h"), nu: num("nu"))
        }
    }

    static func capture(_ body: ((String) -> Void) throws -> Int32) rethrows -> (Int32, String) {
        var text = ""
        let code = try body { text += $0 }
        return (code, text)
    }

    static func outcomes(_ json: String) throws -> [String] {
        let o = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        return (o["results"] as! [[String: Any]]).map { "\($0["theorem"]!) | \($0["reading"]!) | \($0["outcome"]!)" }
    }

    @Test("the reference trajectory gets check's verdicts; a θ_t moved by 1e-3 is flagged at that step; bad files are usage errors")
    func audit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cb-audit-\(getpid())-\(UUID().uuidString)").path
        #expect(CheckBounds.main(["trace"] + Self.options + ["--steps", "0", "--export-problem", dir + "/problem", "--output", dir + "/t.jsonl"]) == 0)
        let ref = try Reference.read(dir + "/problem")
        // As many steps as check runs on this instance.
        let config = try RunOptions.config(from: OptionParser.parse(Self.options, specs: CheckCommand.specs))
        let problem = try Problem.make(config.problem)
        let perRun = TheoremRegistry.all.filter { $0.trajectory != nil }
        let steps = perRun.compactMap(\.trajectory).map { $0.requiredSteps(problem, config) }.max()!
        var thetas = [ref.theta0]
        for _ in 0..<steps { thetas.append(ref.step(thetas.last!)) }
        func write(_ ts: [[Double]], _ name: String) throws -> String {
            let text = ts.map { "{\"theta\":[" + $0.map { "\($0)" }.joined(separator: ",") + "]}" }.joined(separator: "\n") + "\n"
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            return dir + "/" + name
        }
        let ids = perRun.map(\.id.rawValue).joined(separator: ",")
        let (checkCode, checkJSON) = try Self.capture { try CheckCommand.run(Self.options + ["--theorems", ids, "--format", "json"], out: $0) }
        let (auditCode, auditJSON) = try Self.capture { try AuditCommand.run(["--problem", dir + "/problem", "--trajectory", try write(thetas, "ref.jsonl"), "--format", "json"], out: $0) }
        let audit = try JSONSerialization.jsonObject(with: Data(auditJSON.utf8)) as! [String: Any]
        #expect((audit["steps_outside_tolerance"] as! [Int]).isEmpty)
        #expect((audit["steps"] as! [[String: Any]]).count == steps)
        #expect(try Self.outcomes(auditJSON) == Self.outcomes(checkJSON))
        // Issue 30 #6: the exit code says whether the trajectory is the method's; the theorems'
        // verdicts gate it only with --fail-on-counterexample (then it is check's).
        #expect(auditCode == 0 && audit["implementation_matches"] as? Bool == true)
        let (gatedCode, _) = try Self.capture { try AuditCommand.run(["--problem", dir + "/problem", "--trajectory", dir + "/ref.jsonl", "--format", "json", "--fail-on-counterexample"], out: $0) }
        #expect(gatedCode == checkCode)
        // Issue 30 #7: another method's steps are all compared (the parameter-space form is the same
        // step by push-through), with no theorem evaluated and a note that says why.
        let (paramCode, paramJSON) = try Self.capture { try AuditCommand.run(["--problem", dir + "/problem", "--trajectory", dir + "/ref.jsonl", "--format", "json", "--method", "ggn-param"], out: $0) }
        let param = try JSONSerialization.jsonObject(with: Data(paramJSON.utf8)) as! [String: Any]
        #expect((param["steps"] as! [[String: Any]]).count == steps && paramCode == 0, "\(param["note"] ?? "")")
        #expect((param["note"] as? String)?.contains("no theorem is evaluated") == true)
        // The same trajectory as CSV.
        let csv = dir + "/ref.csv"
        try (thetas.map { $0.map { "\($0)" }.joined(separator: ",") }.joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let (_, csvJSON) = try Self.capture { try AuditCommand.run(["--problem", dir + "/problem", "--trajectory", csv, "--format", "json"], out: $0) }
        #expect(try Self.outcomes(csvJSON) == Self.outcomes(auditJSON))
        // θ_3 moved by 1e-3 relative: the step 2 → 3 is outside the tolerance, the steps before are not.
        var moved = thetas
        moved[3] = moved[3].map { $0 * (1 + 1e-3) }
        let (movedCode, movedJSON) = try Self.capture { try AuditCommand.run(["--problem", dir + "/problem", "--trajectory", try write(moved, "moved.jsonl"), "--format", "json"], out: $0) }
        let flagged = (try JSONSerialization.jsonObject(with: Data(movedJSON.utf8)) as! [String: Any])["steps_outside_tolerance"] as! [Int]
        #expect(flagged.first == 2 && movedCode == 1)
        // Wrong length and a θ_0 that is not the problem's.
        var short = thetas
        short[1].removeLast()
        #expect(throws: UsageError("--trajectory: \(dir)/short.jsonl: line 2: θ has 14 entries, expected p = n·n0 + n = 5·2 + 5 = 15")) {
            _ = try AuditCommand.run(["--problem", dir + "/problem", "--trajectory", try write(short, "short.jsonl")], out: { _ in })
        }
        var start = thetas
        start[0][0] += 1
        #expect(throws: UsageError.self) { _ = try AuditCommand.run(["--problem", dir + "/problem", "--trajectory", try write(start, "start.jsonl")], out: { _ in }) }
        #expect(CheckBounds.main(["audit", "--problem", dir + "/missing", "--trajectory", dir + "/ref.jsonl"]) == 2)
    }
}
