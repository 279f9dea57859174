import LinearAlgebra
import SeededRandom
import TwoLayerNetwork

/// The teacher-student problem of 000 ("Simulation: teacher-student") and 001:
/// x ~ N(0, I_{n0}) normalized to the unit sphere; teacher rows u*_i ~ N(0, I) normalized,
/// v*_i = sign(N(0,1)), Φ*(x) = Σ_{i≤n*} v*_i ϱ(u*_i·x) (no κ); student U_0 = κ_W·N(0,1),
/// v_0 = κ_W·U(0,1), κ(n) = 1/√n.
///
/// Each ingredient draws from its own seeded stream, so changing m does not change the
/// teacher or θ_0, and the test set does not depend on the training set's size.
public enum TeacherStudent {
    enum Purpose: UInt64 { case trainInputs = 1, testInputs, teacher, student, conditioning, csvRows }

    public static func make(_ spec: ProblemSpec) throws -> Problem {
        try validate(spec)
        let train = sphereInputs(count: spec.trainCount, dimension: spec.inputDimension, seed: spec.seed, purpose: .trainInputs)
        let test = sphereInputs(count: spec.testCount, dimension: spec.inputDimension, seed: spec.seed, purpose: .testInputs)
        return assemble(spec, train: train, test: test)
    }

    static func validate(_ spec: ProblemSpec) throws {
        guard spec.trainCount >= 1 else { throw ProblemError("m (training points) must be at least 1, got \(spec.trainCount)") }
        guard spec.testCount >= 0 else { throw ProblemError("test points must be non-negative, got \(spec.testCount)") }
        guard spec.inputDimension >= 1 else { throw ProblemError("n0 (input dimension) must be at least 1, got \(spec.inputDimension)") }
        guard spec.width >= 1 else { throw ProblemError("n (width) must be at least 1, got \(spec.width)") }
        guard spec.teacherWidth >= 1 else { throw ProblemError("n* (teacher width) must be at least 1, got \(spec.teacherWidth)") }
        guard spec.kappaW.isFinite && spec.kappaW > 0 else { throw ProblemError("κ_W must be a positive number, got \(spec.kappaW)") }
        if let k = spec.kappa { guard k.isFinite && k > 0 else { throw ProblemError("κ must be a positive number, got \(k)") } }
    }

    /// `count` points uniform on the unit sphere of R^dimension (normalized Gaussians).
    static func sphereInputs(count: Int, dimension: Int, seed: UInt64, purpose: Purpose) -> Matrix {
        var rng = SeededSampler.stream(seed: seed, purpose: purpose.rawValue)
        var x = Matrix(rows: count, cols: dimension)
        for j in 0..<count {
            var row = rng.normals(dimension)
            normalize(&row)
            for k in 0..<dimension { x[j, k] = row[k] }
        }
        return x
    }

    /// Scales v to unit length (`Scaling.normalize`: a plain sum of squares, overflow-safe).
    static func normalize(_ v: inout [Double]) { Scaling.normalize(&v) }

    /// The teacher's rows (normalized) and signs.
    public static func teacher(_ spec: ProblemSpec) -> (u: Matrix, v: [Double]) {
        var rng = SeededSampler.stream(seed: spec.seed, purpose: Purpose.teacher.rawValue)
        var u = Matrix(rows: spec.teacherWidth, cols: spec.inputDimension)
        var v = [Double](repeating: 0, count: spec.teacherWidth)
        for i in 0..<spec.teacherWidth {
            var row = rng.normals(spec.inputDimension)
            normalize(&row)
            for k in 0..<spec.inputDimension { u[i, k] = row[k] }
        }
        for i in 0..<spec.teacherWidth { v[i] = rng.normal() >= 0 ? 1 : -1 }
        return (u, v)
    }

    /// Φ*(x) = Σ v*_i ϱ(u*_i·x) on each row of `x`.
    public static func teacherOutputs(_ spec: ProblemSpec, inputs x: Matrix) -> [Double] {
        let (u, v) = teacher(spec)
        let z = Matrix.multiply(x, u, transposeB: true)  // m × n*
        var y = [Double](repeating: 0, count: x.rows)
        for i in 0..<spec.teacherWidth { for j in 0..<x.rows { y[j] += v[i] * spec.activation.value(z[j, i]) } }
        return y
    }

    /// θ_0: U_0 entries κ_W·N(0,1), then v_0 entries κ_W·U(0,1), in the network's layout.
    public static func initialTheta(_ spec: ProblemSpec) -> [Double] {
        var rng = SeededSampler.stream(seed: spec.seed, purpose: Purpose.student.rawValue)
        let nU = spec.width * spec.inputDimension
        var theta = [Double](repeating: 0, count: nU + spec.width)
        for i in 0..<nU { theta[i] = spec.kappaW * rng.normal() }
        for i in 0..<spec.width { theta[nU + i] = spec.kappaW * rng.uniform() }
        return RoundingProbe.perturbed(theta)
    }

    static func assemble(_ spec: ProblemSpec, train: Matrix, test: Matrix) -> Problem {
        let net = TwoLayerNetwork(inputDimension: spec.inputDimension, width: spec.width,
                                  activation: spec.activation, kappa: spec.resolvedKappa)
        return Problem(spec: spec, network: net,
                       trainInputs: train, trainTargets: teacherOutputs(spec, inputs: train),
                       testInputs: test, testTargets: teacherOutputs(spec, inputs: test),
                       theta0: initialTheta(spec))
    }
}
