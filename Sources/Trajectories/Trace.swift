import Foundation
import LinearAlgebra
import Optimizers
import Problems
import Serialization

/// The JSON Lines trace of `check-bounds trace`: one object per step, keys as README
/// documents ("Trace schema"). Extra per-step quantities (the theorem engine's) are appended
/// by key so the schema can grow without breaking readers.
public enum Trace {
    public static func line(_ r: StepRecord, theta: [Double]? = nil, extra: [(String, JSONValue)] = []) -> String {
        var pairs: [(String, JSONValue)] = [
            ("step", .int(r.step)),
            ("loss", .num(r.loss)),
            ("data_loss", .num(r.dataLoss)),
            ("reg", .num(r.regularizerValue)),
            ("test_loss", .num(r.testLoss)),
            ("sigma_min_J", .num(r.sigmaMinJ)),
            ("sigma_max_J", .num(r.sigmaMaxJ)),
            ("sigma_err", .num(r.sigmaError)),
            ("eta", .num(r.eta)),
            ("alpha", .num(r.alpha)),
            ("M_g", .num(r.mG)),
            ("theta_norm", .num(r.thetaNorm)),
            ("step_norm", .num(r.stepNorm)),
            ("dist_theta0", .num(r.distanceFromStart)),
        ]
        pairs += extra
        if let theta { pairs.append(("theta", .array(theta.map { .number($0) }))) }
        return JSONValue.object(pairs).rendered()
    }

    /// The whole trace as text; the last line states the outcome.
    public static func render(_ traj: Trajectory, includeTheta: Bool, extras: [Int: [(String, JSONValue)]] = [:]) -> String {
        var out = ""
        for (i, r) in traj.records.enumerated() {
            let th = includeTheta && i < traj.iterates.count ? traj.iterates[i] : nil
            out += line(r, theta: th, extra: extras[r.step] ?? []) + "\n"
        }
        out += JSONValue.object([("outcome", .string(traj.outcome.summary))]).rendered() + "\n"
        return out
    }
}

/// Writes the sampled problem so anyone can recompute the run with their own code:
/// X.csv (m×n0), y.csv, X_test.csv, y_test.csv, theta0.csv (README "Exported problem"),
/// and config.json with every option that defines the run.
public enum ProblemExport {
    /// One output set: an interrupted export leaves the folder as it was (no folder without
    /// theta0.csv and config.json).
    public static func write(_ problem: Problem, config: RunConfig, to dir: String) throws {
        let set = try OutputSet(directory: dir, name: "export")
        defer { set.discard() }
        let x = problem.trainInputs, xt = problem.testInputs
        try set.add(NumericCSV.render(rows: (0..<x.rows).map { x.row($0) }), as: "X.csv")
        try set.add(NumericCSV.render(rows: problem.trainTargets.map { [$0] }), as: "y.csv")
        try set.add(NumericCSV.render(rows: (0..<xt.rows).map { xt.row($0) }), as: "X_test.csv")
        try set.add(NumericCSV.render(rows: problem.testTargets.map { [$0] }), as: "y_test.csv")
        try set.add(NumericCSV.render(rows: problem.theta0.map { [$0] }), as: "theta0.csv")
        if let r = problem.rows { try set.add(rowsCSV(r), as: "rows.csv") }
        try set.add(configJSON(problem, config).pretty(), as: "config.json")
        try set.commit()
    }

    /// Which rows of the CSV X.csv and X_test.csv hold, in order: `set,data_row,line`.
    static func rowsCSV(_ r: DataRows) -> String {
        var out = "set,data_row,line\n"
        for (row, line) in zip(r.trainRows, r.trainLines) { out += "train,\(row),\(line)\n" }
        for (row, line) in zip(r.testRows, r.testLines) { out += "test,\(row),\(line)\n" }
        return out
    }

    public static func configJSON(_ problem: Problem, _ c: RunConfig) -> JSONValue {
        let s = problem.spec
        var stepPairs: [(String, JSONValue)]
        switch c.stepSize {
        case let .adaptive(a): stepPairs = [("step_rule", .string("adaptive")), ("alpha_bar", .number(a))]
        case let .fixed(a): stepPairs = [("step_rule", .string("fixed")), ("alpha_fixed", .number(a))]
        }
        let pen = (try? c.penalty()) ?? .quadratic
        let (mH, nu) = pen.claimedGSC
        var pairs: [(String, JSONValue)] = [
            ("problem", .string(s.kind.rawValue)),
            ("seed", .int(Int(s.seed))),
            ("m", .int(problem.trainInputs.rows)),
            ("m_test", .int(problem.testInputs.rows)),
            ("n0", .int(problem.network.inputDimension)),
            ("n", .int(problem.network.width)),
            ("n_teacher", .int(s.teacherWidth)),
            ("p", .int(problem.parameterCount)),
            ("activation", .string(problem.network.activation.rawValue)),
            ("kappa", .number(problem.network.kappa)),
            ("kappa_W", .number(s.kappaW)),
            ("theta_layout", .string("u_1..u_n (n0 each, contiguous) then v_1..v_n")),
            ("loss", .string("R(Phi) = ||Phi - y||^2 / (2m); e = (Phi - y)/m; Q = I/m")),
            ("method", .string(c.method.name)),
            ("regularizer", .string(pen.name)),
            ("mu", .num(pen.mu)),
            ("tau", .number(c.tau)),
            ("M_h", .number(mH)),
            ("nu", .number(nu)),
            ("M_g_rule", .string("M_g = p^((3-nu)/2) * mu^(nu/2-2) * M_h")),
            ("M_g_owner", .string(c.mgOwner.rawValue)),
        ]
        pairs += stepPairs
        pairs += [("steps", .int(c.steps)), ("tolerance", .number(c.tolerance))]
        pairs.append(("targets", .string(s.targetsDescription)))
        if let path = s.csvPath {
            pairs.append(("csv", .string(path)))
            if let t = s.targetColumn { pairs.append(("target_column", .string(t))) }
            if let f = s.featureColumns { pairs.append(("features", .array(f.map { .string($0) }))) }
            pairs += [("normalize", .string(s.resolvedScaling.rawValue)),
                      ("split", .string("data rows (1-based, header not counted) shuffled by Fisher-Yates with the seed's csv-rows stream; the first m train, the next m_test test")),
                      ("rows_file", .string("rows.csv: set,data_row,line per row of X.csv then X_test.csv, in order"))]
        }
        if let l = s.targetLambdaMin { pairs.append(("target_lambda_min", .number(l))) }
        return .object(pairs)
    }
}
