import Benchmark
import Foundation
import LinearAlgebra

/// `bench`'s Targets table and the NumPy peer's section: met / not met computed from the run's
/// own measurements, and for each miss what bounds it, from the same run's phase timings.
extension BenchCommand {
    /// The independent NumPy implementation on the main problem: its medians beside ours, the
    /// ratios, and the agreement of the two first steps.
    static func peerSection(main: StepBenchmarkResult, reps: Int, rate: Double) -> (String, NumPyPeer?) {
        var s = "## Against an independent NumPy implementation (same problem, same step, same run)\n\n"
        switch NumPyPeer.run(m: main.m, n: main.n, n0: main.n0, reps: reps, script: "Benchmarks/numpy_peer.py") {
        case let .failure(why):
            return (s + "Skipped: \(why).\n\n", nil)
        case let .success(peer):
            s += "`Benchmarks/numpy_peer.py` (NumPy \(peer.numpyVersion)), written from Proofs/RegularizedGGN.md, not from our code, on the problem `--export-problem` writes; median of \(reps) steps after a warm-up. "
            s += String(format: "Its first step agrees with ours to %.1e relative (‖θ₁ − θ₁′‖/‖θ₁‖).\n\n", peer.agreement)
            s += "| step | ours (ms) | NumPy (ms) | NumPy / ours | ours / BLAS bound |\n|---|---|---|---|---|\n"
            let rows: [(String, Double, Double, Double)] = [
                ("plain", main.plain.median, peer.plain, main.plainFlops),
                ("instrumented, default σ route (ours: verdicts of the accurate route) / σ by SVD of J (NumPy)", main.instrumented.median, peer.instrumentedSVD, main.instrumentedFlops),
                ("instrumented, σ(J) accurate at every step (ours) / by SVD of J (NumPy)", main.instrumentedAccurate.median, peer.instrumentedSVD, main.instrumentedAccurateFlops),
                ("instrumented, σ interval (ours) / Gram eigenvalues (NumPy)", main.instrumentedInterval.median, peer.instrumentedGram, main.instrumentedIntervalFlops),
            ]
            for (name, ours, theirs, flops) in rows {
                s += String(format: "| %@ | %.1f | %.1f | %.2f× | %.2f× |\n", name, ours * 1e3, theirs * 1e3, theirs / ours, ours / (flops / rate))
            }
            return (s + "\n", peer)
        }
    }

    /// The targets against the measurements, and for each missed one what bounds it,
    /// from the phase timings of this very run.
    static func targetsSection(main: StepBenchmarkResult, peer: NumPyPeer?, large: StepBenchmarkResult?, huge: Result<HugeStepResult, Error>? = nil,
                               sweep: SweepTiming? = nil, rate: Double) -> String {
        func ms(_ x: Double) -> String { String(format: "%.1f ms", x * 1e3) }
        func verdict(_ ok: Bool) -> String { ok ? "**met**" : "**not met**" }
        func phase(_ prefix: String) -> Double? { main.phases.first { $0.name.hasPrefix(prefix) }?.stats.median }
        var s = "## Targets\n\nComputed from this run (the peer's ratios from its own timings in the section above).\n\n| target | measured | |\n|---|---|---|\n"
        let acc = main.instrumented.median, itv = main.instrumentedInterval.median, everyStep = main.instrumentedAccurate.median
        let bound = main.plainFlops / rate, iBound = main.instrumentedFlops / rate
        if let peer {
            s += String(format: "| default instrumented step ≥ 4× the NumPy peer (σ(J) by SVD) | %.2f× | %@ |\n", peer.instrumentedSVD / acc, verdict(peer.instrumentedSVD / acc >= 4))
            s += String(format: "| plain step ≥ 2.5× the NumPy plain step | %.2f× | %@ |\n", peer.plain / main.plain.median, verdict(peer.plain / main.plain.median >= 2.5))
        } else {
            s += "| the ratios to the NumPy peer | not measured (peer skipped) | – |\n"
        }
        s += String(format: "| default instrumented step ≤ 1.5× its BLAS bound (%.1f ms) | %@ (%.2f×) | %@ |\n", iBound * 1e3, ms(acc), acc / iBound, verdict(acc <= 1.5 * iBound))
        s += String(format: "| plain step ≤ 1.5× its BLAS bound (%.1f ms) | %@ (%.2f×) | %@ |\n", bound * 1e3, ms(main.plain.median),
                    main.plain.median / bound, verdict(main.plain.median <= 1.5 * bound))
        if let sweep {
            s += String(format: "| the `%@` suite's theorem checks no slower than with σ accurate at every step, same outcomes | %.1f s vs %.1f s; outcomes %@ | %@ |\n",
                        sweep.suite, sweep.refine, sweep.accurate, sweep.sameOutcomes ? "identical" : "differ", verdict(sweep.refine <= sweep.accurate && sweep.sameOutcomes))
        }
        s += "| instrumented step, σ accurate at every step (`--sigma accurate`, for comparison) | \(ms(everyStep)) | – |\n"
        s += "| instrumented step, σ as an estimated interval (for comparison) | \(ms(itv)) | – |\n"
        if let large {
            s += String(format: "| p = %d run completes steps with peak memory < 4 GB | %.2f GB, %d + %d + %d steps | %@ |\n", large.p,
                        Double(large.peakRSS) / 1e9, large.plain.count, large.instrumented.count, large.instrumentedInterval.count,
                        verdict(large.peakRSS < 4_000_000_000 && large.plain.count > 0 && large.instrumented.count > 0))
        }
        if let huge { s += hugeTarget(huge) }
        s += "\n"
        if let qr = phase("σ(J), accurate route"), let gram = phase("σ(J), interval route") {
            let rest = max(0, everyStep - qr)
            let k = main.conditionNumbers
            let kText = k.isEmpty ? "" : String(format: " — on the timed steps κ(J) = σ_max/σ_min went from %.1e to %.1e", k.first!, k.last!)
            s += "What bounds the step with σ accurate at every step: σ(J) to O(ε·σ_max) needs an orthogonal factorization of J\(kText), "
            s += "and the eigenvalues of JJᵀ carry an absolute error near m²u‖J‖², so they say nothing about a σ_min below about m·√u·σ_max "
            s += "(Proofs/Numerics.md §2). "
            s += String(format: "The QR of Jᵀ and the SVD of its triangle take %@ (%.2f GFLOP; Householder QR runs at about half of dgemm's rate, the bidiagonal reduction is half level-2 BLAS); ", ms(qr), (FlopCount.gelqf(main.m, main.p) + FlopCount.gebrd(main.m)) / 1e9)
            s += "everything else in the instrumented step takes about \(ms(rest)). "
            s += "The interval route replaces them by the structured Gram and its extreme eigenvalues, \(ms(gram)), and reports σ_min(J) as an estimated interval instead (its half-width is what the checks propagate). "
            s += "The default route takes the interval and pays for the orthogonal factorization only at the steps where a check is undecided at the interval's width: \(main.refinedSteps) of the \(main.instrumented.count) timed steps here.\n\n"
            s += "What bounds the default step: the same as the interval step below, plus \(main.refinedSteps) refinements.\n\n"
            let parts = ["G̃ =", "Φ(θ_{t+1})", "GSC ratios"].compactMap(phase)
            let floor = main.plain.median + parts.reduce(0, +)
            s += "What bounds the interval step: the plain step (\(ms(main.plain.median))) plus the quantities every check needs besides σ(J) — G̃ from the step's LU, Φ(θ_{t+1}) with Jd and D²Φ[d,d], the GSC ratios — "
            s += "already take \(ms(floor)) timed alone, and the Gram route adds \(ms(gram)) (two dsyrk of m²n flops and a dsytrd, half of it level-2 BLAS).\n\n"
        }
        let floor = StepBenchmark.kernelFloor(m: main.m, p: main.p)
        let eval = phase("Φ, J, g") ?? 0
        s += String(format: "What bounds the plain step: its BLAS bound assumes dgemm's rate for every flop; OpenBLAS's own dsyrk of the (m+1)×p matrix and dgetrf of the (m+1)×(m+1) kernel, timed alone on this machine, take %.1f ms and %.1f ms (%.0f%% and %.0f%% of dgemm's rate), ",
                    floor.syrk * 1e3, floor.getrf * 1e3, 100 * FlopCount.syrk(main.m + 1, main.p) / floor.syrk / rate, 100 * FlopCount.getrf(main.m + 1) / floor.getrf / rate)
        s += String(format: "and evaluating Φ, J and the regularizer's derivatives (O(mp) transcendental functions, not BLAS work) %.1f ms: a floor of %.1f ms under the measured %.1f ms.\n\n",
                    eval * 1e3, (floor.syrk + floor.getrf + eval) * 1e3, main.plain.median * 1e3)
        return s
    }
}
