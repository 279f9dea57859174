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
        .target(name: "LinearAlgebra", dependencies: ["CLapack"]),
        .target(name: "PortableMath"),
        .target(name: "Serialization"),
        .target(name: "SeededRandom", dependencies: ["PortableMath"]),
        .target(name: "TwoLayerNetwork", dependencies: ["LinearAlgebra", "PortableMath"]),
        .target(name: "Regularizers"),
        .target(name: "Problems", dependencies: ["LinearAlgebra", "SeededRandom", "TwoLayerNetwork"]),
        .target(name: "Optimizers", dependencies: ["LinearAlgebra", "TwoLayerNetwork", "Regularizers", "Problems"]),
        .target(name: "Trajectories", dependencies: ["Serialization", "LinearAlgebra", "TwoLayerNetwork", "Regularizers", "Problems", "Optimizers"]),
        .target(name: "Quantities", dependencies: ["SeededRandom", "LinearAlgebra", "TwoLayerNetwork", "Regularizers", "Problems", "Optimizers", "Trajectories"]),
        .target(name: "Theorems", dependencies: ["Quantities", "LinearAlgebra", "Regularizers", "Problems", "Optimizers", "Trajectories", "Serialization"]),
        .target(name: "Experiments", dependencies: ["LinearAlgebra", "Problems", "Optimizers", "Trajectories"]),
        .target(name: "Figures", exclude: ["README.md"]),
        .target(name: "Reporting", dependencies: ["Experiments", "Figures", "Theorems", "Serialization"]),
        .target(name: "CheckBoundsCLI", dependencies: ["Experiments", "Reporting", "Quantities", "Theorems", "Serialization", "LinearAlgebra", "SeededRandom", "TwoLayerNetwork", "Regularizers", "Problems", "Optimizers", "Trajectories"]),
        .executableTarget(name: "check-bounds", dependencies: ["CheckBoundsCLI"]),
        .testTarget(name: "NumericsTests", dependencies: ["LinearAlgebra", "SeededRandom", "PortableMath"]),
        .testTarget(name: "ModelTests", dependencies: ["LinearAlgebra", "SeededRandom", "PortableMath", "TwoLayerNetwork", "Regularizers", "Problems"]),
        .testTarget(name: "TheoremTests", dependencies: ["Quantities", "Theorems", "LinearAlgebra", "SeededRandom", "TwoLayerNetwork", "Regularizers", "Problems", "Optimizers", "Trajectories", "Serialization", "CheckBoundsCLI"]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures"]),
        .testTarget(name: "ReportTests", dependencies: ["Experiments", "Trajectories", "Reporting", "Theorems", "CheckBoundsCLI"]),
        .testTarget(name: "MethodTests", dependencies: ["LinearAlgebra", "SeededRandom", "TwoLayerNetwork", "Regularizers", "Problems", "Optimizers", "Trajectories", "Serialization", "CheckBoundsCLI"]),
    ]
)
