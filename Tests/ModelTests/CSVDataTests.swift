import Foundation
import LinearAlgebra
import Problems
import Testing

/// Real data with targets (README "Your own problem"): the header rule, line endings, messages,
/// overflow-safe normalization, standardization, the seeded split. Fixtures are written here
/// and every expected value is computed by hand.
@Suite("CSV data: header rule, robustness, scaling, seeded split, targets")
struct CSVDataTests {
    static func file(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csvdata-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test("a first row of non-numeric cells is a header; a numeric first row with a bad cell is an error at that cell")
    func headerRule() throws {
        let t = try CSVTable.parse("age,sex,target\n1,2,3\n", name: "d.csv")
        #expect(t.header == ["age", "sex", "target"] && t.rows == [[1, 2, 3]] && t.lines == [2])
        #expect(Self.message { _ = try CSVTable.parse("1,2,nan,4,5\n1,2,3,4,5\n", name: "d.csv") }
            == "d.csv: line 1, column 3: 'nan' is not a finite number (every data field must be numeric)")
        #expect(Self.message { _ = try CSVTable.parse("a,1\n1,2\n", name: "d.csv") }
            == "d.csv: line 1, column 1: 'a' is not a finite number (every data field must be numeric)")
        #expect(Self.message { _ = try CSVTable.parse("a,b\n1,2,3\n", name: "d.csv") }
            == "d.csv: line 2 has 3 columns, expected 2 (all rows need the same number of columns)")
        #expect(try CSVTable.parse("a,b\n1,2\n", name: "d.csv").column("b", option: "--target") == 1)
        #expect(try CSVTable.parse("a,b\n1,2\n", name: "d.csv").column("1", option: "--target") == 0)
        #expect(Self.message { _ = try CSVTable.parse("a,b\n1,2\n", name: "d.csv").column("c", option: "--target") }
            == "--target: 'c' is not a column of d.csv (allowed: a header name or an index 1…2; header: a,b)")
    }

    @Test("LF, CRLF and CR-only line endings give the same rows and line numbers")
    func lineEndings() throws {
        for sep in ["\n", "\r\n", "\r"] {
            let t = try CSVTable.parse(["x,y", "1,2", "", "3,4"].joined(separator: sep) + sep, name: "e.csv")
            #expect(t.rows == [[1, 2], [3, 4]] && t.lines == [2, 4], "separator \(sep.unicodeScalars.map(\.value))")
        }
    }

    @Test("control characters are escaped and a long bad cell is cut to 60 characters, in one line")
    func messages() throws {
        let m = Self.message { _ = try CSVTable.parse("1,2\n3,a\u{0}b\u{1B}\n", name: "f.csv") }
        #expect(m == "f.csv: line 2, column 2: 'a\\x00b\\x1B' is not a finite number (every data field must be numeric)")
        let long = String(repeating: "z", count: 500)
        let m2 = Self.message { _ = try CSVTable.parse("1,\(long)\n", name: "f.csv") }
        #expect(m2.contains("'" + String(repeating: "z", count: 57) + "...'") && !m2.contains(String(repeating: "z", count: 58)))
        #expect(!m2.contains("\n") && m2.count < 160)
        #expect(CSVText.quoted("a\rb\u{7F}") == "a\\x0Db\\x7F")
    }

    @Test("rows of 1e200 and 1e-200 normalize to unit length; ordinary rows keep the plain sum's bits")
    func normalization() {
        for scale in [1e200, 1e-200, 1e300, 5e-324] {
            var v = [3 * scale, 4 * scale]
            #expect(Scaling.normalize(&v))
            #expect(abs(v[0] - 0.6) <= 2e-16 && abs(v[1] - 0.8) <= 2e-16, "scale \(scale): \(v)")
        }
        let row = [0.3, -1.7, 2.9, 1e-3, 4.25]
        var plain = row
        var s = 0.0
        for x in row { s += x * x }
        for i in plain.indices { plain[i] /= s.squareRoot() }
        var v = row
        Scaling.normalize(&v)
        #expect(v.map(\.bitPattern) == plain.map(\.bitPattern))
        var zero = [0.0, 0.0]
        #expect(!Scaling.normalize(&zero) && zero == [0, 0])
    }

    static func spec(_ path: String, m: Int, mTest: Int, target: String? = nil) -> ProblemSpec {
        var s = ProblemSpec()
        s.kind = .csv; s.csvPath = path; s.trainCount = m; s.testCount = mTest; s.width = 4; s.seed = 3
        s.targetColumn = target
        return s
    }

    @Test("an all-zero input row under unit-sphere scaling names its line; standardize accepts it")
    func zeroRow() throws {
        let path = try Self.file("zero.csv", "a,b,t\n1,2,5\n0,0,7\n3,1,2\n")
        var s = Self.spec(path, m: 2, mTest: 1, target: "t")
        #expect(Self.message { _ = try Problem.make(s) }
            == "\(path): line 3: every input is 0, so the row cannot be normalized to the unit sphere (allowed: a row with a nonzero input, or --normalize standardize|none)")
        s.inputScaling = Problems.InputScaling.none
        #expect(try Problem.make(s).trainInputs.rows == 2)
    }

    @Test("the split is a seeded permutation; y is the target column of the recorded rows; standardization uses the training rows")
    func splitAndTargets() throws {
        // 20 rows: a = i, b = i², t = 10·i + 1 (rows 1…20).
        let text = "a,b,t\n" + (1...20).map { "\($0),\($0 * $0),\(10 * $0 + 1)" }.joined(separator: "\n") + "\n"
        let path = try Self.file("split.csv", text)
        var s = Self.spec(path, m: 8, mTest: 5, target: "t")
        let p = try Problem.make(s)
        let r = try #require(p.rows)
        #expect(r.trainRows.count == 8 && r.testRows.count == 5 && Set(r.trainRows + r.testRows).count == 13)
        #expect(r.trainLines == r.trainRows.map { $0 + 1 })
        #expect(p.trainTargets == r.trainRows.map { Double(10 * $0 + 1) } && p.testTargets == r.testRows.map { Double(10 * $0 + 1) })
        #expect(p.network.inputDimension == 2)
        // Row j of X is (i, i²)/‖(i, i²)‖ for its data row i.
        for (j, i) in r.trainRows.enumerated() {
            let n = (Double(i * i) + Double(i * i * i * i)).squareRoot()
            #expect(abs(p.trainInputs[j, 0] - Double(i) / n) <= 1e-15 && abs(p.trainInputs[j, 1] - Double(i * i) / n) <= 1e-15)
        }
        let order = CSVProblem.shuffledRows(20, seed: 3)
        #expect(order.sorted() == Array(0..<20) && order != Array(0..<20) && order != CSVProblem.shuffledRows(20, seed: 4))
        #expect(r.trainRows == order[0..<8].map { $0 + 1 })
        #expect(try Problem.make(s).rows == r)
        // Standardized: the training column a has mean 0 and sd 1 (population); test rows use the training shift and scale.
        s.inputScaling = .standardize
        let q = try Problem.make(s)
        let a = r.trainRows.map(Double.init)
        let mean = a.reduce(0, +) / 8
        let sd = (a.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 8).squareRoot()
        for (j, i) in r.trainRows.enumerated() { #expect(abs(q.trainInputs[j, 0] - (Double(i) - mean) / sd) <= 1e-14) }
        for (j, i) in r.testRows.enumerated() { #expect(abs(q.testInputs[j, 0] - (Double(i) - mean) / sd) <= 1e-14) }
        // Features by name and index; the teacher's targets without --target.
        // One feature under unit-sphere scaling would leave only each row's sign: refused (issue 30 #3).
        s.featureColumns = ["2"]; s.inputScaling = nil
        #expect(throws: ProblemError.self) { try Problem.make(s) }
        s.inputScaling = InputScaling.none
        #expect(try Problem.make(s).network.inputDimension == 1)
        s.targetColumn = nil; s.featureColumns = nil
        let teacher = try Problem.make(s)
        #expect(teacher.network.inputDimension == 3 && teacher.spec.targetsDescription == "targets from the seeded teacher")
        s.trainCount = 16
        #expect(Self.message { _ = try Problem.make(s) } == "\(path): has 20 data rows, fewer than m + m-test = 16 + 5 (allowed: m + m-test ≤ 20)")
    }

    @Test("a constant training column cannot be standardized")
    func constantColumn() throws {
        let path = try Self.file("const.csv", "a,b,t\n1,2,0\n1,3,0\n1,4,0\n")
        var s = Self.spec(path, m: 2, mTest: 1, target: "t")
        s.inputScaling = .standardize
        #expect(Self.message { _ = try Problem.make(s) }.contains("column 1 ('a') is constant on the 2 training rows"))
    }

    /// Issue 30 #10: ordinary CSVs: RFC 4180 quoting (R-style quoted headers, "3.0", "a,b"), a
    /// text column the run does not use, a missing value named where it is used, "did you mean"
    /// for a misspelled column.
    @Test("quoted cells, unused text columns, missing values and misspelled columns")
    func ordinaryCSV() throws {
        #expect(CSVTable.splitCells(#""a","b,c", "say ""hi""" , 3"#) == ["a", "b,c", #"say "hi""#, "3"])
        #expect(CSVTable.splitCells(#"1,"2"#) == nil)
        var text = #""name","x1","x2","y""# + "\n"
        for i in 1...12 { text += "\"row \(i)\",\"\(Double(i) / 10)\",\(i % 3 + 1),\(2 * i)\n" }
        let path = try Self.file("quoted.csv", text)
        var s = Self.spec(path, m: 8, mTest: 2, target: "y")
        s.featureColumns = ["x1", "x2"]
        let p = try Problem.make(s)
        #expect(p.network.inputDimension == 2 && p.trainTargets.allSatisfy { $0 >= 2 && $0 <= 24 })
        // The text column used as an input is refused, naming line and column.
        s.featureColumns = ["name", "x1"]
        #expect(Self.message { _ = try Problem.make(s) }.contains("line 2, column 1 ('name'): 'row 1' is not a finite number; 12 of 12 data rows have such a cell in a used column"))
        // A missing value in a used column.
        let gap = try Self.file("gap.csv", "a,b,y\n1,2,3\n4,,6\n7,8,9\n1,1,1\n")
        var g = Self.spec(gap, m: 3, mTest: 0, target: "y")
        g.featureColumns = nil
        #expect(Self.message { _ = try Problem.make(g) }.contains("line 3, column 2 ('b'): is empty (a missing value)"))
        // A misspelled target.
        s.featureColumns = ["x1", "x2"]; s.targetColumn = "x11"
        #expect(Self.message { _ = try Problem.make(s) }.contains("(did you mean 'x1'?)"))
        s.targetColumn = "nam"
        #expect(Self.message { _ = try Problem.make(s) }.contains("(did you mean 'name'?)"))
    }

    /// Issue 30: `--missing drop` leaves out exactly the rows with a missing or non-numeric cell
    /// in a used column, before the split; the default refuses them with their count; a gap in a
    /// column no run uses drops nothing.
    @Test("--missing drop leaves out the rows with a gap in a used column; refuse counts them")
    func missingDrop() throws {
        let path = try Self.file("gaps.csv", "a,b,note,y\n1,2,ok,3\n4,,ok,6\n7,8,,9\n1,1,ok,1\n2,3,ok,5\nx,1,ok,2\n")
        var s = Self.spec(path, m: 3, mTest: 0, target: "y")
        s.featureColumns = ["a", "b"]
        #expect(Self.message { _ = try Problem.make(s) }.contains("2 of 6 data rows have such a cell in a used column (allowed: --missing drop"))
        s.dropMissing = true
        let sel = try CSVProblem.select(s)
        #expect(sel.table.rows.count == 4 && sel.table.lines == [2, 4, 5, 6], "kept lines \(sel.table.lines)")
        #expect(sel.table.rows.allSatisfy { $0[0].isFinite && $0[1].isFinite })
        s.trainCount = 4
        #expect(try Problem.make(s).sampleCount == 4)
        s.trainCount = 5
        #expect(Self.message { _ = try Problem.make(s) }.contains("has 4 data rows, fewer than m + m-test = 5 + 0"))
        // The 'note' column is not used: its empty cell on line 4 drops nothing more.
        #expect(!sel.table.lines.contains(3) && sel.table.lines.contains(4))
    }

    /// RFC 4180: a quoted field may contain a line break; the row keeps its first line's number,
    /// and a quote left open to the end of the file is refused naming the line it opened on.
    @Test("quoted fields across lines (RFC 4180)")
    func multiLineFields() throws {
        let t = try CSVTable.parse("\"first\nname\",x,y\n\"1\",2,3\n\"a\nb\",5,6\n7,8,9\n", name: "m.csv", allowText: true)
        #expect(t.header == ["first\nname", "x", "y"])
        #expect(t.rows.count == 3 && t.rows[0] == [1, 2, 3] && t.rows[1][1...] == [5, 6] && t.rows[2] == [7, 8, 9] && t.lines == [3, 4, 6])
        #expect(t.nonNumeric.count == 1 && t.nonNumeric[0].row == 1 && t.nonNumeric[0].column == 0 && t.nonNumeric[0].text == "a\nb")
        #expect(Self.message { _ = try CSVTable.parse("a,b\n1,\"2\n3,4\n", name: "o.csv") }.contains("line 2: a quoted field is not closed by the end of the file"))
    }
}
