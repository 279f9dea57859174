import Foundation
import Optimizers
import Problems
import Theorems
import Trajectories
import TwoLayerNetwork

/// Sampled problems for the theorem suites: seeds × widths × activations × τ × μ, small
/// enough (m = 16…24) that the whole parametrized grid runs in seconds.
public struct TheoremInstance: CustomStringConvertible, Sendable {
    var seed: UInt64
    var width: Int
    var activation: Activation
    var tau: Double
    var mu: Double?
    var owner: MgOwner
    var m = 20

    public var description: String {
        "seed \(seed) n=\(width) \(activation.rawValue) τ=\(tau) μ=\(mu.map { "\($0)" } ?? "1/κ") M_g=\(owner.rawValue)"
    }

    public var config: RunConfig {
        var c = RunConfig()
        c.problem.trainCount = m
        c.problem.testCount = 10
        c.problem.width = width
        c.problem.inputDimension = 3
        c.problem.activation = activation
        c.problem.seed = seed
        c.tau = tau
        c.mu = mu
        c.mgOwner = owner
        return c
    }

    public static let grid: [TheoremInstance] = {
        var out: [TheoremInstance] = []
        for seed: UInt64 in [0, 1] {
            for (n, act) in [(30, Activation.silu), (60, .tanh), (40, .softplus)] {
                for tau in [1e-3, 1e-1] {
                    out.append(TheoremInstance(seed: seed, width: n, activation: act, tau: tau, mu: nil, owner: seed == 0 ? .gBar : .g))
                }
            }
        }
        out.append(TheoremInstance(seed: 2, width: 50, activation: .silu, tau: 1e-2, mu: 1, owner: .gBar))
        out.append(TheoremInstance(seed: 3, width: 50, activation: .silu, tau: 1e-2, mu: 1, owner: .g))
        // Wider and with more data, the paper's activation, both owners.
        for seed: UInt64 in [4, 5] {
            out.append(TheoremInstance(seed: seed, width: 200, activation: .silu, tau: 1e-3, mu: nil, owner: seed == 4 ? .gBar : .g, m: 60))
        }
        // ReLU: accepted, and flagged by A4 (ϱ not C²).
        out.append(TheoremInstance(seed: 6, width: 40, activation: .relu, tau: 1e-2, mu: nil, owner: .gBar))
        return out
    }()

    /// The results of the trajectory theorem `theorem` on this instance. The trajectory runs
    /// once per instance for every registered trajectory theorem (the run is the same whichever
    /// theorems are selected), however many theorem suites ask for it.
    public func results(_ theorem: TheoremID) throws -> [InstanceResult] {
        try allResults().filter { $0.theorem == theorem }
    }

    /// Every registered trajectory theorem on this instance, evaluated once per test process.
    public func allResults() throws -> [InstanceResult] {
        try Self.cache.value(description) {
            var suite = SuiteSpec.quick
            suite.theorems = TheoremRegistry.all.filter { $0.trajectory != nil }.map(\.id)
            return try SuiteRunner.evaluate(config, suite: suite).0
        }
    }

    static let cache = OnceCache<[InstanceResult]>()

    /// The instrumented run itself, for tests that perturb its quantities.
    public func instrumentedRun() throws -> InstrumentedRun { try SuiteRunner.instrumentedRun(config) }
}
