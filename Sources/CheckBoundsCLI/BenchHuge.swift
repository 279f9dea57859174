import Benchmark
import Foundation

/// `bench`'s streamed row: steps at a width whose Jacobian is never formed (Proofs/Numerics.md §2.5).
extension BenchCommand {
    static func hugeSection(n: Int, n0: Int, rate: Double) -> (String, Result<HugeStepResult, Error>) {
        let m = 40, p = n * n0 + n
        var s = "## Streamed steps at \(n) hidden units (m = \(m), n0 = \(n0), p = \(p))\n\n"
        s += "J would be m·p·8 bytes = " + String(format: "%.1f GB", Double(m) * Double(p) * 8 / 1e9) + " and is never formed: each step walks the neurons in blocks "
        s += "(Z_b = X·U_bᵀ, the activations, then `dsyrk` into K or the structured Gram, and a second pass for d = Jᵀz or H^{−1/2}Wᵀz); "
        s += "only θ_t, d_t and θ_{t+1} are p-vectors (" + String(format: "%.2f GB", Double(p) * 8 / 1e9) + " each). "
        s += "This row runs before every other timing, so the process's peak resident memory after it is its own (the start-up and the dgemm-rate matrices are below it, reported). "
        s += "Two consecutive steps of each method from θ_0, no warm-up (each step is seconds long).\n\n"
        let result: HugeStepResult
        do {
            result = try HugeBenchmark.run(m: m, n: n, n0: n0, steps: 2)
        } catch {
            return (s + "**The run failed**: \(error).\n\n", .failure(error))
        }
        s += "| step | times (s) | GFLOP | GFLOP/s | % of dgemm rate | ‖Φ − y‖ along the steps |\n|---|---|---|---|---|---|\n"
        for (name, st, fl, res) in [("regularized GGN (Woodbury form, τ = 1e-3, pseudo-Huber)", result.ggn, result.ggnFlops, result.ggnResiduals),
                                    ("Gram-Gauss-Newton (002)", result.gramGN, result.gramGNFlops, result.gramGNResiduals)] {
            s += "| \(name) | " + st.samples.map { String(format: "%.2f", $0) }.joined(separator: ", ")
            s += String(format: " | %.1f | %.2f | %.0f%% | ", fl / 1e9, fl / st.median / 1e9, 100 * fl / st.median / rate)
            s += res.map { String(format: "%.3g", $0) }.joined(separator: " → ") + " |\n"
        }
        s += String(format: "\nProblem and θ_0 generated in %.1f s. Peak resident memory: %.2f GB after the row (%.2f GB before it).\n\n",
                    result.setUp, Double(result.peakRSS) / 1e9, Double(result.peakRSSBefore) / 1e9)
        s += "The GFLOP count is the level-3 work (K's or the Gram's `dsyrk`, the block `dgemm`s); the activations, one transcendental evaluation per entry of each m×block Z_b in each pass, are not counted and take most of the Gram-GN step.\n\n"
        return (s, .success(result))
    }

    /// The Targets line of the huge row: met iff both methods completed their steps under 4 GB.
    static func hugeTarget(_ huge: Result<HugeStepResult, Error>) -> String {
        switch huge {
        case let .failure(e):
            return "| step at 2^24 hidden units completes with peak memory < 4 GB | failed: \(e) | **not met** |\n"
        case let .success(r):
            let ok = r.peakRSS < 4_000_000_000 && r.ggn.count > 0 && r.gramGN.count > 0
            let label = r.n == 1 << 24 ? "2^24" : "\(r.n)"
            return String(format: "| step at %@ hidden units (p = %d) completes with peak memory < 4 GB | %.2f GB; %d + %d steps, median %.1f s (GGN), %.1f s (Gram-GN) | %@ |\n",
                          label, r.p, Double(r.peakRSS) / 1e9, r.ggn.count, r.gramGN.count, r.ggn.median, r.gramGN.median, ok ? "**met**" : "**not met**")
        }
    }
}
