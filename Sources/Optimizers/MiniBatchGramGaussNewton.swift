import Foundation
import LinearAlgebra
import Problems
import Regularizers
import SeededRandom

/// Mini-batch Gram-Gauss-Newton (002, "Combine with the mini-batch scheme, we can only compute
/// the Gram matrix of each batch"): for each batch B of a seeded permutation of the training
/// rows, w ← w − η·J_Bᵀ(J_BJ_Bᵀ)⁻¹(f_B(w) − y_B) (Proofs/GramGaussNewton.md §5). Its state is
/// the batch order: iteration t is batch t mod (batches per epoch) of epoch t div it, and the
/// evaluation it steps from is the batch's (`evaluate`), so the Gram system is |B|×|B|.
public struct MiniBatchGramGaussNewton: Optimizer {
    public let sampleCount: Int
    public let batchSize: Int
    public let seed: UInt64
    public let stepSize: Double
    var epoch = -1
    var epochBatches: [[Int]] = []

    public init(sampleCount: Int, batchSize: Int, seed: UInt64, stepSize: Double = 1) {
        precondition(batchSize > 0)
        self.sampleCount = sampleCount
        self.batchSize = batchSize
        self.seed = seed
        self.stepSize = stepSize
    }

    public var batchesPerEpoch: Int { (sampleCount + batchSize - 1) / batchSize }

    /// The rows of iteration t's batch.
    public mutating func rows(at t: Int) -> [Int] {
        let e = t / batchesPerEpoch
        if e != epoch {
            epochBatches = Self.batches(count: sampleCount, batchSize: batchSize, seed: seed, epoch: e)
            epoch = e
        }
        return epochBatches[t % batchesPerEpoch]
    }

    public mutating func evaluate(_ theta: [Double], iteration t: Int, objective: Objective) -> PointEvaluation {
        objective.evaluate(theta, rows: rows(at: t))
    }

    public func alpha(at ev: PointEvaluation) -> Double { stepSize }

    /// θ − η·J_Bᵀ(J_BJ_Bᵀ)⁻¹(f_B − y_B): the full-batch direction on the batch's evaluation.
    public mutating func step(_ ev: PointEvaluation, iteration t: Int, objective: Objective) throws -> Step {
        .along(try GramGaussNewton.direction(ev), alpha: stepSize, from: ev.theta)
    }

    /// The batches of one epoch: a Fisher–Yates shuffle of 0..<count from the seeded stream
    /// (seed, epoch), cut into consecutive batches of `batchSize` (the last may be shorter).
    public static func batches(count: Int, batchSize: Int, seed: UInt64, epoch: Int) -> [[Int]] {
        precondition(batchSize > 0)
        var s = SeededSampler.stream(seed: seed, purpose: 0x6762_6E00 &+ UInt64(epoch))
        var order = Array(0..<count)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) {
                let j = min(i, Int(s.uniform() * Double(i + 1)))
                order.swapAt(i, j)
            }
        }
        return stride(from: 0, to: count, by: batchSize).map { Array(order[$0..<min(count, $0 + batchSize)]) }
    }
}
