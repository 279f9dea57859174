import Foundation
import LinearAlgebra
import Trajectories
import TwoLayerNetwork

/// σ_min(J_t) and σ_max(J_t), each with a rigorous-in-our-reading absolute error bound
/// (Proofs/Numerics.md §2). The fast path squares J: the extreme eigenvalues of the structured
/// Gram matrix Ĝ ≈ JJᵀ, with ‖Ĝ − JJᵀ‖₂ bounded and the eigenvalue error read as in the 002
/// study, give a estimated interval for each σ (Weyl). Its relative width grows like κ(J)²ε, so
/// when σ_min's interval is wider than `gramRelativeTolerance` the orthogonal path (QR of Jᵀ,
/// SVD of the triangle: error O(ε·σ_max)) is taken instead and the result says which was used.
public struct JacobianSpectrum: Sendable, Codable, Equatable {
    public enum Method: String, Sendable, Codable {
        /// Estimated intervals from the eigenvalues of the structured Gram matrix.
        case gramInterval = "gram"
        /// Householder QR of Jᵀ and the SVD of the m×m triangle.
        case orthogonal = "qr"
    }

    public var sigmaMin: Double
    public var sigmaMax: Double
    public var sigmaMinError: Double
    public var sigmaMaxError: Double
    public var method: Method

    public init(sigmaMin: Double, sigmaMax: Double, sigmaMinError: Double, sigmaMaxError: Double, method: Method) {
        self.sigmaMin = sigmaMin
        self.sigmaMax = sigmaMax
        self.sigmaMinError = sigmaMinError
        self.sigmaMaxError = sigmaMaxError
        self.method = method
    }

    /// Largest relative half-width of σ_min's Gram interval that is accepted (six digits: the
    /// reports print three, and no check margin in the suites comes near).
    public static let gramRelativeTolerance = 1e-6

    static let u = Rounding.unitRoundoff

    /// From the Gram route if its interval is tight enough, else from the orthogonal route on
    /// `jacobian`. `previous` (the last step's result) lets a trajectory skip a Gram attempt
    /// that cannot succeed: with m²u‖Ĝ‖_F ≤ m^{5/2}u·σ_max², an interval predicted 100× wider
    /// than the tolerance at the previous σ's is not tried (the route is decided from computed
    /// numbers only, so runs stay reproducible).
    ///
    /// With `route: .interval` or `.refine` the Gram interval is returned whatever its width (the
    /// orthogonal route only if Ĝ is not finite): an estimated but possibly wide interval, which
    /// `.refine` replaces by the orthogonal route where a check needs it (`QuantityRecorder`).
    public static func compute(network: TwoLayerNetwork, theta: [Double], inputs: Matrix, jacobian: Matrix,
                               previous: JacobianSpectrum? = nil, route: SigmaRoute = .accurate,
                               tolerance: Double = gramRelativeTolerance,
                               workspace: Spectral.QRWorkspace? = nil) throws -> JacobianSpectrum {
        if route != .accurate {
            // `.refine`: the caller refines the wide intervals its checks cannot decide (`isTight`).
            if let g = try gramRoute(network: network, theta: theta, inputs: inputs) { return g }
            return try orthogonalRoute(jacobian, workspace: workspace)
        }
        if !gramPredictedToFail(previous, m: inputs.rows, tolerance: tolerance),
           let g = try gramRoute(network: network, theta: theta, inputs: inputs),
           g.sigmaMin > 0, g.sigmaMinError <= tolerance * g.sigmaMin {
            return g
        }
        return try orthogonalRoute(jacobian, workspace: workspace)
    }

    /// Whether σ_min is known to the accurate route's standard: by the orthogonal route, or
    /// from a Gram interval no wider than `tolerance` relative (the rule `.accurate` applies).
    public func isTight(tolerance: Double = gramRelativeTolerance) -> Bool {
        method == .orthogonal || (sigmaMin > 0 && sigmaMinError <= tolerance * sigmaMin)
    }

    static func gramPredictedToFail(_ previous: JacobianSpectrum?, m: Int, tolerance: Double) -> Bool {
        guard let p = previous, p.sigmaMin > 0 else { return false }
        let dm = Double(m)
        let predicted = dm * dm * dm.squareRoot() * u * p.sigmaMax * p.sigmaMax / (2 * p.sigmaMin * p.sigmaMin)
        return predicted > 100 * tolerance
    }

    /// Intervals for σ_min, σ_max from Ĝ (nil if Ĝ is not finite).
    public static func gramRoute(network: TwoLayerNetwork, theta: [Double], inputs: Matrix) throws -> JacobianSpectrum? {
        let jg = network.jacobianGram(theta: theta, inputs: inputs)
        guard jg.gram.isFinite else { return nil }
        let (lMin, lMax) = try Spectral.extremeSymmetricEigenvalues(jg.gram)
        // dsytrd's backward error in our reading of p(m) = m², plus 2u‖Ĝ‖_F for the bisection;
        // Weyl turns both, and ‖Ĝ − JJᵀ‖₂, into eigenvalue shifts.
        let delta = (jg.errorBound + Spectral.symmetricEigenvalueErrorBound(jg.gram, extraUnits: 2)) * (1 + 4 * u)
        func interval(_ l: Double) -> (Double, Double) {
            let mid = max(0, l).squareRoot()
            let lo = max(0, l - delta).squareRoot(), hi = (max(0, l) + delta).squareRoot()
            return (mid, max(hi - mid, mid - lo) * (1 + 4 * u) + Double.leastNonzeroMagnitude)
        }
        let (sMin, eMin) = interval(lMin), (sMax, eMax) = interval(lMax)
        return JacobianSpectrum(sigmaMin: sMin, sigmaMax: sMax, sigmaMinError: eMin, sigmaMaxError: eMax, method: .gramInterval)
    }

    /// The orthogonal route: error max(m, p)·ε·σ_max on every value (Proofs/Numerics.md §2).
    /// σ_min is the m-th singular value β̂_m, as in the Gram route: exactly 0 when m > p.
    public static func orthogonalRoute(_ jacobian: Matrix, workspace: Spectral.QRWorkspace? = nil) throws -> JacobianSpectrum {
        let sv = try Spectral.singularValues(jacobian, workspace: workspace)
        let sMax = sv.first ?? 0, sMin = jacobian.rows > jacobian.cols ? 0 : sv.last ?? 0
        let err = Spectral.singularValueErrorBound(rows: jacobian.rows, cols: jacobian.cols, sigmaMax: sMax)
        return JacobianSpectrum(sigmaMin: sMin, sigmaMax: sMax, sigmaMinError: err, sigmaMaxError: err, method: .orthogonal)
    }
}
