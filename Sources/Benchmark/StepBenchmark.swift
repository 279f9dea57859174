import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Quantities
import Trajectories

/// One timed phase of a step: its name, the timings and the floating-point operations it
/// must do (counted from the shapes; Proofs-free bookkeeping, see `FlopCount`).
public struct PhaseTiming: Sendable {
    public var name: String
    public var stats: TimingStats
    public var flops: Double
}

/// The measurements at one problem size.
public struct StepBenchmarkResult: Sendable {
    public var m: Int
    public var n: Int
    public var n0: Int
    public var p: Int
    public var plain: TimingStats
    public var plainFlops: Double
    /// The suites' default, `--sigma refine`: the Gram interval, refined by the orthogonal route at
    /// the steps where a theorem check is undecided at its width (`refinedSteps` of them).
    public var instrumented: TimingStats
    public var instrumentedFlops: Double
    public var refinedSteps: Int
    /// σ(J) by the accurate route at every step (error O(ε·σ_max), `--sigma accurate`).
    public var instrumentedAccurate: TimingStats
    public var instrumentedAccurateFlops: Double
    /// σ(J) as the estimated Gram interval (`--sigma interval`).
    public var instrumentedInterval: TimingStats
    public var instrumentedIntervalFlops: Double
    /// Which σ route the accurate-route trajectory took at its timed steps (counts by method).
    public var accurateRouteMethods: [String: Int]
    /// κ(J_t) = σ_max/σ_min at the timed steps of the accurate-route trajectory (∞ where the
    /// computed σ_min is 0).
    public var conditionNumbers: [Double]
    public var phases: [PhaseTiming]
    public var peakRSS: Int
}

/// Flop counts of the dense kernels (multiply-add = 2 flops), as LAPACK Working Note 41 counts them.
public enum FlopCount {
    public static func gemm(_ m: Int, _ n: Int, _ k: Int) -> Double { 2 * Double(m) * Double(n) * Double(k) }
    /// dsyrk, C (n×n) = A Aᵀ with A n×k: n(n+1)k.
    public static func syrk(_ n: Int, _ k: Int) -> Double { Double(n) * Double(n + 1) * Double(k) }
    public static func getrf(_ n: Int) -> Double { 2.0 / 3.0 * pow(Double(n), 3) }
    /// dgetrs with r right-hand sides.
    public static func getrs(_ n: Int, _ r: Int) -> Double { 2 * Double(n) * Double(n) * Double(r) }
    /// dgelqf of an m×p matrix (m ≤ p).
    public static func gelqf(_ m: Int, _ p: Int) -> Double { 2 * Double(m) * Double(m) * (Double(p) - Double(m) / 3) }
    /// Bidiagonal reduction of an n×n matrix (the values-only SVD is dominated by it).
    public static func gebrd(_ n: Int) -> Double { 8.0 / 3.0 * pow(Double(n), 3) }
    /// dsytrd of an n×n matrix (values-only symmetric eigenproblem).
    public static func sytrd(_ n: Int) -> Double { 4.0 / 3.0 * pow(Double(n), 3) }
    /// The structured Gram (AAᵀ)∘(XXᵀ) + BBᵀ of an m×(n·n0 + n) Jacobian: three dsyrk.
    public static func structuredGram(m: Int, n: Int, n0: Int) -> Double { 2 * syrk(m, n) + syrk(m, n0) }
}

public enum StepBenchmark {
    /// dgemm rate (flop/s) on square n×n matrices, median of `reps`.
    public static func dgemmRate(n: Int = 2000, reps: Int = 5) -> Double {
        var a = Matrix(rows: n, cols: n), b = Matrix(rows: n, cols: n)
        for i in a.storage.indices { a.storage[i] = Double((i * 7919) % 1000) / 1000 - 0.5; b.storage[i] = Double((i * 104729) % 997) / 997 - 0.5 }
        _ = Matrix.multiply(a, b)
        var ts: [Double] = []
        for _ in 0..<reps { ts.append(Clock.time { Matrix.multiply(a, b) }.1) }
        return FlopCount.gemm(n, n, n) / TimingStats(ts).median
    }

    /// What OpenBLAS and LAPACK alone take for the plain step's two kernels at these sizes:
    /// dsyrk of an (m+1)×p matrix and dgetrf of the (m+1)×(m+1) result (medians of `reps`),
    /// the floor under the plain step once its evaluation is added.
    public static func kernelFloor(m: Int, p: Int, reps: Int = 5) -> (syrk: Double, getrf: Double) {
        let n = m + 1
        var w = [Double](repeating: 0, count: n * p)
        for i in w.indices { w[i] = Double((i &* 7919) % 1000) / 1000 - 0.5 }
        var ts: [Double] = [], tl: [Double] = []
        var k = Matrix(rows: n, cols: n)
        for r in 0...reps {
            let t0 = Clock.now()
            w.withUnsafeBufferPointer { Matrix.rankKUpdateLower(&k, a: $0.baseAddress!, inner: p, lda: n, beta: 0) }
            let t1 = Clock.now()
            k.symmetrizeFromLower()
            for i in 0..<n { k[i, i] += Double(p) }
            let t2 = Clock.now()
            _ = try? LU(k)
            let t3 = Clock.now()
            if r > 0 { ts.append(t1 - t0); tl.append(t3 - t2) }
        }
        return (TimingStats(ts).median, TimingStats(tl).median)
    }

    /// The default teacher-student configuration at the given sizes.
    public static func config(m: Int, n: Int, n0: Int, seed: UInt64 = 0) -> RunConfig {
        var c = RunConfig()
        c.problem.trainCount = m
        c.problem.inputDimension = n0
        c.problem.width = n
        c.problem.seed = seed
        c.recordSpectra = false
        c.recordTestLoss = false   // as `InstrumentedRun` runs it: no check reads the test loss
        return c
    }

    /// Times `reps` consecutive steps of the plain regularized GGN (evaluate Φ, J, g; the
    /// (m+1)×(m+1) system; the direction; the update) and of the fully instrumented step
    /// (the same plus the test loss and every quantity the theorem checks read, exactly as
    /// `InstrumentedRun` computes them), then each phase of the instrumented step alone.
    /// `refinement` is the theorem engine's question for `--sigma refine` (`SpectrumRefinement`;
    /// nil: every wide interval is refined).
    public static func run(m: Int, n: Int, n0: Int, reps: Int, phases: Bool = true, instrumented: Bool = true,
                           refinement: (@Sendable (RunConfig) -> @Sendable (StepQuantities) -> Bool)? = nil) throws -> StepBenchmarkResult {
        let config = config(m: m, n: n, n0: n0)
        let problem = try Problem.make(config.problem)
        let engine = try TrajectoryEngine(problem: problem, config: config)
        let objective = engine.objective
        var optimizer = engine.optimizer
        let p = problem.parameterCount

        // (a) plain steps along the trajectory, one warm-up.
        var theta = problem.theta0
        var plain: [Double] = []
        for r in 0...reps {
            let t0 = Clock.now()
            let ev = objective.evaluate(theta)
            theta = try optimizer.step(ev, iteration: r, objective: objective).next
            if r > 0 { plain.append(Clock.now() - t0) }
        }
        let plainFlops = FlopCount.gemm(m, n, n0) + FlopCount.syrk(m + 1, p) + FlopCount.getrf(m + 1) + 2 * Double(m + 1) * Double(p)

        // (b) instrumented steps: the trajectory engine with the quantity recorder, timed
        // between consecutive observer calls (evaluation, record, step, checks), once per σ
        // route. Step 0, which also decomposes G̃ (spectrum steps), is the warm-up and is not
        // counted.
        func instrumentedRun(_ route: SigmaRoute) throws -> ([Double], [String: Int], [Double], Int) {
            var ic = config
            ic.steps = reps + 1
            ic.sigmaRoute = route
            let ie = try TrajectoryEngine(problem: problem, config: ic)
            let rec = QuantityRecorder(objective: ie.objective, config: ic, needsRefinement: refinement?(ic))
            var times: [Double] = []
            var last = Clock.now()
            _ = ie.run { t, ev, step, next in
                try rec.observe(t: t, ev: ev, step: step, next: next)
                let now = Clock.now()
                if t > 0 { times.append(now - last) }
                last = now
            }
            var methods: [String: Int] = [:]
            for q in rec.steps.dropFirst() { methods[q.sigmaMethod.rawValue, default: 0] += 1 }
            return (times, methods, rec.steps.dropFirst().map { $0.sigmaMin > 0 ? $0.sigmaMax / $0.sigmaMin : .infinity },
                    rec.refinedSteps.filter { $0 > 0 }.count)
        }
        var inst: [Double] = [], instAccurate: [Double] = [], instInterval: [Double] = []
        var methods: [String: Int] = [:]
        var kappas: [Double] = []
        var refined = 0
        if instrumented {
            (inst, _, _, refined) = try instrumentedRun(.refine)
            (instAccurate, methods, kappas, _) = try instrumentedRun(.accurate)
            instInterval = try instrumentedRun(.interval).0
        }
        let w = Work(m: m, n: n, n0: n0, p: p)
        let accurateGram = methods[JacobianSpectrum.Method.gramInterval.rawValue, default: 0]
        let accurateQR = methods[JacobianSpectrum.Method.orthogonal.rawValue, default: 0]
        let accFlops = plainFlops + w.gTilde + w.evaluation
            + (Double(accurateQR) * w.sigma + Double(accurateGram) * w.gram) / Double(max(1, accurateQR + accurateGram))
        let instIntervalFlops = plainFlops + w.gTilde + w.evaluation + w.gram
        let instFlops = instIntervalFlops + Double(refined) / Double(max(1, reps)) * w.sigma
        let list = phases ? try phaseTimings(problem: problem, config: config, reps: reps, instrumented: instrumented, refinement: refinement) : []
        return StepBenchmarkResult(m: m, n: n, n0: n0, p: p, plain: TimingStats(plain), plainFlops: plainFlops,
                                   instrumented: TimingStats(inst), instrumentedFlops: instFlops, refinedSteps: refined,
                                   instrumentedAccurate: TimingStats(instAccurate), instrumentedAccurateFlops: accFlops,
                                   instrumentedInterval: TimingStats(instInterval), instrumentedIntervalFlops: instIntervalFlops,
                                   accurateRouteMethods: methods, conditionNumbers: kappas, phases: list,
                                   peakRSS: Memory.peakRSSBytes())
    }
}
