import Foundation
import Optimizers
import Problems
import Trajectories

/// A named set of instances: which problems, seeds, widths, τ and M_g owners, and how the
/// zero-damping sweep is laid out. Suites are data, so a report can say exactly what ran.
public struct SuiteSpec: Sendable, Codable, Equatable {
    public var name: String
    public var base: RunConfig
    public var seeds: [UInt64]
    public var taus: [Double]
    public var widths: [Int]
    public var owners: [MgOwner]
    /// Widths of the zero-damping sweep (at the first seed and the first τ).
    public var limitWidths: [Int]
    /// Which theorems to evaluate (ids); empty means all.
    public var theorems: [TheoremID]
    /// Whether to reproduce the paper's teacher-student experiment (001) beside the theorems.
    public var paperExperiment = true
    /// Size of the companion studies' sweeps (see `Study`).
    public var studyScale: StudyScale = .standard
    /// Instances `explore` samples per per-trajectory theorem for the report (nil: none), and the
    /// cells of the report's verdict maps along x and y (nil: no maps). Proofs/Exploration.md.
    public var exploreBudget: Int? = nil
    public var mapCells: [Int]? = nil
    /// The methods each trajectory instance runs (nil: the base's method only). A method is part
    /// of the instance: the paper suites run ours and the reference variants on the same problems.
    public var methods: [Method]? = nil
    /// A second grid of trajectory instances over μ at one τ (their μ sweep), after the τ grid.
    public var muSweep: MuSweep? = nil
    /// For a custom run (a named suite with options changed): the `run` options that rebuild it,
    /// for its reproduce line and its baseline's name; nil for the named suites.
    public var customArguments: [String]? = nil
    /// Further seeds at the base problem (every width and τ; the first owner and method only):
    /// each per-trajectory claim's headline then counts at least 10 seeds at the paper's scale
    /// (issue 27) without the second owner, the other methods or the μ sweep at each seed.
    public var regimeSeeds: [UInt64] = []
    /// Flags that only skip work (`--no-explore`, `--no-experiment`): the suite keeps its name,
    /// its instances and its baseline; the reproduce line says what was skipped.
    public var skipped: [String] = []

    /// The `run` options that rebuild this suite.
    public var runArguments: [String] {
        customArguments ?? ["--suite", name] + (base.sigmaRoute == .refine ? [] : ["--sigma", base.sigmaRoute.rawValue]) + skipped
    }

    /// A `run` line for part of this suite: its options with `overrides` (option name, value)
    /// replacing or adding to them, then `flags`.
    public func runLine(_ overrides: [(String, String)], flags: [String]) -> String {
        var keys: [String] = [], values: [String: String] = [:], i = 0
        let a = runArguments
        while i < a.count {
            let isPair = i + 1 < a.count && !a[i + 1].hasPrefix("--")
            keys.append(a[i])
            values[a[i]] = isPair ? a[i + 1] : ""
            i += isPair ? 2 : 1
        }
        for (k, v) in overrides { if values["--" + k] == nil { keys.append("--" + k) }; values["--" + k] = v }
        let extra = flags.filter { values[$0] == nil }
        return "swift run -c release check-bounds run " + (keys.map { values[$0]!.isEmpty ? $0 : "\($0) \(values[$0]!)" } + extra).joined(separator: " ")
    }

    /// μ values at a fixed τ (Proofs/ReferenceImplementation.md §4, the μ sweep).
    public struct MuSweep: Sendable, Codable, Equatable {
        public var tau: Double
        public var mus: [Double]
        public init(tau: Double, mus: [Double]) {
            self.tau = tau
            self.mus = mus
        }
    }

    public init(name: String, base: RunConfig, seeds: [UInt64], taus: [Double], widths: [Int], owners: [MgOwner],
                limitWidths: [Int], theorems: [TheoremID] = []) {
        self.name = name
        self.base = base
        self.seeds = seeds
        self.taus = taus
        self.widths = widths
        self.owners = owners
        self.limitWidths = limitWidths
        self.theorems = theorems
    }

    /// The paper's teacher-student setup (000 "Simulation"): m = 500, n = 500, n0 = 5, n* = 5.
    public static var `default`: SuiteSpec {
        var s = SuiteSpec(name: "default", base: RunConfig(), seeds: [0, 1], taus: [1e-3, 1e-1], widths: [500],
                          owners: [.gBar, .g], limitWidths: [125, 250, 500, 1000])
        s.regimeSeeds = Array(0..<10)
        s.exploreBudget = 64
        s.mapCells = [7, 4]
        return s
    }

    /// A small suite for the CI gate and the tests.
    public static var quick: SuiteSpec {
        var base = RunConfig()
        base.problem.trainCount = 40
        base.problem.testCount = 100
        base.problem.width = 60
        var s = SuiteSpec(name: "quick", base: base, seeds: [0], taus: [1e-3, 1e-1], widths: [60],
                          owners: [.gBar, .g], limitWidths: [40, 80, 160])
        s.studyScale = .quick
        s.exploreBudget = 12
        s.mapCells = [3, 2]
        return s
    }

    /// The default suite with the companion studies' long sweeps (002's widths to 2^20 hidden units, streamed,
    /// conditioning over more decades); minutes to tens of minutes.
    public static var full: SuiteSpec {
        var s = SuiteSpec.default
        s.name = "full"
        s.studyScale = .full
        s.exploreBudget = 256
        s.mapCells = [13, 9]
        return s
    }

    public static let names = ["default", "quick", "full", "paper", "paper-full"]

    public static func named(_ s: String) -> SuiteSpec? {
        switch s {
        case "default": return .default
        case "quick": return .quick
        case "full": return .full
        case "paper": return .paper
        case "paper-full": return .paperFull
        default: return nil
        }
    }

    /// `seeds` followed by the regime seeds not among them: the seeds a companion study runs at
    /// standard and full scale, so its claims count as many seeds as the trajectory theorems.
    public func withRegimeSeeds(_ seeds: [UInt64]) -> [UInt64] {
        seeds + regimeSeeds.reduce(into: [UInt64]()) { if !seeds.contains($1) && !$0.contains($1) { $0.append($1) } }
    }

    public func includes(_ theorem: TheoremID) -> Bool { theorems.isEmpty || theorems.contains(theorem) }

    /// The registered theorems this suite evaluates, in registry order.
    public var selected: [RegisteredTheorem] { TheoremRegistry.all.filter { includes($0.id) } }

    /// The trajectory instances, in a fixed order (seed, width, τ, owner, method), then the
    /// regime seeds' (seed, width, τ), then the μ sweep's (seed, μ, owner, method) at the first width.
    public var runConfigs: [RunConfig] {
        var out: [RunConfig] = []
        let ms = methods ?? [base.method]
        for seed in seeds { for n in widths { for tau in taus { for owner in owners { for method in ms {
            var c = base
            c.problem.seed = seed
            c.problem.width = n
            c.tau = tau
            c.mgOwner = owner
            c.method = method
            out.append(c)
        } } } } }
        for seed in withRegimeSeeds(seeds).dropFirst(seeds.count) { for n in widths { for tau in taus {
            var c = base
            c.problem.seed = seed
            c.problem.width = n
            c.tau = tau
            c.mgOwner = owners.first ?? base.mgOwner
            c.method = ms.first ?? base.method
            out.append(c)
        } } }
        guard let sweep = muSweep else { return out }
        for seed in seeds { for mu in sweep.mus { for owner in owners { for method in ms {
            var c = base
            c.problem.seed = seed
            c.problem.width = widths.first ?? base.problem.width
            c.tau = sweep.tau
            c.mu = mu
            c.mgOwner = owner
            c.method = method
            out.append(c)
        } } } }
        return out
    }
}

/// The command-line arguments that rebuild one run, for "reproduce" lines in reports.
public func reproduceArguments(_ c: RunConfig) -> [String] {
    var a = ["--seed", "\(c.problem.seed)", "--m", "\(c.problem.trainCount)", "--m-test", "\(c.problem.testCount)",
             "--n0", "\(c.problem.inputDimension)", "--n", "\(c.problem.width)", "--activation", c.problem.activation.rawValue,
             "--tau", "\(c.tau)", "--mg-owner", c.mgOwner.rawValue, "--steps", "\(c.steps)"]
    if let mu = c.mu { a += ["--mu", "\(mu)"] }
    switch c.stepSize {
    case let .adaptive(ab): a += ["--alpha-bar", "\(ab)"]
    case let .fixed(f): a += ["--fixed-step", "\(f)"]
    }
    // Options at their defaults are left out, so the suites' reproduce lines (and baseline keys) stay short.
    let d = RunConfig()
    if c.problem.teacherWidth != d.problem.teacherWidth { a += ["--n-teacher", "\(c.problem.teacherWidth)"] }
    if let k = c.problem.kappa { a += ["--kappa", "\(k)"] }
    if c.problem.kappaW != d.problem.kappaW { a += ["--kappa-w", "\(c.problem.kappaW)"] }
    if c.penaltyName != d.penaltyName { a += ["--regularizer", c.penaltyName] }
    if c.problem.kind != .teacherStudent { a += ["--problem", c.problem.kind.rawValue] }
    if let p = c.problem.csvPath { a += ["--csv", p] }
    if let t = c.problem.targetColumn { a += ["--target", t] }
    if let f = c.problem.featureColumns { a += ["--features", f.joined(separator: ",")] }
    if c.problem.kind == .csv, c.problem.resolvedScaling != .unitSphere { a += ["--normalize", c.problem.resolvedScaling.rawValue] }
    if c.problem.kind == .csv, c.problem.dropMissing == true { a += ["--missing", "drop"] }
    if let l = c.problem.targetLambdaMin { a += ["--lambda-min", "\(l)"] }
    if c.sigmaRoute != .refine { a += ["--sigma", c.sigmaRoute.rawValue] }
    if c.method != d.method { a += ["--method", c.method.name] }
    if c.tolerance != d.tolerance { a += ["--tolerance", "\(c.tolerance)"] }
    return a
}

public func label(for c: RunConfig) -> InstanceLabel {
    var l = InstanceLabel(problem: c.problem.kind.rawValue, seed: c.problem.seed, m: c.problem.trainCount, width: c.problem.width,
                          tau: c.tau, mu: c.resolvedMu, steps: c.steps, activation: c.problem.activation.rawValue,
                          mgOwner: c.mgOwner, arguments: reproduceArguments(c))
    if c.method != RunConfig().method { l.method = c.method.name }
    return l
}
