import Foundation
import LinearAlgebra
import Optimizers

/// Which "different augmented version of J" J̃ is (000 "Theory: setup" leaves it open;
/// Proofs/Convergence.md §3 motivates each).
public enum JTildeReading: String, CaseIterable, Sendable, Codable {
    /// J̃ = Ĵ = [J; ∇gᵀ]: then G̃ = ĴH⁻¹Ĵᵀ(I + Q̂K)⁻¹ = K(I + Q̂K)⁻¹.
    case jhat
    /// J̃ = [J; 0ᵀ]: the row that keeps the appended 1 of Φ̃ constant; then G̃22 = 0 and G̃21 = 0.
    case jzero
}

/// G̃_t, its 2×2 block partition with blocks m and 1, and what the theorems read from it.
public struct GTildeSummary: Sendable, Codable, Equatable {
    public var reading: JTildeReading
    /// ‖G̃_t‖_F.
    public var frobenius: Double
    /// G̃22 (the 1×1 lower-right block).
    public var g22: Double
    /// ⟨G̃21ᵀ + G̃12, ṽ⟩ for ṽ = e_t = (Φ_t − y)/m (the reading from expanding êᵀG̃ê by blocks).
    public var crossE: Double
    /// ⟨G̃21ᵀ + G̃12, ṽ⟩ for ṽ = Φ_t − y.
    public var crossR: Double
    /// ‖G̃21ᵀ + G̃12‖₂ (the sup of the cross term over unit ṽ).
    public var crossNorm: Double
    /// êᵀG̃ê, the quantity the block condition is about.
    public var quadraticForm: Double
    /// Largest and smallest eigenvalue of G̃ᵀG̃ (σ_max(G̃)², σ_min(G̃)²), when asked.
    public var lambdaMaxGtG: Double?
    public var lambdaMinGtG: Double?
    /// Absolute error bound on the entries' aggregate (‖ΔG̃‖_F), from the LU's condition estimate.
    public var errorBound: Double
}

public enum GTilde {
    /// G̃ = J̃H⁻¹Ĵᵀ(I + Q̂K)⁻¹ from the GGN system the step already factored:
    /// K = ĴH⁻¹Ĵᵀ and A = I + Q̂K. Computes Xᵀ with AᵀX = Kᵀ = K (one LU solve with m+1
    /// right-hand sides, O(m³)), so no p-sized work is repeated.
    public static func matrix(system: GGNSystem, reading: JTildeReading) throws -> Matrix {
        let x = try system.factorization.solveTransposed(system.kernel)  // X = A⁻ᵀK, G̃ = Xᵀ (K symmetric)
        var g = x.transposed
        if reading == .jzero {
            let m = g.rows - 1
            for c in 0...m { g[m, c] = 0 }
        }
        return g
    }

    /// G̃ under J̃ = [J; 0ᵀ] from G̃ under J̃ = Ĵ: the same matrix with its last row zeroed.
    public static func zeroLastRow(_ gHat: Matrix) -> Matrix {
        var g = gHat
        let m = g.rows - 1
        for c in 0...m { g[m, c] = 0 }
        return g
    }

    public static func summarize(_ g: Matrix, reading: JTildeReading, e: [Double], residual: [Double],
                                 rcond: Double, parameterCount p: Int, spectrum: Bool) throws -> GTildeSummary {
        let m = g.rows - 1
        var crossVec = [Double](repeating: 0, count: m)
        for i in 0..<m { crossVec[i] = g[m, i] + g[i, m] }
        var eHat = e
        eHat.append(1)
        let ge = Matrix.multiply(g, eHat)
        let fro = g.frobeniusNorm
        // LU solve: ‖ΔX‖ ≲ 4(m+1)ε·κ(A)‖X‖; K from dsyrk: |ΔK| ≲ pε|K|.
        let err = 4 * Double.ulpOfOne * (Double(m + 1) / max(rcond, Double.leastNormalMagnitude) + Double(p)) * fro
        var s = GTildeSummary(reading: reading, frobenius: fro, g22: g[m, m],
                              crossE: Vector.dot(crossVec, e), crossR: Vector.dot(crossVec, residual),
                              crossNorm: Vector.norm2(crossVec), quadraticForm: Vector.dot(eHat, ge),
                              lambdaMaxGtG: nil, lambdaMinGtG: nil, errorBound: err)
        if spectrum {
            let sv = try Spectral.singularValues(g)
            s.lambdaMaxGtG = sv.first.map { $0 * $0 }
            s.lambdaMinGtG = sv.last.map { $0 * $0 }
        }
        return s
    }
}
