import Foundation
import LinearAlgebra
import SeededRandom
import TwoLayerNetwork

/// Real data from a CSV file (README "Your own problem"; Proofs/Numerics.md §6).
///
/// Inputs are the `featureColumns` (default: every column but the target), scaled by
/// `inputScaling`; targets are the `targetColumn` as in the file, or, without one, the seeded
/// teacher's outputs on the scaled inputs. The split: the N data rows are shuffled by
/// Fisher–Yates with the seed's own stream (purpose `csvRows`), the first m train and the
/// next m-test test; `Problem.rows` records which rows, in order.
public enum CSVProblem {
    /// The selected columns and rows of a CSV problem, everything checked.
    public struct Selection: Sendable {
        public let table: CSVTable
        public let features: [Int]
        public let target: Int?
        /// Indices into `table.rows`, in the order of X and X_test.
        public let train: [Int]
        public let test: [Int]
    }

    public static func make(_ spec: ProblemSpec) throws -> Problem {
        let sel = try select(spec)
        var s = spec
        s.inputDimension = sel.features.count
        s.kind = .csv
        try TeacherStudent.validate(s)
        let (train, test) = try scaledInputs(sel, s)
        let rows = DataRows(trainRows: sel.train.map { $0 + 1 }, trainLines: sel.train.map { sel.table.lines[$0] },
                            testRows: sel.test.map { $0 + 1 }, testLines: sel.test.map { sel.table.lines[$0] })
        let net = TwoLayerNetwork(inputDimension: s.inputDimension, width: s.width, activation: s.activation, kappa: s.resolvedKappa)
        let y: (Matrix, [Int]) -> [Double] = { x, idx in
            if let t = sel.target { return idx.map { sel.table.rows[$0][t] } }
            return TeacherStudent.teacherOutputs(s, inputs: x)
        }
        return Problem(spec: s, network: net, trainInputs: train, trainTargets: y(train, sel.train),
                       testInputs: test, testTargets: y(test, sel.test), theta0: TeacherStudent.initialTheta(s), rows: rows)
    }

    /// Reads the file and checks everything a run would trip on, before any work: the columns,
    /// enough rows for m + m-test, no all-zero input row under unit-sphere scaling, no constant
    /// feature on the training rows under standardization.
    public static func select(_ spec: ProblemSpec) throws -> Selection {
        guard let path = spec.csvPath else { throw ProblemError("the csv problem needs a file (--csv PATH)") }
        // Text cells are read, and refused only in a column the run uses (issue 30 #10).
        var table = try CSVTable.read(path: path, allowText: true)
        let name = CSVText.quoted(path, limit: 240)
        let target = try spec.targetColumn.map { try table.column($0, option: "--target") }
        var features: [Int]
        if let list = spec.featureColumns {
            features = try list.map { try table.column($0, option: "--features") }
            if let t = target, features.contains(t) { throw ProblemError("--features: the target column \(t + 1) cannot also be an input") }
            if let d = features.indices.first(where: { features[..<$0].contains(features[$0]) }) {
                throw ProblemError("--features: column \(features[d] + 1) is listed twice")
            }
        } else {
            features = (0..<table.width).filter { $0 != target }
        }
        guard !features.isEmpty else { throw ProblemError("\(name): no input column left beside the target (a CSV problem needs at least one)") }
        let used = Set(features + (target.map { [$0] } ?? []))
        let badCells = table.nonNumeric.filter { used.contains($0.column) }
        if let bad = badCells.first {
            let rows = Set(badCells.map(\.row))
            if spec.dropMissing == true {
                // Dropped before the split, so the seed shuffles what is left (README, "Your own problem").
                let keep = table.rows.indices.filter { !rows.contains($0) }
                guard !keep.isEmpty else { throw ProblemError("\(name): every data row has a missing or non-numeric cell in a used column, so --missing drop leaves none") }
                table = CSVTable(name: table.name, header: table.header, rows: keep.map { table.rows[$0] }, lines: keep.map { table.lines[$0] })
            } else {
                let what = bad.text.isEmpty ? "is empty (a missing value)" : "'\(CSVText.quoted(bad.text))' is not a finite number"
                throw ProblemError("\(name): line \(table.lines[bad.row]), column \(columnName(table, bad.column)): \(what); \(rows.count) of \(table.rows.count) data rows have such a cell in a used column (allowed: --missing drop to leave those rows out, leave the column out with --features, or fix the file)")
            }
        }
        let (m, mt) = (spec.trainCount, spec.testCount)
        guard m >= 1, mt >= 0, table.rows.count >= m + mt else {
            throw ProblemError("\(name): has \(table.rows.count) data rows, fewer than m + m-test = \(m) + \(mt) (allowed: m + m-test ≤ \(table.rows.count))")
        }
        if spec.resolvedScaling == .unitSphere {
            // One input column: every row scales to ±1, so the inputs carry only a sign (issue 30 #3).
            if features.count == 1 {
                throw ProblemError("\(name): one input column (\(columnName(table, features[0]))): unit-sphere scaling maps every row to ±1 and leaves only its sign (allowed: --normalize standardize or --normalize none, or more input columns)")
            }
            if let j = table.rows.indices.first(where: { r in features.allSatisfy { table.rows[r][$0] == 0 } }) {
                throw ProblemError("\(name): line \(table.lines[j]): every input is 0, so the row cannot be normalized to the unit sphere (allowed: a row with a nonzero input, or --normalize standardize|none)")
            }
        }
        let order = shuffledRows(table.rows.count, seed: spec.seed)
        let sel = Selection(table: table, features: features, target: target, train: Array(order[0..<m]), test: Array(order[m..<(m + mt)]))
        if spec.resolvedScaling == .standardize {
            let trainRows = sel.train.map { table.rows[$0] }
            for k in features where Scaling.moments(trainRows, column: k).sd == 0 {
                throw ProblemError("\(name): column \(columnName(table, k)) is constant on the \(m) training rows, so it cannot be standardized (allowed: a column that varies, or leave it out with --features, or --normalize unit-sphere|none)")
            }
        }
        return sel
    }

    /// 0…count−1 shuffled by Fisher–Yates from i = count−1 down to 1, j uniform in 0…i
    /// (rejection sampling on the stream's 64-bit outputs, so j is exactly uniform).
    public static func shuffledRows(_ count: Int, seed: UInt64) -> [Int] {
        var rng = SeededSampler.stream(seed: seed, purpose: TeacherStudent.Purpose.csvRows.rawValue)
        var order = Array(0..<count)
        var i = count - 1
        while i >= 1 {
            let bound = UInt64(i + 1)
            let limit = UInt64.max - UInt64.max % bound   // the largest multiple of bound, exclusive
            var x = rng.generator.next()
            while x >= limit { x = rng.generator.next() }
            order.swapAt(i, Int(x % bound))
            i -= 1
        }
        return order
    }

    static func columnName(_ t: CSVTable, _ k: Int) -> String {
        if let h = t.header { return "\(k + 1) ('\(CSVText.quoted(h[k]))')" }
        return "\(k + 1)"
    }

    /// X and X_test: the selected columns of the split's rows, scaled.
    static func scaledInputs(_ sel: Selection, _ s: ProblemSpec) throws -> (Matrix, Matrix) {
        let pick: ([Int]) -> [[Double]] = { idx in idx.map { r in sel.features.map { sel.table.rows[r][$0] } } }
        var train = pick(sel.train), test = pick(sel.test)
        switch s.resolvedScaling {
        case .none: break
        case .unitSphere:
            for j in train.indices { Scaling.normalize(&train[j]) }
            for j in test.indices { Scaling.normalize(&test[j]) }
        case .standardize:
            let stats = sel.features.indices.map { Scaling.moments(train, column: $0) }
            for k in stats.indices {
                for j in train.indices { train[j][k] = (train[j][k] - stats[k].mean) / stats[k].sd }
                for j in test.indices { test[j][k] = (test[j][k] - stats[k].mean) / stats[k].sd }
            }
        }
        func matrix(_ rows: [[Double]]) -> Matrix {
            var x = Matrix(rows: rows.count, cols: sel.features.count)
            for (j, row) in rows.enumerated() { for k in row.indices { x[j, k] = row[k] } }
            return x
        }
        return (matrix(train), matrix(test))
    }

    /// Parses a CSV of numbers (`CSVTable`): the data rows.
    public static func readNumericCSV(path: String) throws -> [[Double]] { try CSVTable.read(path: path).rows }

    public static func parseNumericCSV(_ text: String, name: String) throws -> [[Double]] { try CSVTable.parse(text, name: name).rows }
}
