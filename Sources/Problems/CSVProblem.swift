import Foundation
import LinearAlgebra
import TwoLayerNetwork

/// Real inputs from a CSV file of numeric columns, with targets from the seeded teacher.
/// The first `trainCount` rows train, the next `testCount` (as many as remain) test.
/// A first row that is not numeric is taken as a header.
public enum CSVProblem {
    public static func make(_ spec: ProblemSpec) throws -> Problem {
        guard let path = spec.csvPath else { throw ProblemError("the csv problem needs a file (--csv PATH)") }
        let rows = try readNumericCSV(path: path)
        let n0 = rows[0].count
        guard rows.count >= spec.trainCount else {
            throw ProblemError("\(path): has \(rows.count) data rows, fewer than m = \(spec.trainCount)")
        }
        var s = spec
        s.inputDimension = n0
        s.kind = .csv
        try TeacherStudent.validate(s)
        let testAvailable = min(s.testCount, rows.count - s.trainCount)
        s.testCount = testAvailable
        func matrix(_ r: ArraySlice<[Double]>) -> Matrix {
            var x = Matrix(rows: r.count, cols: n0)
            for (j, row) in r.enumerated() {
                var v = row
                if s.normalizeInputs { TeacherStudent.normalize(&v) }
                for k in 0..<n0 { x[j, k] = v[k] }
            }
            return x
        }
        let train = matrix(rows[0..<s.trainCount])
        let test = matrix(rows[s.trainCount..<(s.trainCount + testAvailable)])
        return TeacherStudent.assemble(s, train: train, test: test)
    }

    /// Parses a CSV of numbers. Errors name the file, the line and the column.
    public static func readNumericCSV(path: String) throws -> [[Double]] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProblemError("\(path): cannot read the file (missing or not readable)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ProblemError("\(path): not UTF-8 text")
        }
        return try parseNumericCSV(text, name: path)
    }

    public static func parseNumericCSV(_ text: String, name: String) throws -> [[Double]] {
        var rows: [[Double]] = []
        var width: Int? = nil
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            var values: [Double] = []
            var badField: (Int, String)? = nil
            for (c, f) in fields.enumerated() {
                if let v = Double(f), v.isFinite { values.append(v) } else { badField = (c + 1, f); break }
            }
            if let (col, field) = badField {
                if rows.isEmpty && width == nil && index == lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                    width = fields.count  // header row
                    continue
                }
                throw ProblemError("\(name): line \(index + 1), column \(col): '\(field)' is not a finite number (every data field must be numeric)")
            }
            if let w = width, w != values.count {
                throw ProblemError("\(name): line \(index + 1) has \(values.count) columns, expected \(w) (all rows need the same number of columns)")
            }
            width = values.count
            rows.append(values)
        }
        guard !rows.isEmpty else { throw ProblemError("\(name): no numeric data rows") }
        return rows
    }
}
