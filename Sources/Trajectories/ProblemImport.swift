import Foundation
import LinearAlgebra
import Optimizers
import Problems
import TwoLayerNetwork

/// A problem brought back from an `--export-problem` folder (X.csv, y.csv, X_test.csv, y_test.csv,
/// theta0.csv, config.json): the data and θ_0 exactly as written, the run options from config.json.
/// Every mistake is one line naming the file and what was expected (`ProblemError`).
public enum ProblemImport {
    public static func read(folder dir: String) throws -> (Problem, RunConfig) {
        let configPath = (dir as NSString).appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw ProblemError("\(CSVText.quoted(configPath, limit: 240)): cannot read the file (an --export-problem folder holds config.json, X.csv, y.csv, X_test.csv, y_test.csv, theta0.csv)")
        }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ProblemError("\(CSVText.quoted(configPath, limit: 240)): not a JSON object (expected the config.json that trace --export-problem writes)")
        }
        let c = try config(json, name: configPath)
        let n0 = c.problem.inputDimension, m = c.problem.trainCount
        func table(_ file: String, rows: Int?, cols: Int) throws -> [[Double]] {
            let path = (dir as NSString).appendingPathComponent(file)
            let t: [[Double]]
            if rows == 0, let d = FileManager.default.contents(atPath: path), String(decoding: d, as: UTF8.self).allSatisfy(\.isWhitespace) { return [] }
            t = try CSVTable.read(path: path).rows
            if let rows, t.count != rows { throw ProblemError("\(CSVText.quoted(path, limit: 240)): has \(t.count) rows, expected \(rows) (config.json)") }
            if let bad = t.firstIndex(where: { $0.count != cols }) {
                throw ProblemError("\(CSVText.quoted(path, limit: 240)): row \(bad + 1) has \(t[bad].count) columns, expected \(cols)")
            }
            return t
        }
        let x = try table("X.csv", rows: m, cols: n0), y = try table("y.csv", rows: m, cols: 1)
        let mt = c.problem.testCount
        let xt = try table("X_test.csv", rows: mt, cols: n0), yt = try table("y_test.csv", rows: mt, cols: 1)
        let p = c.problem.width * (n0 + 1)
        let theta0 = try table("theta0.csv", rows: p, cols: 1).map { $0[0] }
        func matrix(_ rows: [[Double]]) -> Matrix {
            var a = Matrix(rows: rows.count, cols: n0)
            for (j, r) in rows.enumerated() { for k in 0..<n0 { a[j, k] = r[k] } }
            return a
        }
        let net = TwoLayerNetwork(inputDimension: n0, width: c.problem.width, activation: c.problem.activation, kappa: c.problem.resolvedKappa)
        let problem = Problem(spec: c.problem, network: net, trainInputs: matrix(x), trainTargets: y.map { $0[0] },
                              testInputs: matrix(xt), testTargets: yt.map { $0[0] }, theta0: theta0)
        return (problem, c)
    }

    /// The run options of a config.json (the keys `ProblemExport.configJSON` writes).
    static func config(_ j: [String: Any], name: String) throws -> RunConfig {
        let file = CSVText.quoted(name, limit: 240)
        func value<T>(_ key: String, _ what: String) throws -> T {
            guard let v = j[key] as? T else { throw ProblemError("\(file): '\(key)' is missing or not \(what)") }
            return v
        }
        func int(_ key: String) throws -> Int {
            let v: NSNumber = try value(key, "an integer")
            guard v.doubleValue == v.doubleValue.rounded(), v.intValue >= 0 else { throw ProblemError("\(file): '\(key)' must be a non-negative integer") }
            return v.intValue
        }
        func double(_ key: String) throws -> Double { (try value(key, "a number") as NSNumber).doubleValue }
        var c = RunConfig()
        var s = ProblemSpec()
        if let k = j["problem"] as? String, let kind = ProblemSpec.Kind(rawValue: k) { s.kind = kind }
        let seed = try int("seed")
        guard seed >= 0 else { throw ProblemError("\(file): seed \(seed) is negative (allowed: a non-negative integer)") }
        s.seed = UInt64(seed)
        s.trainCount = try int("m"); s.testCount = try int("m_test")
        s.inputDimension = try int("n0"); s.width = try int("n")
        if let t = j["n_teacher"] as? NSNumber { s.teacherWidth = t.intValue }
        // The bounds (and memory check) every source of a configuration obeys (`ProblemSpec.validateSizes`).
        do { try s.validateSizes() } catch let e as ProblemError { throw ProblemError("\(file): \(e.message)") }
        let a: String = try value("activation", "a string")
        guard let act = Activation(rawValue: a) else { throw ProblemError("\(file): activation '\(CSVText.quoted(a))' is not one of \(Activation.allCases.map(\.rawValue).joined(separator: ", "))") }
        s.activation = act
        let kappa = try double("kappa")
        if kappa != 1 / Double(s.width).squareRoot() { s.kappa = kappa }   // the default stays unset, as in check
        s.kappaW = try double("kappa_W")
        if let t = j["target_column"] as? String { s.targetColumn = t }
        c.problem = s
        let method: String = try value("method", "a string")
        guard let meth = Method.named(method) else { throw ProblemError("\(file): method '\(CSVText.quoted(method))' is not one of \(Method.names.joined(separator: ", "))") }
        c.method = meth
        c.penaltyName = try value("regularizer", "a string")
        if let mu = j["mu"] as? NSNumber, mu.doubleValue != 1 / s.resolvedKappa { c.mu = mu.doubleValue }
        c.tau = try double("tau")
        let owner: String = try value("M_g_owner", "a string")
        guard let o = MgOwner(rawValue: owner) else { throw ProblemError("\(file): M_g_owner '\(CSVText.quoted(owner))' is not one of gbar, g") }
        c.mgOwner = o
        let rule: String = try value("step_rule", "a string")
        c.stepSize = rule == "fixed" ? .fixed(try double("alpha_fixed")) : .adaptive(alphaBar: try double("alpha_bar"))
        c.steps = try int("steps")
        do { try c.validate() } catch let e as ProblemError { throw ProblemError("\(file): \(e.message)") }
        return c
    }
}

/// A trajectory θ_0, θ_1, … from a file: JSON Lines with a `theta` array per line (lines without
/// one, such as trace's final `{"outcome": …}`, are skipped), or a CSV with one θ_t per row.
public enum TrajectoryFile {
    public static func read(path: String, parameterCount p: Int, layout: String) throws -> [[Double]] {
        let name = CSVText.quoted(path, limit: 240)
        guard let data = FileManager.default.contents(atPath: path) else { throw ProblemError("\(name): cannot read the file (missing or not readable)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ProblemError("\(name): not UTF-8 text") }
        let isJSON = path.hasSuffix(".jsonl") || path.hasSuffix(".json") || text.drop { $0.isWhitespace }.first == "{"
        var thetas: [[Double]] = []
        var lines: [Int] = []
        if isJSON {
            struct Line: Decodable { var theta: [Double]? }
            for (i, raw) in CSVTable.splitLines(text).enumerated() where !raw.allSatisfy(\.isWhitespace) {
                guard let line = try? JSONDecoder().decode(Line.self, from: Data(raw.utf8)) else {
                    throw ProblemError("\(name): line \(i + 1) is not a JSON object whose \"theta\" is an array of numbers")
                }
                if let t = line.theta { thetas.append(t); lines.append(i + 1) }
            }
            guard !thetas.isEmpty else { throw ProblemError("\(name): no line has a \"theta\" array (trace writes them with --include-theta)") }
        } else {
            let t = try CSVTable.parse(text, name: path)
            thetas = t.rows
            lines = t.lines
        }
        for (k, t) in thetas.enumerated() {
            guard t.count == p else {
                throw ProblemError("\(name): line \(lines[k]): θ has \(t.count) entries, expected p = \(layout)")
            }
            if let bad = t.firstIndex(where: { !$0.isFinite }) {
                throw ProblemError("\(name): line \(lines[k]): entry \(bad + 1) of θ is not a finite number")
            }
        }
        return thetas
    }
}
