import Foundation
import Optimizers
import Problems
import Serialization
import Trajectories

/// The same steps on the same problem by an independent NumPy implementation
/// (`Benchmarks/numpy_peer.py`, written from Proofs/RegularizedGGN.md), run in the same bench
/// run so that the ratios compare like with like on this machine and load.
public struct NumPyPeer: Sendable {
    public var numpyVersion: String
    /// Median seconds per step: plain; with σ(J) by an SVD of J (the accurate peer); with σ
    /// from the eigenvalues of JJᵀ (the interval route's peer).
    public var plain: Double
    public var instrumentedSVD: Double
    public var instrumentedGram: Double
    /// ‖θ_1(NumPy) − θ_1(ours)‖ / ‖θ_1(ours)‖ from θ_0: the two implementations agree.
    public var agreement: Double

    /// The peer's result, or why it was skipped (no python3 with numpy, no script).
    public static func run(m: Int, n: Int, n0: Int, reps: Int, script: String) -> Result<NumPyPeer, PeerSkipped> {
        guard FileManager.default.fileExists(atPath: script) else { return .failure(PeerSkipped("the script \(script) is not here")) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("check-bounds-peer-\(ProcessInfo.processInfo.processIdentifier)").path
        Cleanup.register(dir)
        defer { try? FileManager.default.removeItem(atPath: dir); Cleanup.unregister(dir) }
        do {
            let config = StepBenchmark.config(m: m, n: n, n0: n0)
            let problem = try Problem.make(config.problem)
            try ProblemExport.write(problem, config: config, to: dir)
            let engine = try TrajectoryEngine(problem: problem, config: config)
            var optimizer = engine.optimizer
            let ours = try optimizer.step(engine.objective.evaluate(problem.theta0), iteration: 0, objective: engine.objective).next
            let (status, output) = try python([script, dir, String(reps)])
            guard status == 0, let data = output.data(using: .utf8),
                  let o = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let theirs = o["theta1"] as? [Double], theirs.count == ours.count,
                  let plain = o["plain"] as? Double, let svd = o["instrumented_svd"] as? Double, let gram = o["instrumented_gram"] as? Double,
                  plain > 0, svd > 0, gram > 0 else {
                return .failure(PeerSkipped(status == 0 ? "the peer's output was not understood" : "python3 with numpy is not available (exit \(status))"))
            }
            var num = 0.0, den = 0.0
            for i in ours.indices { num += (theirs[i] - ours[i]) * (theirs[i] - ours[i]); den += ours[i] * ours[i] }
            return .success(NumPyPeer(numpyVersion: o["numpy"] as? String ?? "?", plain: plain, instrumentedSVD: svd, instrumentedGram: gram,
                                      agreement: (num / max(den, .leastNormalMagnitude)).squareRoot()))
        } catch {
            return .failure(PeerSkipped("\(error)"))
        }
    }

    /// Runs `python3 args…`; NumPy's BLAS uses every core, as the bench's own steps do.
    static func python(_ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

public struct PeerSkipped: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ d: String) { description = d }
}
