import PortableMath
import LinearAlgebra
import SeededRandom
import TwoLayerNetwork

/// A teacher-student problem whose initial NTK K_0 = J_0 J_0ᵀ has a prescribed smallest
/// eigenvalue, for the damping theorems of 003 (rates that should not depend on λ_min(K_0)).
///
/// Construction: inputs x_j = normalize(c + δ·z_j) around one random direction c, with
/// z_j ~ N(0, I). As δ → 0 the inputs coalesce and λ_min(K_0) → 0; as δ grows they spread
/// over the sphere. δ is found by bisection on log δ so that λ_min(K_0) matches the target to
/// 2%; a target out of reach is refused with the closest reachable value.
public enum ConditionedNTK {
    public static func make(_ spec: ProblemSpec) throws -> Problem {
        guard let target = spec.targetLambdaMin, target.isFinite, target > 0 else {
            throw ProblemError("the conditioned-ntk problem needs a positive target λ_min(K_0) (--lambda-min)")
        }
        try TeacherStudent.validate(spec)
        let theta0 = TeacherStudent.initialTheta(spec)
        let net = TwoLayerNetwork(inputDimension: spec.inputDimension, width: spec.width,
                                  activation: spec.activation, kappa: spec.resolvedKappa)
        var rng = SeededSampler.stream(seed: spec.seed, purpose: TeacherStudent.Purpose.conditioning.rawValue)
        var c = rng.normals(spec.inputDimension)
        TeacherStudent.normalize(&c)
        let z = (0..<(spec.trainCount + spec.testCount)).map { _ in rng.normals(spec.inputDimension) }

        func inputs(_ delta: Double, _ range: Range<Int>) -> Matrix {
            var x = Matrix(rows: range.count, cols: spec.inputDimension)
            for (j, idx) in range.enumerated() {
                var row = (0..<spec.inputDimension).map { c[$0] + delta * z[idx][$0] }
                TeacherStudent.normalize(&row)
                for k in 0..<spec.inputDimension { x[j, k] = row[k] }
            }
            return x
        }
        func lambdaMin(_ delta: Double) throws -> Double {
            let j = net.outputsAndJacobian(theta: theta0, inputs: inputs(delta, 0..<spec.trainCount)).jacobian
            return try Spectral.symmetricEigenvalues(Matrix.gram(j))[0]
        }
        var lo = -12.0, hi = 3.0   // log10 δ
        var best = (delta: 1.0, lambda: try lambdaMin(1.0))
        for _ in 0..<48 {
            let mid = 0.5 * (lo + hi)
            let d = PortableMath.pow(10, mid)
            let l = try lambdaMin(d)
            if abs(PortableMath.log(l / target)) < abs(PortableMath.log(best.lambda / target)) { best = (d, l) }
            if abs(l / target - 1) < 0.02 { break }
            if l > target { hi = mid } else { lo = mid }
        }
        guard abs(best.lambda / target - 1) <= 0.02 else {
            // Say which way the target misses: below what squeezing can reach, or above what spreading can.
            let why = target < best.lambda
                ? "squeezing the inputs further does not lower it below \(best.lambda) (in double precision); allowed: a target ≥ \(best.lambda)"
                : "spreading the inputs further does not raise it above \(best.lambda); allowed: a target ≤ \(best.lambda)"
            throw ProblemError("λ_min(K_0) = \(target) is out of reach for m = \(spec.trainCount), n = \(spec.width), n0 = \(spec.inputDimension): \(why)")
        }
        var s = spec
        s.kind = .conditionedNTK
        let train = inputs(best.delta, 0..<spec.trainCount)
        let test = inputs(best.delta, spec.trainCount..<(spec.trainCount + spec.testCount))
        return Problem(spec: s, network: net,
                       trainInputs: train, trainTargets: TeacherStudent.teacherOutputs(s, inputs: train),
                       testInputs: test, testTargets: TeacherStudent.teacherOutputs(s, inputs: test),
                       theta0: theta0)
    }
}

extension Problem {
    /// Builds the problem a spec describes.
    public static func make(_ spec: ProblemSpec) throws -> Problem {
        switch spec.kind {
        case .teacherStudent: return try TeacherStudent.make(spec)
        case .csv: return try CSVProblem.make(spec)
        case .conditionedNTK: return try ConditionedNTK.make(spec)
        }
    }
}
