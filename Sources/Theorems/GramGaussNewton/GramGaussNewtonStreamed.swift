import Foundation
import LinearAlgebra
import Optimizers
import Problems

/// The wide widths of the full-batch sweep without J (Proofs/GramGaussNewton.md §3.1): the step
/// is `StreamedGramGaussNewton`, λ_min(G_t) comes from the structured Gram with its rigorous
/// formation bound in place of dsyrk's, and the linearized residual from J_td_t computed block by
/// block alongside d_t. Memory O(m² + m·block + p) per run instead of the m×p Jacobian.
extension GramGaussNewtonStudy {
    /// Hidden units from which the full-batch runs stream. Every width of the quick and standard
    /// scales, and the full scale's widths through 2^13, stay on the dense path, so their
    /// numbers are unchanged; at 2^14 J would already be 40·2^14·6·8 bytes = 31 MB per run.
    public static let streamedWidth = 1 << 14

    /// λ_min(G_t), ‖d_t‖ and ‖r_t − J_td_t‖ from the streamed evaluation and step.
    static func streamedStepQuantities(_ problem: Problem, _ ev: PointEvaluation, _ step: Step) throws -> StepQuantities {
        guard let g = ev.streamedGram, let jd = step.jacobianTimesDirection else {
            throw StepError("the streamed run's evaluation or step carries no structured Gram or J·d")
        }
        let net = problem.network
        let fro2 = g.frobeniusSquaredBound
        let fro = fro2.squareRoot()
        let jErr = GramGaussNewtonMath.jacobianErrorBound(problem: problem, theta: ev.theta, jacobianFrobenius: fro)
        let lambda = try Spectral.structuredGramSpectrum(g.gram, formationError: g.errorBound, frobeniusSquared: fro2, inputErrorF: jErr)
        let d = step.direction
        let dNorm = Vector.norm2(d)
        // Each entry of the streamed J·d is Σ_i [a_ji·(Σ_k x_jk d_ik) + b_ji d_vi]: γ_{n+n0+2} on
        // |J_e||d|, and J_c = J_e(1 + δ), |δ| ≤ u, adds u more (Proofs/Numerics.md §2.5).
        let err = Rounding.gamma(net.width + net.inputDimension + 4) * fro * dNorm + Rounding.unitRoundoff * Vector.norm2(ev.residual)
        return StepQuantities(lambda: lambda, stepNorm: dNorm, linearResidual: Vector.norm2(Vector.sub(ev.residual, jd)),
                              linearResidualError: err)
    }
}
