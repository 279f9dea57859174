import Curves
import Foundation

/// One curve of a line chart: the plain data of `Curves`, which the theorems can build without
/// depending on drawing.
public typealias Series = Curves.Series

/// A line chart rendered as a standalone SVG document.
///
/// Points that cannot be drawn (NaN, ±∞, or non-positive on a log axis) are skipped and break the
/// curve into separate segments; they never reach the SVG text. The output is deterministic.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: AxisScale
    public var yScale: AxisScale
    public var series: [Series]
    /// Rendered under the plot area, wrapped to the width; "\n" forces a line break.
    public var caption: String
    public var width: Int
    /// Height of the plot block (title, plot, axis labels); the document grows to fit the caption
    /// and a title that wraps to several lines.
    public var height: Int

    /// Tableau 10 (matplotlib "tab10"), first eight colours; series cycle through them.
    public static let palette: [String] = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    ]

    public static let fontFamily = "DejaVu Sans, Arial, sans-serif"

    public init(title: String, xLabel: String, yLabel: String, xScale: AxisScale = .linear, yScale: AxisScale = .linear, series: [Series], caption: String = "", width: Int = 720, height: Int = 440) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.series = series
        self.caption = caption
        self.width = width
        self.height = height
    }

    /// Picks .log10 for an axis automatically when all its finite values are > 0 and span more than 2 decades.
    public static func autoScale(_ values: [Double]) -> AxisScale {
        let finite = values.filter { $0.isFinite }
        guard let mn = finite.min(), let mx = finite.max(), mn > 0 else { return .linear }
        return Foundation.log10(mx) - Foundation.log10(mn) > 2 ? .log10 : .linear
    }

    /// The drawable runs of a series: maximal stretches of consecutive drawable points.
    public func segments(of s: Series) -> [[(x: Double, y: Double)]] {
        var out: [[(x: Double, y: Double)]] = []
        var current: [(x: Double, y: Double)] = []
        for i in 0..<min(s.x.count, s.y.count) {
            let (x, y) = (s.x[i], s.y[i])
            if Axis.isDrawable(x, on: xScale) && Axis.isDrawable(y, on: yScale) {
                current.append((x, y))
            } else if !current.isEmpty {
                out.append(current)
                current = []
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    // MARK: Rendering

    /// The complete SVG document (starts with `<svg xmlns="http://www.w3.org/2000/svg"`), deterministic: the same chart gives the same bytes.
    public func svg() -> String {
        let w = Double(max(width, 240))
        let h = Double(max(height, 200))
        let segs = series.map { segments(of: $0) }
        let points = segs.flatMap { $0.flatMap { $0 } }
        let hasData = !points.isEmpty
        let xAxis = Axis(values: points.map(\.x), scale: xScale)
        let yAxis = Axis(values: points.map(\.y), scale: yScale)

        // Vertical layout: title lines, plot, tick labels, x label, then the caption.
        let titleLines = Self.wrap(PlainMath.unicode(title), maxChars: max(20, Int((w - 40) / (15 * 0.6))))
        let titleStep = 19.0
        let extra = Double(max(0, titleLines.count - 1)) * titleStep
        let plotTop = titleLines.isEmpty ? 20 : 44 + extra
        let blockBottom = h + extra
        let plotBottom = blockBottom - 58
        let captionLines = Self.wrap(PlainMath.unicode(caption), maxChars: min(100, max(20, Int((w - 40) / 6.4))))
        let captionStep = 16.0
        let baseHeight = blockBottom + (captionLines.isEmpty ? 0 : Double(captionLines.count) * captionStep + 8)

        // Horizontal layout: room for the rotated y label and the widest y tick label.
        let yTickChars = hasData ? (yAxis.ticks.filter(\.isMajor).map { $0.label.count }.max() ?? 1) : 0
        let plotLeft = 34 + Double(yTickChars) * 7.4 + 8
        let plotRight = w - 24
        let pw = plotRight - plotLeft, ph = plotBottom - plotTop
        func px(_ v: Double) -> Double { plotLeft + xAxis.fraction(v) * pw }
        func py(_ v: Double) -> Double { plotBottom - yAxis.fraction(v) * ph }

        let pixelSegments = segs.flatMap { $0.map { seg in seg.map { (x: px($0.x), y: py($0.y)) } } }
        let legend = legendPlace(segs: segs, pixelSegments: pixelSegments, plot: (plotLeft, plotTop, plotRight, plotBottom), below: blockBottom)
        let legendBox = legend.box
        let captionTop = blockBottom + legend.extraHeight
        let totalHeight = baseHeight + legend.extraHeight

        var o = ""
        o += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(num(w))\" height=\"\(num(totalHeight))\" viewBox=\"0 0 \(num(w)) \(num(totalHeight))\" font-family=\"\(Self.fontFamily)\" font-size=\"12\">\n"
        o += "<title>\(esc(PlainMath.unicode(title)))</title>\n"
        o += "<rect x=\"0\" y=\"0\" width=\"\(num(w))\" height=\"\(num(totalHeight))\" fill=\"#ffffff\"/>\n"
        for (i, line) in titleLines.enumerated() {
            o += "<text x=\"\(num(w / 2))\" y=\"\(num(26 + Double(i) * titleStep))\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#222222\">\(esc(line))</text>\n"
        }

        // Grid, frame, ticks and tick labels.
        if hasData {
            o += "<g stroke=\"#e6e6e6\" stroke-width=\"1\">\n"
            for t in xAxis.ticks where t.isMajor {
                let x = px(t.value)
                o += "<line x1=\"\(num(x))\" y1=\"\(num(plotTop))\" x2=\"\(num(x))\" y2=\"\(num(plotBottom))\"/>\n"
            }
            for t in yAxis.ticks where t.isMajor {
                let y = py(t.value)
                o += "<line x1=\"\(num(plotLeft))\" y1=\"\(num(y))\" x2=\"\(num(plotRight))\" y2=\"\(num(y))\"/>\n"
            }
            o += "</g>\n"
        }
        o += "<rect x=\"\(num(plotLeft))\" y=\"\(num(plotTop))\" width=\"\(num(pw))\" height=\"\(num(ph))\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n"
        if hasData {
            o += "<g stroke=\"#333333\" stroke-width=\"1\">\n"
            for t in xAxis.ticks {
                let x = px(t.value)
                o += "<line x1=\"\(num(x))\" y1=\"\(num(plotBottom))\" x2=\"\(num(x))\" y2=\"\(num(plotBottom + (t.isMajor ? 5 : 3)))\"/>\n"
            }
            for t in yAxis.ticks {
                let y = py(t.value)
                o += "<line x1=\"\(num(plotLeft - (t.isMajor ? 5 : 3)))\" y1=\"\(num(y))\" x2=\"\(num(plotLeft))\" y2=\"\(num(y))\"/>\n"
            }
            o += "</g>\n"
            o += "<g font-size=\"12\" fill=\"#333333\">\n"
            for t in xAxis.ticks where !t.label.isEmpty {
                o += "<text x=\"\(num(px(t.value)))\" y=\"\(num(plotBottom + 19))\" text-anchor=\"middle\">\(esc(t.label))</text>\n"
            }
            for t in yAxis.ticks where !t.label.isEmpty {
                o += "<text x=\"\(num(plotLeft - 8))\" y=\"\(num(py(t.value) + 4))\" text-anchor=\"end\">\(esc(t.label))</text>\n"
            }
            o += "</g>\n"
        }

        // Axis labels.
        o += "<text x=\"\(num(plotLeft + pw / 2))\" y=\"\(num(plotBottom + 42))\" text-anchor=\"middle\" font-size=\"13\" fill=\"#222222\">\(esc(PlainMath.unicode(xLabel)))</text>\n"
        let yMid = plotTop + ph / 2
        o += "<text x=\"20\" y=\"\(num(yMid))\" transform=\"rotate(-90 20 \(num(yMid)))\" text-anchor=\"middle\" font-size=\"13\" fill=\"#222222\">\(esc(PlainMath.unicode(yLabel)))</text>\n"

        // Curves.
        for (k, s) in series.enumerated() {
            let colour = Self.palette[k % Self.palette.count]
            let dash = s.dashed ? " stroke-dasharray=\"6 4\"" : ""
            for seg in segs[k] {
                let pts = seg.map { (x: px($0.x), y: py($0.y)) }
                if pts.count >= 2 {
                    let list = pts.map { "\(num($0.x)),\(num($0.y))" }.joined(separator: " ")
                    o += "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.8\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dash)/>\n"
                }
                if s.markers || pts.count == 1 {
                    o += "<g fill=\"\(colour)\">\n"
                    for p in pts {
                        o += "<circle cx=\"\(num(p.x))\" cy=\"\(num(p.y))\" r=\"\(s.markers ? "3" : "2")\"/>\n"
                    }
                    o += "</g>\n"
                }
            }
        }

        if !hasData {
            o += "<text x=\"\(num(plotLeft + pw / 2))\" y=\"\(num(plotTop + ph / 2 + 5))\" text-anchor=\"middle\" font-size=\"14\" fill=\"#777777\">no data</text>\n"
        }

        // Legend: drawn where `legendPlace` put it.
        if let (bx, by, boxW, boxH, labels) = legendBox {
            o += "<g font-size=\"12\">\n"
            o += "<rect x=\"\(num(bx))\" y=\"\(num(by))\" width=\"\(num(boxW))\" height=\"\(num(boxH))\" fill=\"#ffffff\" fill-opacity=\"0.88\" stroke=\"#999999\" stroke-width=\"1\" rx=\"3\"/>\n"
            for (k, s) in series.enumerated() {
                let colour = Self.palette[k % Self.palette.count]
                let cy = by + 4 + 18 * (Double(k) + 0.5)
                let dash = s.dashed ? " stroke-dasharray=\"6 4\"" : ""
                o += "<line x1=\"\(num(bx + 10))\" y1=\"\(num(cy))\" x2=\"\(num(bx + 36))\" y2=\"\(num(cy))\" stroke=\"\(colour)\" stroke-width=\"2.2\"\(dash)/>\n"
                if s.markers {
                    o += "<circle cx=\"\(num(bx + 23))\" cy=\"\(num(cy))\" r=\"3\" fill=\"\(colour)\"/>\n"
                }
                o += "<text x=\"\(num(bx + 44))\" y=\"\(num(cy + 4))\" fill=\"#222222\">\(esc(labels[k]))</text>\n"
            }
            o += "</g>\n"
        }

        // Caption.
        if !captionLines.isEmpty {
            o += "<text x=\"20\" y=\"\(num(captionTop + 8))\" font-size=\"12\" fill=\"#333333\">"
            for (i, line) in captionLines.enumerated() {
                o += "<tspan x=\"20\" y=\"\(num(captionTop + 8 + Double(i) * captionStep))\">\(esc(line))</tspan>"
            }
            o += "</text>\n"
        }
        o += "</svg>\n"
        return o
    }

    // MARK: Helpers

    /// The legend's box: the inside corner that covers no curve (top-right preferred), else below
    /// the plot, where it covers nothing (the document grows by `extraHeight`).
    func legendPlace(segs: [[[(x: Double, y: Double)]]], pixelSegments: [[(x: Double, y: Double)]],
                     plot: (left: Double, top: Double, right: Double, bottom: Double), below: Double)
        -> (box: (Double, Double, Double, Double, [String])?, extraHeight: Double) {
        guard !series.isEmpty else { return (nil, 0) }
        let labels = series.enumerated().map { k, s in PlainMath.unicode(segs[k].isEmpty ? s.label + " (no data)" : s.label) }
        let boxW = 10 + 26 + 8 + Double(labels.map(\.count).max() ?? 0) * 6.8 + 10
        let boxH = Double(labels.count) * 18 + 8
        let inset = 8.0
        let corners: [(Double, Double)] = [
            (plot.right - inset - boxW, plot.top + inset), (plot.left + inset, plot.top + inset),
            (plot.right - inset - boxW, plot.bottom - inset - boxH), (plot.left + inset, plot.bottom - inset - boxH),
        ]
        for c in corners where Self.overlap(pixelSegments, x0: c.0, y0: c.1, x1: c.0 + boxW, y1: c.1 + boxH) == 0 {
            return ((c.0, c.1, boxW, boxH, labels), 0)
        }
        return ((plot.left, below + 2, boxW, boxH, labels), boxH + 8)
    }

    /// How many curve pieces (points and line segments) touch the rectangle.
    static func overlap(_ segments: [[(x: Double, y: Double)]], x0: Double, y0: Double, x1: Double, y1: Double) -> Int {
        var count = 0
        for seg in segments {
            if seg.count == 1 {
                let p = seg[0]
                if p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1 { count += 1 }
            }
            for i in seg.indices.dropFirst() where segmentHitsRect(seg[i - 1], seg[i], x0, y0, x1, y1) {
                count += 1
            }
        }
        return count
    }

    /// Liang–Barsky: does the segment a–b meet the rectangle?
    static func segmentHitsRect(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Bool {
        let dx = b.x - a.x, dy = b.y - a.y
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, a.x - x0), (dx, x1 - a.x), (-dy, a.y - y0), (dy, y1 - a.y)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let r = q / p
                if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
                if t0 > t1 { return false }
            }
        }
        return true
    }

    /// Word-wraps `text` to lines of at most `maxChars` characters (longer words are split);
    /// "\n" starts a new line. Empty text gives no lines.
    public static func wrap(_ text: String, maxChars: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                var word = String(word)
                while word.count > maxChars {
                    if !line.isEmpty {
                        lines.append(line)
                        line = ""
                    }
                    lines.append(String(word.prefix(maxChars)))
                    word = String(word.dropFirst(maxChars))
                }
                if line.isEmpty {
                    line = word
                } else if line.count + 1 + word.count <= maxChars {
                    line += " " + word
                } else {
                    lines.append(line)
                    line = word
                }
            }
            if !line.isEmpty { lines.append(line) }
        }
        return lines
    }
}

/// A coordinate with at most two decimals, trailing zeros dropped ("12.5", "-3", "0.07").
public func num(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let r = (min(max(v, -1e12), 1e12) * 100).rounded()
    let i = Int(r)
    if i == 0 { return "0" }
    let a = i.magnitude
    var s = String(a / 100)
    let frac = a % 100
    if frac != 0 {
        s += frac % 10 == 0 ? "." + String(frac / 10) : (frac < 10 ? ".0" : ".") + String(frac)
    }
    return (i < 0 ? "-" : "") + s
}

/// Text escaped for XML character data and attribute values; characters XML forbids are dropped.
func esc(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for u in s.unicodeScalars {
        switch u {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "\t", "\n", "\r": out += " "
        default:
            let v = u.value
            if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
            out.unicodeScalars.append(u)
        }
    }
    return out
}
