import LinearAlgebra
import TwoLayerNetwork

/// A sampled regression problem: training and test data, the network, and θ_0.
/// Everything a run needs, and everything `--export-problem` writes out.
public struct Problem: Sendable {
    public let spec: ProblemSpec
    public let network: TwoLayerNetwork
    /// Training inputs X (m×n0), one sample per row.
    public let trainInputs: Matrix
    public let trainTargets: [Double]
    public let testInputs: Matrix
    public let testTargets: [Double]
    /// The initial parameters θ_0 in the layout of `TwoLayerNetwork`.
    public let theta0: [Double]

    public init(spec: ProblemSpec, network: TwoLayerNetwork, trainInputs: Matrix, trainTargets: [Double],
                testInputs: Matrix, testTargets: [Double], theta0: [Double]) {
        self.spec = spec
        self.network = network
        self.trainInputs = trainInputs
        self.trainTargets = trainTargets
        self.testInputs = testInputs
        self.testTargets = testTargets
        self.theta0 = theta0
    }

    public var sampleCount: Int { trainInputs.rows }
    public var parameterCount: Int { network.parameterCount }
}

/// How a problem was made: the options that define it, so a run can be reproduced and an
/// exported `config.json` is complete.
public struct ProblemSpec: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The paper's synthetic teacher-student setup (000 "Simulation", 001 experiments).
        case teacherStudent = "teacher-student"
        /// Inputs from a CSV file, targets from a random teacher.
        case csv
        /// Teacher-student with inputs squeezed toward one direction until λ_min(K_0) hits a target.
        case conditionedNTK = "conditioned-ntk"
    }

    public var kind: Kind = .teacherStudent
    public var trainCount = 500          // m
    public var testCount = 1000
    public var inputDimension = 5        // n0
    public var width = 500               // n
    public var teacherWidth = 5          // n*
    public var activation: Activation = .silu
    /// κ(n); nil means 1/√n.
    public var kappa: Double? = nil
    /// Scale of the student initialization: U_0 = κ_W·N(0,1), v_0 = κ_W·U(0,1).
    public var kappaW = 1.0
    public var seed: UInt64 = 0
    /// For `.csv`: the file, and whether rows are normalized to the unit sphere.
    public var csvPath: String? = nil
    public var normalizeInputs = true
    /// For `.conditionedNTK`: the λ_min(K_0) = λ_min(J_0 J_0ᵀ) to aim at.
    public var targetLambdaMin: Double? = nil

    public init() {}

    public var resolvedKappa: Double { kappa ?? 1 / Double(width).squareRoot() }
}

/// A problem that could not be built, with the reason in one line.
public struct ProblemError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
