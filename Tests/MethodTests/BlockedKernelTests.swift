import Foundation
import LinearAlgebra
import Optimizers
import Testing

@Suite("GGN step with K accumulated over column blocks of W (the large-p path)")
struct BlockedKernelTests {
    /// K = Σ_b W_bW_bᵀ is the same matrix as WWᵀ up to the order of the sums, so the
    /// direction, K and z agree with the one-block step to rounding (relative 1e-12 here),
    /// and the one-block default reproduces the unblocked step exactly.
    @Test("blocked and one-block directions agree", arguments: [1, 7, 64, 1000])
    func blocked(block: Int) throws {
        let ev = try StepTests.evaluation(StepTests.cases[1])
        let (d1, s1) = try RegularizedGGN.overparameterizedDirection(ev)
        let (db, sb) = try RegularizedGGN.overparameterizedDirection(ev, blockColumns: block)
        let rel = Vector.norm2(Vector.sub(d1, db)) / Vector.norm2(d1)
        #expect(rel <= 1e-12, "relative gap \(rel)")
        #expect((s1.kernel - sb.kernel).frobeniusNorm <= 1e-13 * s1.kernel.frobeniusNorm)
        if block >= ev.parameterCount { #expect(d1 == db) }
    }
}
