import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Regularizers
import Trajectories
import TwoLayerNetwork

/// Steps at a width whose Jacobian could never be held (2^24 hidden units, m = 40: J alone would
/// be 32 GB): the streamed regularized GGN step and the streamed Gram-GN step
/// (Proofs/Numerics.md §2.5), each timed over a few consecutive steps from θ_0, with the process's
/// peak resident memory. Only θ_t, d_t and θ_{t+1} are p-vectors; θ_0 is generated again for the
/// second method rather than kept, so at most three p-vectors are alive at once.
public struct HugeStepResult: Sendable {
    public var m: Int, n: Int, n0: Int, p: Int
    /// Seconds to generate the problem and θ_0.
    public var setUp: Double
    public var ggn: TimingStats
    public var gramGN: TimingStats
    /// ‖Φ − y‖ at θ_0, θ_1, … along each method (the steps make progress, not just time).
    public var ggnResiduals: [Double]
    public var gramGNResiduals: [Double]
    /// Flops per step (the level-3 kernels and the block dgemms; the activations are not counted).
    public var ggnFlops: Double
    public var gramGNFlops: Double
    /// Peak resident memory of the process after the row (it is run first, so nothing larger ran before).
    public var peakRSS: Int
    /// Peak resident memory before the row (the process's start-up and the dgemm-rate matrices).
    public var peakRSSBefore: Int
}

public enum HugeBenchmark {
    /// The bench's `--huge` row: `steps` streamed regularized-GGN steps, then `steps` Gram-GN steps,
    /// both from θ_0 of the default teacher-student problem at width n (τ = 10⁻³, pseudo-Huber
    /// μ = 1/κ, ᾱ = 0.5 with ḡ's M_g, as the default suite).
    public static func run(m: Int = 40, n: Int, n0: Int, steps: Int = 2) throws -> HugeStepResult {
        let before = Memory.peakRSSBytes()
        let t0 = Clock.now()
        var cfg = RunConfig()
        cfg.problem.trainCount = m; cfg.problem.testCount = 0; cfg.problem.width = n; cfg.problem.inputDimension = n0
        let (net, x, y) = try pieces(cfg.problem)
        let p = net.parameterCount
        let reg = try cfg.regularizer()
        let rule = StepRule(.adaptive(alphaBar: 0.5), mG: GSCConstants.claimedMg(penalty: reg.penalty, parameterCount: p))
        var theta = TeacherStudent.initialTheta(cfg.problem)
        let setUp = Clock.now() - t0
        let ggn = StreamedRegularizedGGN(network: net, inputs: x, targets: y, regularizer: reg, rule: rule)
        var ggnTimes: [Double] = [], ggnRes: [Double] = []
        for _ in 0..<steps {
            let (s, dt) = try Clock.time { try ggn.step(theta) }
            ggnTimes.append(dt)
            ggnRes.append(Vector.norm2(s.residual))
            theta = s.next
        }
        ggnRes.append(Vector.norm2(Vector.sub(net.streamedOutputs(theta: theta, inputs: x), y)))
        theta = TeacherStudent.initialTheta(cfg.problem)
        var gnTimes: [Double] = [], gnRes: [Double] = []
        for _ in 0..<steps {
            let (s, dt) = try Clock.time { try StreamedGramGaussNewton.step(network: net, inputs: x, targets: y, theta: theta) }
            gnTimes.append(dt)
            gnRes.append(Vector.norm2(s.residual))
            theta = s.next
        }
        gnRes.append(Vector.norm2(Vector.sub(net.streamedOutputs(theta: theta, inputs: x), y)))
        let evalFlops = 2 * FlopCount.gemm(m, n, n0)   // Z_b in each of the two passes
        let ggnFlops = evalFlops + FlopCount.syrk(m + 1, p) + 2 * Double(m + 1) * Double(p) + FlopCount.getrf(m + 1)
        let gnFlops = evalFlops + FlopCount.structuredGram(m: m, n: n, n0: n0) + 2 * FlopCount.gemm(n0, n, m) + 2 * Double(m) * Double(n)
        return HugeStepResult(m: m, n: n, n0: n0, p: p, setUp: setUp, ggn: TimingStats(ggnTimes), gramGN: TimingStats(gnTimes),
                              ggnResiduals: ggnRes, gramGNResiduals: gnRes, ggnFlops: ggnFlops, gramGNFlops: gnFlops,
                              peakRSS: Memory.peakRSSBytes(), peakRSSBefore: before)
    }

    /// The network, inputs and targets of the problem without its θ_0 (which `Problem` would
    /// hold for the whole row: a fourth p-vector). The inputs and the teacher's targets come from
    /// their own seeded streams and do not depend on the student's width, so they are the
    /// problem's at width 1.
    static func pieces(_ spec: ProblemSpec) throws -> (TwoLayerNetwork, Matrix, [Double]) {
        var small = spec
        small.width = 1
        let problem = try Problem.make(small)
        let net = TwoLayerNetwork(inputDimension: spec.inputDimension, width: spec.width, activation: spec.activation, kappa: spec.resolvedKappa)
        return (net, problem.trainInputs, problem.trainTargets)
    }
}
