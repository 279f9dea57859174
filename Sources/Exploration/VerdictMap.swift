import Foundation
import Theorems
import Trajectories

/// A grid of instances over two options and, per reading, the verdict in every cell
/// (Proofs/Exploration.md §4): where every hypothesis holds, where the conclusion holds, fails
/// or is undecided, and where the run broke down.
public struct VerdictMap: Sendable, Codable {
    public struct Axis: Sendable, Codable {
        public var name: String
        public var values: [Value]
        public var log: Bool
    }

    public struct Cell: Sendable, Codable {
        public var x: Int
        public var y: Int
        public var outcome: Outcome
        public var hypotheses: HypothesisStatus?
        /// The relative margin of the worst conclusion where the hypotheses held.
        public var heldMargin: Double?
        public var reproduce: String
    }

    public struct Layer: Sendable, Codable {
        public var reading: ReadingID
        public var cells: [Cell]
    }

    public var theorem: TheoremID
    public var x: Axis
    public var y: Axis
    public var layers: [Layer]
    /// The options every cell shares (the reproduce arguments of the grid's first cell, minus the axes).
    public var fixed: [String]
    /// The x value the paper uses, outlined on the figure (`MapSpec.markX`), and its legend.
    public var markX: Double? = nil
    public var markLabel: String? = nil

    /// The column of `markX` (an exact grid value, to 1e-9 relative; nil otherwise).
    public var markedColumn: Int? {
        guard let m = markX else { return nil }
        return x.values.firstIndex { if case let .number(v) = $0 { return abs(v - m) <= 1e-9 * abs(m) } else { return false } }
    }

    /// The values of a grid axis: `count` points from lower to upper (log-spaced for a log range).
    public static func values(_ d: SpaceDimension, count: Int) -> [Value] {
        let raw = (0..<count).map { d.value(at: count == 1 ? 0 : Double($0) / Double(count - 1)) }
        return raw.uniqued()
    }

    /// Evaluates the grid x × y with every other option from `base`.
    public static func make(evaluator: TrialEvaluator, x: (SpaceDimension, Int), y: (SpaceDimension, Int), base: RunConfig, jobs: Int,
                            progress: ((Int, Int) -> Void)? = nil) -> VerdictMap {
        let xs = values(x.0, count: x.1), ys = values(y.0, count: y.1)
        var points: [(Int, Int, Point)] = []
        for (j, yv) in ys.enumerated() { for (i, xv) in xs.enumerated() { points.append((i, j, Point([x.0.name: xv, y.0.name: yv]))) } }
        var settings = ExploreSettings()
        settings.jobs = jobs
        let explorer = Explorer(evaluator: evaluator, space: Space([x.0, y.0]), base: base, settings: settings)
        var trials: [Trial] = []
        for chunk in stride(from: 0, to: points.count, by: 4) {
            trials += explorer.evaluate(points[chunk..<min(points.count, chunk + 4)].map(\.2))
            progress?(trials.count, points.count)
        }
        let readings = Explorer.readings(trials)
        let layers = readings.map { r in
            Layer(reading: r, cells: zip(points, trials).map { pt, t in cell(pt.0, pt.1, t, r, evaluator.theorem.id) })
        }
        let fixed = evaluator.theorem.reproduceArguments(base).chunked().filter { $0[0] != "--" + x.0.name && $0[0] != "--" + y.0.name }.flatMap { $0 }
        return VerdictMap(theorem: evaluator.theorem.id, x: Axis(name: x.0.name, values: xs, log: x.0.isLog),
                          y: Axis(name: y.0.name, values: ys, log: y.0.isLog), layers: layers, fixed: fixed)
    }

    static func cell(_ i: Int, _ j: Int, _ t: Trial, _ r: ReadingID, _ id: TheoremID) -> Cell {
        let reproduce = "check-bounds check " + (TheoremRegistry.theorem(id)?.reproduceArguments(t.config) ?? reproduceArguments(t.config)).joined(separator: " ") + " --theorems \(id)"
        if let invalid = t.invalid {
            return Cell(x: i, y: j, outcome: .numericalFailure, hypotheses: nil, heldMargin: nil, reproduce: "invalid instance: \(invalid)")
        }
        guard let res = t.results.first(where: { $0.reading == r }) ?? t.results.first(where: { $0.reading == .all }) else {
            return Cell(x: i, y: j, outcome: .numericalFailure, hypotheses: nil, heldMargin: nil, reproduce: reproduce)
        }
        return Cell(x: i, y: j, outcome: res.outcome, hypotheses: res.hypotheses, heldMargin: res.heldConclusion?.relativeMargin, reproduce: reproduce)
    }
}

extension SpaceDimension {
    var isLog: Bool {
        switch kind {
        case let .real(_, _, log), let .integer(_, _, log): return log
        case .choice: return false
        }
    }
}

extension Array where Element == String {
    /// Option/value pairs of a reproduce line (every option there takes a value).
    func chunked() -> [[String]] {
        stride(from: 0, to: count, by: 2).map { Array(self[$0..<Swift.min(count, $0 + 2)]) }
    }
}
