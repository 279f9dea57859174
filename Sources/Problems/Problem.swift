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
    /// For a CSV problem: which rows of the file were used, in order (nil otherwise).
    public let rows: DataRows?

    public init(spec: ProblemSpec, network: TwoLayerNetwork, trainInputs: Matrix, trainTargets: [Double],
                testInputs: Matrix, testTargets: [Double], theta0: [Double], rows: DataRows? = nil) {
        self.spec = spec
        self.network = network
        self.trainInputs = trainInputs
        self.trainTargets = trainTargets
        self.testInputs = testInputs
        self.testTargets = testTargets
        self.theta0 = theta0
        self.rows = rows
    }

    public var sampleCount: Int { trainInputs.rows }
    public var parameterCount: Int { network.parameterCount }

    /// How many distinct rows the training inputs have (exact equality, 0 and −0 alike): fewer
    /// than m repeats rows of J, so JJᵀ is singular whatever the width (issue 30 #4).
    public var distinctTrainingRows: Int {
        var seen = Set<[UInt64]>()
        for i in 0..<trainInputs.rows { seen.insert((0..<trainInputs.cols).map { trainInputs[i, $0] == 0 ? 0 : trainInputs[i, $0].bitPattern }) }
        return seen.count
    }

    /// A LAPACK failure's reason, with the duplicate training rows named when there are any:
    /// the usual cause of a singular Gram matrix on real data.
    public func explain(_ error: Error) -> String {
        guard case .lapack = error as? LinearAlgebraError else { return "\(error)" }
        let k = distinctTrainingRows, m = sampleCount
        guard k < m else { return "\(error)" }
        return "\(error); the \(m) training inputs hold only \(k) distinct rows, and equal rows of X give equal rows of J, so JJᵀ is singular (allowed: remove the duplicate rows, or use --m ≤ \(k) on a file without them)"
    }
}

/// The rows of a CSV file a problem uses, in the order of X and X_test: each as its data row
/// (1-based, the header not counted) and its line in the file.
public struct DataRows: Sendable, Equatable {
    public var trainRows: [Int]
    public var trainLines: [Int]
    public var testRows: [Int]
    public var testLines: [Int]
    public init(trainRows: [Int], trainLines: [Int], testRows: [Int], testLines: [Int]) {
        self.trainRows = trainRows
        self.trainLines = trainLines
        self.testRows = testRows
        self.testLines = testLines
    }
}

/// How a problem was made: the options that define it, so a run can be reproduced and an
/// exported `config.json` is complete.
public struct ProblemSpec: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The paper's synthetic teacher-student setup (000 "Simulation", 001 experiments).
        case teacherStudent = "teacher-student"
        /// Inputs from a CSV file, targets from one of its columns or from the seeded teacher.
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
    /// For `.csv`: the target column (a header name or a 1-based index; nil: the seeded
    /// teacher's targets), the input columns (nil: every other column) and the scaling
    /// (nil: unit sphere, or none when `normalizeInputs` is false). Optional so that configs
    /// without them encode as before (stored findings are named by that encoding).
    public var targetColumn: String? = nil
    public var featureColumns: [String]? = nil
    public var inputScaling: InputScaling? = nil
    /// For `.csv`: drop the rows with a missing or non-numeric cell in a used column before the
    /// split (`--missing drop`); nil refuses them, naming the first and counting them.
    public var dropMissing: Bool? = nil
    /// For `.conditionedNTK`: the λ_min(K_0) = λ_min(J_0 J_0ᵀ) to aim at.
    public var targetLambdaMin: Double? = nil

    public init() {}

    public var resolvedKappa: Double { kappa ?? 1 / Double(width).squareRoot() }

    public var resolvedScaling: InputScaling { inputScaling ?? (normalizeInputs ? .unitSphere : .none) }

    /// Where y comes from, in the words every output uses.
    public var targetsDescription: String {
        if kind == .csv, let t = targetColumn { return "targets from column '\(CSVText.quoted(t))' of the CSV" }
        return "targets from the seeded teacher"
    }
}

/// A problem that could not be built, with the reason in one line.
public struct ProblemError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
