import Foundation
import Optimizers
import Problems
import Trajectories
import TwoLayerNetwork

/// The options that define one run (a problem, a method, a regularizer, a step rule).
/// Shared by `trace` and the suites; defaults are the paper's teacher-student setup.
public enum RunOptions {
    public static let specs: [OptionSpec] = [
        OptionSpec("problem", "KIND", default: "teacher-student", "problem family: teacher-student, csv, conditioned-ntk"),
        OptionSpec("csv", "PATH", default: "", "CSV of numeric columns (problem csv; a first row of non-numeric cells is a header); rows shuffled by the seed, the first m train, the next m-test test"),
        OptionSpec("target", "COLUMN", default: "", "the CSV's target column, a header name or a 1-based index (default: targets from the seeded teacher)"),
        OptionSpec("features", "LIST", default: "every other column", "the CSV's input columns, comma-separated header names or 1-based indices"),
        OptionSpec("normalize", "HOW", default: "unit-sphere", "CSV input scaling: unit-sphere (each row to norm 1, the papers'), standardize (each feature to mean 0, sd 1 on the training rows), none"),
        OptionSpec("missing", "HOW", default: "refuse", "CSV rows with an empty or non-numeric cell in a used column: refuse (name the first and count them) or drop (leave them out before the split)"),
        OptionSpec("lambda-min", "X", default: "", "target λ_min(J_0 J_0ᵀ) (problem conditioned-ntk)"),
        OptionSpec("seed", "N", default: "0", "seed of every random draw (xoshiro256** via SplitMix64); run and check take a list (a grid)"),
        OptionSpec("m", "N", default: "500", "training points"),
        OptionSpec("m-test", "N", default: "1000", "test points"),
        OptionSpec("n0", "N", default: "5", "input dimension"),
        OptionSpec("n", "N", default: "500", "hidden width; run and check take a list (a grid)"),
        OptionSpec("n-teacher", "N", default: "5", "teacher width n*"),
        OptionSpec("activation", "NAME", default: "silu", "silu, tanh, softplus, relu (relu is flagged: not C²)"),
        OptionSpec("kappa", "X", default: "1/sqrt(n)", "output scale κ(n)"),
        OptionSpec("kappa-w", "X", default: "1", "initialization scale κ_W"),
        OptionSpec("method", "NAME", default: "ggn", "ggn (overparameterized form), ggn-param, gram-gn, gd; the authors' code: ggn-reference, ggn-reference-param, ggn-reference-synthetic (Proofs/ReferenceImplementation.md)"),
        OptionSpec("regularizer", "NAME", default: "pseudo-huber", "pseudo-huber, quadratic"),
        OptionSpec("mu", "X", default: "1/kappa", "pseudo-Huber smoothing μ"),
        OptionSpec("tau", "X", default: "0.001", "regularization strength τ (g = τ ḡ); run and check take a list (a grid)"),
        OptionSpec("alpha-bar", "X", default: "0.5", "ᾱ of the adaptive step α = ᾱ/(1 + M_g η), in (0, 1]"),
        OptionSpec("fixed-step", "X", default: "", "use a fixed step α instead of the adaptive rule"),
        OptionSpec("mg-owner", "WHICH", default: "gbar", "whose GSC constant is M_g in α_t: gbar (the rule's) or g (τ-scaled); run and check take a list (a grid)"),
        OptionSpec("steps", "N", default: "20", "iterations T of trace; check runs at least this many, as many as its theorems need (the run length it used is in each reproduce line's --steps)"),
        OptionSpec("tolerance", "X", default: "0", "stop when R̂ falls below this (0: run all steps)"),
        OptionSpec("sigma", "ROUTE", default: "refine", SigmaRouteHelp.text),
    ]

    /// The run the options describe, starting from `start` (a suite's base); a grid option's
    /// first value (`GridOptions`: lists make grids in `run` and `check`).
    public static func config(from o: ParsedOptions, start: RunConfig = RunConfig()) throws -> RunConfig {
        var c = start
        var s = start.problem
        let grid = try GridOptions.parse(o)
        if let k = try o.choice("problem", ProblemSpec.Kind.allCases.map(\.rawValue)) { s.kind = ProblemSpec.Kind(rawValue: k)! }
        s.csvPath = o.string("csv")
        if s.kind == .csv && s.csvPath == nil { throw UsageError("--problem csv needs --csv PATH") }
        for name in ["csv", "target", "features", "normalize", "missing"] where s.kind != .csv && o.has(name) {
            throw UsageError("--\(name) is only used with --problem csv")
        }
        s.targetColumn = o.string("target")
        s.featureColumns = try o.string("features").map(Self.columnList)
        if let n = try o.choice("normalize", InputScaling.allCases.map(\.rawValue)) {
            let v = InputScaling(rawValue: n)!
            s.inputScaling = v == .unitSphere ? nil : v   // the default stays out of the encoding
        }
        if let h = try o.choice("missing", ["refuse", "drop"]) { s.dropMissing = h == "drop" ? true : nil }
        if let l = try o.double("lambda-min") {
            guard l > 0 else { throw UsageError("--lambda-min: must be positive, got \(l)") }
            s.targetLambdaMin = l
        }
        if s.kind == .conditionedNTK && s.targetLambdaMin == nil { throw UsageError("--problem conditioned-ntk needs --lambda-min X") }
        if let seed = grid.seeds?.first { s.seed = seed }
        // Sizes are bounded so their arithmetic cannot overflow; memory is checked below.
        if let v = try o.int("m", min: ProblemSpec.limit("m").min, max: ProblemSpec.limit("m").max) { s.trainCount = v }
        if let v = try o.int("m-test", min: ProblemSpec.limit("m-test").min, max: ProblemSpec.limit("m-test").max) { s.testCount = v }
        if let v = try o.int("n0", min: ProblemSpec.limit("n0").min, max: ProblemSpec.limit("n0").max) { s.inputDimension = v }
        if let v = grid.widths?.first { s.width = v }
        if let v = try o.int("n-teacher", min: ProblemSpec.limit("n-teacher").min, max: ProblemSpec.limit("n-teacher").max) { s.teacherWidth = v }
        if let a = try o.choice("activation", Activation.allCases.map(\.rawValue)) { s.activation = Activation(rawValue: a)! }
        if let k = try o.double("kappa") {
            guard k > 0 else { throw UsageError("--kappa: must be positive, got \(k)") }
            s.kappa = k
        }
        if let k = try o.double("kappa-w") {
            guard k > 0 else { throw UsageError("--kappa-w: must be positive, got \(k)") }
            s.kappaW = k
        }
        if s.kind == .csv { try readCSV(&s, n0Given: o.has("n0")) }
        c.problem = s
        if let m = try o.choice("method", Method.names) { c.method = Method.named(m)! }
        if let r = try o.choice("regularizer", ["pseudo-huber", "quadratic"]) { c.penaltyName = r }
        if let mu = try o.double("mu") {
            guard mu > 0 else { throw UsageError("--mu: must be positive, got \(mu)") }
            c.mu = mu
        }
        if let t = grid.taus?.first { c.tau = t }
        if let a = try o.double("alpha-bar") {
            guard a > 0 && a <= 1 else { throw UsageError("--alpha-bar: must lie in (0, 1], got \(a)") }
            c.stepSize = .adaptive(alphaBar: a)
        }
        if let f = try o.double("fixed-step") {
            guard f > 0 else { throw UsageError("--fixed-step: must be positive, got \(f)") }
            if o.has("alpha-bar") { throw UsageError("--fixed-step and --alpha-bar exclude each other") }
            c.stepSize = .fixed(f)
        }
        if let w = grid.owners?.first { c.mgOwner = w }
        if let t = try o.int("steps", min: 0, max: 1_000_000) { c.steps = t }
        if let t = try o.double("tolerance") {
            guard t >= 0 else { throw UsageError("--tolerance: must be non-negative, got \(t)") }
            c.tolerance = t
        }
        if let r = try o.choice("sigma", SigmaRoute.allCases.map(\.rawValue)) { c.sigmaRoute = SigmaRoute(rawValue: r)! }
        if c.method.isRegularizedGGN, c.tau == 0 || grid.taus?.contains(0) == true {
            throw UsageError("--tau 0 is not allowed with --method \(c.method.name) (H = τ∇²ḡ must be invertible; use --method gram-gn)")
        }
        do { try c.validate() } catch let e as ProblemError { throw UsageError(e.message) }
        try checkMemory(c.problem)
        for w in grid.widths ?? [] { var p = c.problem; p.width = w; try checkMemory(p) }
        return c
    }

    /// Reads and checks the CSV before any work (a missing or malformed file, a column that is
    /// not there, too few rows for m + m-test are bad input, not a numerical failure), and sets
    /// n0 to its number of input columns (`--n0` must agree when given).
    static func readCSV(_ s: inout ProblemSpec, n0Given: Bool) throws {
        let sel: CSVProblem.Selection
        do { sel = try CSVProblem.select(s) } catch let e as ProblemError {
            throw UsageError(e.message.hasPrefix("--") ? e.message : "--csv: " + e.message)
        }
        if n0Given && s.inputDimension != sel.features.count {
            throw UsageError("--n0 \(s.inputDimension): the CSV has \(sel.features.count) input columns (allowed: leave --n0 out, give --n0 \(sel.features.count), or choose columns with --features)")
        }
        s.inputDimension = sel.features.count
    }

    /// `a,b,3`: column names or 1-based indices, none empty or repeated.
    static func columnList(_ text: String) throws -> [String] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.contains(where: \.isEmpty) else {
            throw UsageError("--features: an empty entry in '\(CSVText.quoted(text))' (expected comma-separated column names or 1-based indices)")
        }
        try ParsedOptions.noRepeats(parts, option: "features")
        return parts
    }

    /// Refuse before any allocation what cannot fit in this machine's memory (`ProblemSpec.checkMemory`).
    static func checkMemory(_ s: ProblemSpec) throws {
        do { try s.checkMemory() } catch let e as ProblemError { throw UsageError(e.message) }
    }
}
