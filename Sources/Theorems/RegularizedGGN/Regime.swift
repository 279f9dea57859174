import Foundation

/// The size at which 000 states its results: the poster's "Simulation" (m = 500 samples,
/// n = 500 hidden units, n0 = 5 inputs, a width-5 teacher), the default suite's base problem.
public enum RegularizedGGNRegime {
    public static let paperScale = PaperScale(m: 500, width: 500, inputDimension: 5, source: "the poster's 'Simulation'")

    /// Where the 000 theorems' hypotheses hold: τ against the width at m = 100, the largest m
    /// whose 5×4 map fits the main job's budget (about 20 s per theorem on two cores; m = 500
    /// would take minutes per theorem). The authors run τ = 1e-4 in their curves and μ sweep
    /// (Proofs/ReferenceImplementation.md §4, their τ sweep spans 1e-8 … 1); it is outlined.
    public static let map = MapSpec(x: "tau=1e-6..1:log", y: "n=32..512:log", fixed: "m=100,m-test=0",
                                    markX: 1e-4, markLabel: "τ = 1e-4, the authors' curves and μ sweep")
}
