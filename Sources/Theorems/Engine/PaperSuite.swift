import Foundation
import Optimizers
import Problems
import Trajectories

/// The authors' synthetic experiments as suites (Proofs/ReferenceImplementation.md §4): their τ
/// sweep and μ sweep settings, every per-trajectory theorem of 000 evaluated along our regularized
/// GGN and along the reference variants (what their code computes, §2) on the same problems.
extension SuiteSpec {
    /// Their τ grid 10^(−8:0.2:0) (41 values), every `stride`-th.
    public static func paperTaus(stride: Int) -> [Double] {
        Swift.stride(from: 0, through: 40, by: stride).map { Foundation.pow(10, -8 + 0.2 * Double($0)) }
    }

    /// Their μ grid 10^(−3:0.1:1) (41 values), every `stride`-th.
    public static func paperMus(stride: Int) -> [Double] {
        Swift.stride(from: 0, through: 40, by: stride).map { Foundation.pow(10, -3 + 0.1 * Double($0)) }
    }

    /// Their seeds 1111, 1121, …, 1201.
    public static let paperSeeds: [UInt64] = (0..<10).map { 1111 + 10 * UInt64($0) }

    /// Their sweep settings at a given scale: m = 500, test 1000, n0 = 5, n = 500, n* = 5,
    /// μ = √500 (= 1/κ(n), the default), ᾱ = 0.95, stop at R̂ ≤ 1e-8, M_g of ḡ (their owner).
    static func paperSpec(name: String, seeds: [UInt64], steps: Int, stride: Int, methods: [Method]) -> SuiteSpec {
        var base = RunConfig()
        base.problem.trainCount = 500
        base.problem.testCount = 1000
        base.problem.inputDimension = 5
        base.problem.width = 500
        base.problem.teacherWidth = 5
        base.stepSize = .adaptive(alphaBar: 0.95)
        base.steps = steps
        base.tolerance = 1e-8
        var s = SuiteSpec(name: name, base: base, seeds: seeds, taus: paperTaus(stride: stride), widths: [500],
                          owners: [.gBar], limitWidths: [],
                          theorems: TheoremRegistry.all.filter { $0.trajectory != nil }.map(\.id))
        s.methods = methods
        s.muSweep = MuSweep(tau: 1e-4, mus: paperMus(stride: stride))
        s.paperExperiment = false
        s.studyScale = .quick
        return s
    }

    /// Reduced scale (fits a CI-sized machine in tens of minutes): every 4th τ and μ (11 each),
    /// seeds 1111 and 1121, at most 200 iterations; ours, `ggn-reference` and
    /// `ggn-reference-synthetic`. `ggn-reference-param` (a p×p system per step at p = 3000) runs in
    /// `paper-full` only: its direction is ours (tested), so it differs from `ggn` only by α_t.
    public static var paper: SuiteSpec {
        paperSpec(name: "paper", seeds: Array(paperSeeds.prefix(2)), steps: 200, stride: 4,
                  methods: [.regularizedGGN(.overparameterized), .reference(.automatic), .reference(.synthetic)])
    }

    /// Their full scale: 41 τ and 41 μ values, 10 seeds, at most 1600 iterations, all four methods
    /// (hours to days on one machine; shard it: README "Sweeps across a cluster").
    public static var paperFull: SuiteSpec {
        paperSpec(name: "paper-full", seeds: paperSeeds, steps: 1600, stride: 1,
                  methods: [.regularizedGGN(.overparameterized)] + ReferenceVariant.allCases.map { .reference($0) })
    }
}
