import Foundation

/// A categorical heatmap: a grid of cells, each one of a few categories (distinct colours, a
/// legend), with an optional dot marking cells where a side condition holds, and labelled
/// axes. Deterministic SVG, like `LineChart`: the same map gives the same bytes.
public struct Heatmap: Sendable {
    public struct Category: Sendable, Equatable {
        public var label: String
        public var color: String
        public init(_ label: String, _ color: String) {
            self.label = label
            self.color = color
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Column and row labels, left to right and bottom to top.
    public var columns: [String]
    public var rows: [String]
    public var categories: [Category]
    /// cells[row][column]: an index into `categories`.
    public var cells: [[Int]]
    /// Cells drawn with a dot, and what the dot means (legend).
    public var dots: [[Bool]]
    public var dotLabel: String
    public var caption: String
    /// A column outlined (e.g. the value a paper uses), and what the outline means (legend).
    public var markedColumn: Int? = nil
    public var markLabel: String = ""

    public init(title: String, xLabel: String, yLabel: String, columns: [String], rows: [String], categories: [Category],
                cells: [[Int]], dots: [[Bool]], dotLabel: String, caption: String = "") {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.columns = columns
        self.rows = rows
        self.categories = categories
        self.cells = cells
        self.dots = dots
        self.dotLabel = dotLabel
        self.caption = caption
    }

    public func svg() -> String {
        let cell = 44.0
        let rowChars = Double(rows.map(\.count).max() ?? 1)
        let left = 40 + rowChars * 7.2 + 8, top = 48.0
        let pw = cell * Double(columns.count), ph = cell * Double(rows.count)
        let legendTop = top + ph + 62
        let legendRows = Double(categories.count + 1 + (markedColumn == nil ? 0 : 1))
        let w = max(left + pw + 24, 520)
        // About 6.6 px a character at 12 px: the caption wraps inside the document.
        let captionLines = LineChart.wrap(caption, maxChars: max(20, Int((w - 40) / 6.6)))
        let h = legendTop + legendRows * 18 + Double(captionLines.count) * 16 + 16
        var o = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(num(w))\" height=\"\(num(h))\" viewBox=\"0 0 \(num(w)) \(num(h))\" font-family=\"\(LineChart.fontFamily)\" font-size=\"12\">\n"
        o += "<title>\(esc(title))</title>\n"
        o += "<rect x=\"0\" y=\"0\" width=\"\(num(w))\" height=\"\(num(h))\" fill=\"#ffffff\"/>\n"
        o += "<text x=\"\(num(w / 2))\" y=\"26\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#222222\">\(esc(title))</text>\n"
        o += grid(left: left, top: top, cell: cell)
        if let c = markedColumn, columns.indices.contains(c) {
            o += "<rect x=\"\(num(left + Double(c) * cell + 1.5))\" y=\"\(num(top + 1.5))\" width=\"\(num(cell - 3))\" height=\"\(num(ph - 3))\" fill=\"none\" stroke=\"#111111\" stroke-width=\"3\" stroke-dasharray=\"6 3\"/>\n"
        }
        o += axes(left: left, top: top, cell: cell, pw: pw, ph: ph)
        o += legend(left: 40, top: legendTop)
        for (i, line) in captionLines.enumerated() {
            o += "<text x=\"20\" y=\"\(num(legendTop + legendRows * 18 + 8 + Double(i) * 16))\" fill=\"#444444\">\(esc(line))</text>\n"
        }
        return o + "</svg>\n"
    }

    func grid(left: Double, top: Double, cell: Double) -> String {
        var o = ""
        let nr = rows.count
        for r in 0..<nr {
            for c in 0..<columns.count {
                let k = cells[r][c]
                let x = left + Double(c) * cell, y = top + Double(nr - 1 - r) * cell
                o += "<rect x=\"\(num(x))\" y=\"\(num(y))\" width=\"\(num(cell))\" height=\"\(num(cell))\" fill=\"\(categories[k].color)\" stroke=\"#ffffff\" stroke-width=\"1\"><title>\(esc(rows[r])), \(esc(columns[c])): \(esc(categories[k].label))</title></rect>\n"
                if dots[r][c] {
                    o += "<circle cx=\"\(num(x + cell / 2))\" cy=\"\(num(y + cell / 2))\" r=\"5\" fill=\"#111111\"/>\n"
                }
            }
        }
        return o
    }

    func axes(left: Double, top: Double, cell: Double, pw: Double, ph: Double) -> String {
        var o = ""
        for (c, label) in columns.enumerated() {
            o += "<text x=\"\(num(left + (Double(c) + 0.5) * cell))\" y=\"\(num(top + ph + 16))\" text-anchor=\"middle\" fill=\"#333333\">\(esc(label))</text>\n"
        }
        for (r, label) in rows.enumerated() {
            o += "<text x=\"\(num(left - 6))\" y=\"\(num(top + (Double(rows.count - 1 - r) + 0.5) * cell + 4))\" text-anchor=\"end\" fill=\"#333333\">\(esc(label))</text>\n"
        }
        o += "<text x=\"\(num(left + pw / 2))\" y=\"\(num(top + ph + 38))\" text-anchor=\"middle\" fill=\"#222222\">\(esc(xLabel))</text>\n"
        o += "<text x=\"16\" y=\"\(num(top + ph / 2))\" text-anchor=\"middle\" fill=\"#222222\" transform=\"rotate(-90 16 \(num(top + ph / 2)))\">\(esc(yLabel))</text>\n"
        return o
    }

    func legend(left: Double, top: Double) -> String {
        var o = ""
        for (i, cat) in categories.enumerated() {
            let y = top + Double(i) * 18
            o += "<rect x=\"\(num(left))\" y=\"\(num(y - 10))\" width=\"12\" height=\"12\" fill=\"\(cat.color)\"/>\n"
            o += "<text x=\"\(num(left + 18))\" y=\"\(num(y))\" fill=\"#222222\">\(esc(cat.label))</text>\n"
        }
        let y = top + Double(categories.count) * 18
        o += "<circle cx=\"\(num(left + 6))\" cy=\"\(num(y - 4))\" r=\"5\" fill=\"#111111\"/>\n"
        o += "<text x=\"\(num(left + 18))\" y=\"\(num(y))\" fill=\"#222222\">\(esc(dotLabel))</text>\n"
        if markedColumn != nil {
            let y2 = y + 18
            o += "<rect x=\"\(num(left))\" y=\"\(num(y2 - 10))\" width=\"12\" height=\"12\" fill=\"none\" stroke=\"#111111\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>\n"
            o += "<text x=\"\(num(left + 18))\" y=\"\(num(y2))\" fill=\"#222222\">\(esc(markLabel))</text>\n"
        }
        return o
    }
}
