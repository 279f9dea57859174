import Foundation

/// The size at which 000 states its results: the poster's "Simulation" (m = 500 samples,
/// n = 500 hidden units, n0 = 5 inputs, a width-5 teacher), the default suite's base problem.
public enum RegularizedGGNRegime {
    public static let paperScale = PaperScale(m: 500, width: 500, inputDimension: 5, source: "the poster's 'Simulation'")
}
