// swift-tools-version:6.0
// The theory checker: numerics on LAPACKE/OpenBLAS (system library, no package dependencies).
import PackageDescription

let package = Package(
    name: "GGNTheoryChecker",
    products: [
        .executable(name: "check-bounds", targets: ["check-bounds"]),
    ],
    targets: [
        // C interop: CBLAS + LAPACKE from Debian's libopenblas-dev and liblapacke-dev.
        .systemLibrary(
            name: "CLapack",
            path: "Sources/CLapack",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        .target(name: "LinearAlgebra", dependencies: ["CLapack"], exclude: ["README.md"]),
        .target(name: "PortableMath", exclude: ["README.md"]),
        .target(name: "Serialization"),
        .target(name: "Statistics", exclude: ["README.md"]),
        .target(name: "SeededRandom", dependencies: ["PortableMath"], exclude: ["README.md"]),
        .target(name: "TwoLayerNetwork", dependencies: ["LinearAlgebra", "PortableMath"], exclude: ["README.md"]),
        .target(name: "GSCCore", dependencies: ["PortableMath"], exclude: ["README.md"]),
        .target(name: "Regularizers", dependencies: ["PortableMath", "GSCCore"], exclude: ["README.md"]),
        .target(name: "Problems", dependencies: ["PortableMath", "LinearAlgebra", "SeededRandom", "TwoLayerNetwork"], exclude: ["README.md"]),
        .target(name: "Optimizers", dependencies: ["SeededRandom", "LinearAlgebra", "TwoLayerNetwork", "Regularizers", "Problems"], exclude: ["README.md"]),
        .target(name: "Trajectories", dependencies: ["Serialization", "LinearAlgebra", "TwoLayerNetwork", "Regularizers", "Problems", "Optimizers"], exclude: ["README.md"]),
        .target(name: "Quantities", dependencies: ["GSCCore", "SeededRandom", "LinearAlgebra", "TwoLayerNetwork", "Regularizers", "Problems", "Optimizers", "Trajectories"], exclude: ["README.md"]),
        .target(name: "Theorems", dependencies: ["Curves", "TwoLayerNetwork", "Statistics", "GSCCore", "Intervals", "Verified", "SeededRandom", "Quantities", "LinearAlgebra", "Regularizers", "Problems", "Optimizers", "Trajectories", "Serialization"], exclude: ["README.md"]),
        .target(name: "Exploration", dependencies: ["PortableMath", "SeededRandom", "Serialization", "Theorems", "Trajectories", "Optimizers", "Problems", "TwoLayerNetwork"], exclude: ["README.md"]),
        .target(name: "Experiments", dependencies: ["Statistics", "LinearAlgebra", "Problems", "Optimizers", "Trajectories"], exclude: ["README.md"]),
        // The data of a plotted curve: built by the theorems, drawn by Figures.
        .target(name: "Curves", exclude: ["README.md"]),
        .target(name: "Figures", dependencies: ["Curves"], exclude: ["README.md"]),
        // Outward-rounded interval arithmetic (PortableMath exp/log widened by 2⁻⁴⁰) and the activations.
        .target(name: "Intervals", dependencies: ["PortableMath"], exclude: ["README.md"]),
        .target(name: "GSCCertification", dependencies: ["PortableMath", "GSCCore", "Intervals"], exclude: ["README.md"]),
        // Rigorous enclosures for certifying counterexamples: interval matrices, Φ and J, eigenvalues, linear solves.
        .target(name: "Verified", dependencies: ["Intervals", "LinearAlgebra", "PortableMath", "Regularizers", "TwoLayerNetwork"], exclude: ["README.md"]),
        .target(name: "Reporting", dependencies: ["Exploration", "Experiments", "Figures", "GSCCertification", "Problems", "Statistics", "Theorems", "Trajectories", "Serialization"], exclude: ["README.md"]),
        .target(name: "Benchmark", dependencies: ["Regularizers", "TwoLayerNetwork", "LinearAlgebra", "Optimizers", "Problems", "Quantities", "Serialization", "Trajectories"], exclude: ["README.md"]),
        .target(name: "CheckBoundsCLI", dependencies: ["Exploration", "Benchmark", "GSCCertification", "Experiments", "Reporting", "Quantities", "Theorems", "Serialization", "LinearAlgebra", "SeededRandom", "TwoLayerNetwork", "Regularizers", "Problems", "Optimizers", "Trajectories"], exclude: ["README.md"]),
        .executableTarget(name: "check-bounds", dependencies: ["CheckBoundsCLI"]),
        // Shared by the test targets: matrices with known spectra, the theorem instance grid,
        // the pinned (golden) outcomes, paths and error measures.
        .target(name: "TestSupport", dependencies: ["TwoLayerNetwork", "LinearAlgebra", "SeededRandom", "Optimizers", "Problems", "Trajectories", "Theorems", "Reporting"],
                path: "Tests/TestSupport"),
        // Regenerates the golden files (`swift run -c release update-golden`): outside the test suite.
        .executableTarget(name: "update-golden", dependencies: ["Reporting", "TestSupport"], path: "Tests/UpdateGolden"),
        .testTarget(name: "NumericsTests", dependencies: ["LinearAlgebra", "SeededRandom", "PortableMath", "Statistics", "TestSupport"]),
        .testTarget(name: "ModelTests", dependencies: ["LinearAlgebra", "SeededRandom", "PortableMath", "TwoLayerNetwork", "Regularizers", "Problems", "TestSupport"]),
        .testTarget(name: "TheoremTests", dependencies: ["Statistics", "GSCCore", "Quantities", "Theorems", "LinearAlgebra", "SeededRandom", "TwoLayerNetwork", "Regularizers", "Problems", "Optimizers", "Trajectories", "Serialization", "CheckBoundsCLI", "Reporting", "TestSupport"]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures"]),
        .testTarget(name: "ExplorationTests", dependencies: ["Exploration", "Theorems", "Trajectories", "TestSupport"]),
        .testTarget(name: "VerifiedTests", dependencies: ["Verified", "Intervals", "LinearAlgebra", "Regularizers", "TwoLayerNetwork", "SeededRandom"]),
        .testTarget(name: "GSCCertificationTests", dependencies: ["SeededRandom", "GSCCertification", "GSCCore", "TestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Experiments", "Trajectories", "Reporting", "Theorems", "CheckBoundsCLI", "Serialization", "TestSupport"]),
        // Issue 20: the executable driven as a subprocess on seeded bad input (it runs .build/release/check-bounds).
        .testTarget(name: "FuzzTests", dependencies: ["CheckBoundsCLI", "SeededRandom", "TestSupport"]),
        .testTarget(name: "MethodTests", dependencies: ["Theorems", "LinearAlgebra", "SeededRandom", "TwoLayerNetwork", "Regularizers", "Problems", "Optimizers", "Trajectories", "Serialization", "CheckBoundsCLI", "TestSupport"]),
    ]
)
