import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Figures
import Testing

/// Collects element names and character data while parsing.
final class SVGCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var text = ""
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(elementName)
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }
}

/// Parses `svg`; returns nil when it is not well-formed XML.
func parseSVG(_ svg: String) -> SVGCollector? {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = SVGCollector()
    parser.delegate = collector
    return parser.parse() ? collector : nil
}

func sampleChart() -> LineChart {
    let t = (0..<30).map(Double.init)
    return LineChart(
        title: "Loss & bound <test>", xLabel: "iteration t", yLabel: "L(θ_t)",
        yScale: .log10,
        series: [
            Series(label: "observed", x: t, y: t.map { exp(-0.4 * $0) }, markers: true),
            Series(label: "bound", x: t, y: t.map { 2 * exp(-0.3 * $0) }, dashed: true),
        ],
        caption: String(repeating: "A caption long enough to wrap over several lines. ", count: 6))
}

@Suite("SVG line charts")
struct LineChartTests {
    @Test("the same chart gives the same bytes")
    func deterministic() {
        let a = sampleChart().svg(), b = sampleChart().svg()
        #expect(a == b)
        #expect(a.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(a.contains("font-family=\"DejaVu Sans, Arial, sans-serif\""))
        #expect(a.contains("fill=\"#ffffff\""))
    }

    @Test("log ticks for data spanning 1e-6…1e2 read 10⁻⁶, 0.01, 1, 100: plain decimals near 1, powers of ten beyond")
    func logTicks() {
        let x = [1.0, 2, 3, 4, 5]
        let chart = LineChart(title: "t", xLabel: "x", yLabel: "y", yScale: .log10,
                              series: [Series(label: "s", x: x, y: [1e-6, 1e-4, 1e-2, 1, 1e2])])
        let svg = chart.svg()
        #expect(svg.contains(">10⁻⁶</text>"))
        #expect(svg.contains(">100</text>"))
        #expect(svg.contains(">1</text>"))
        #expect(!svg.contains(">1e") && !svg.contains("e0<"))
        let axis = Axis(values: [1e-6, 1e2], scale: .log10)
        let labels = axis.ticks.filter(\.isMajor).map(\.label)
        #expect(labels.first == "10⁻⁶" && labels.last == "100")
        #expect((5...9).contains(labels.count))
    }

    @Test("linear ticks use 1, 2, 5 × 10^k steps, about 5–8 of them, covering the data",
          arguments: [(0.0, 1.0), (0.0, 49.0), (-3.2, 7.9), (0.013, 0.0171), (1e-5, 7e-5), (12_000.0, 910_000.0), (5.0, 5.0)])
    func linearTicks(range: (Double, Double)) {
        let axis = Axis(values: [range.0, range.1], scale: .linear)
        let ticks = axis.ticks
        #expect((4...9).contains(ticks.count))
        #expect(axis.lower <= range.0 && axis.upper >= range.1)
        #expect(axis.lower < axis.upper)
        let step = ticks[1].value - ticks[0].value
        let mantissa = step / pow(10, floor(log10(step) + 1e-9))
        #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-6 })
        #expect(Set(ticks.map(\.label)).count == ticks.count, "labels are distinct: \(ticks.map(\.label))")
    }

    @Test("NaN, infinities and non-positive values on a log axis are skipped")
    func skipsUndrawable() throws {
        let chart = LineChart(title: "skip", xLabel: "x", yLabel: "y", yScale: .log10, series: [
            Series(label: "a", x: [1, 2, 3, 4, 5, 6, 7], y: [1, .nan, 10, -3, 0, .infinity, 100]),
            Series(label: "b", x: [1, .nan, 3, -.infinity], y: [5, 6, 7, 8], dashed: true),
        ])
        #expect(chart.segments(of: chart.series[0]).map(\.count) == [1, 1, 1])
        #expect(chart.segments(of: chart.series[1]).map(\.count) == [1, 1])
        let svg = chart.svg().lowercased()
        #expect(!svg.contains("nan"))
        #expect(!svg.contains("inf"))
        #expect(parseSVG(svg) != nil)
    }

    @Test("a series without drawable points is marked in the legend; no data at all shows a message")
    func noData() throws {
        let partial = LineChart(title: "p", xLabel: "x", yLabel: "y", yScale: .log10, series: [
            Series(label: "good", x: [1, 2], y: [1, 2]),
            Series(label: "empty", x: [1, 2], y: [-1, 0]),
        ]).svg()
        #expect(partial.contains("empty (no data)"))
        #expect(!partial.contains("good (no data)"))
        #expect(!partial.contains(">no data<"))
        let none = LineChart(title: "n", xLabel: "x", yLabel: "y", series: [Series(label: "s", x: [.nan], y: [1])]).svg()
        #expect(none.contains(">no data</text>"))
        #expect(none.contains("s (no data)"))
        #expect(parseSVG(none) != nil)
        let noSeries = LineChart(title: "n", xLabel: "x", yLabel: "y", series: []).svg()
        #expect(noSeries.contains(">no data</text>"))
    }

    @Test("degenerate ranges still render")
    func degenerate() throws {
        for scale in [AxisScale.linear, .log10] {
            let flat = LineChart(title: "flat", xLabel: "x", yLabel: "y", yScale: scale,
                                 series: [Series(label: "c", x: [1, 2, 3], y: [2, 2, 2])]).svg()
            let single = LineChart(title: "one", xLabel: "x", yLabel: "y", xScale: scale, yScale: scale,
                                   series: [Series(label: "c", x: [10], y: [1])]).svg()
            for svg in [flat, single] {
                #expect(parseSVG(svg) != nil)
                #expect(!svg.lowercased().contains("nan"))
                #expect(svg.contains("<text"))
            }
            #expect(flat.contains("<polyline"))
            #expect(single.contains("<circle"))
        }
    }

    @Test("text is escaped")
    func escaping() throws {
        let chart = LineChart(title: "a < b & \"c\" > d", xLabel: "x<1>", yLabel: "y & z",
                              series: [Series(label: "<s> & \"t\"", x: [0, 1], y: [0, 1])],
                              caption: "5 > 3 & 2 < 4 \"quoted\"")
        let svg = chart.svg()
        #expect(svg.contains("a &lt; b &amp; &quot;c&quot; &gt; d"))
        #expect(svg.contains("x&lt;1&gt;"))
        #expect(svg.contains("&lt;s&gt; &amp; &quot;t&quot;"))
        #expect(svg.contains("5 &gt; 3 &amp; 2 &lt; 4 &quot;quoted&quot;"))
        let parsed = try #require(parseSVG(svg))
        #expect(parsed.text.contains("a < b & \"c\" > d"))
        #expect(parsed.text.contains("<s> & \"t\""))
    }

    @Test("autoScale picks log for many decades of positive values, linear otherwise")
    func autoScale() {
        #expect(LineChart.autoScale([1e-8, 1e-4, 1]) == .log10)
        #expect(LineChart.autoScale([1, 2, 3, 4, 5]) == .linear)
        #expect(LineChart.autoScale([1e-8, 1, .nan, .infinity]) == .log10)
        #expect(LineChart.autoScale([-1, 1e-8, 1]) == .linear)
        #expect(LineChart.autoScale([0, 1e-8, 1]) == .linear)
        #expect(LineChart.autoScale([]) == .linear)
    }

    @Test("the SVG is well-formed XML with an <svg> root")
    func parsesAsXML() throws {
        let svg = sampleChart().svg()
        let parsed = try #require(parseSVG(svg))
        #expect(parsed.elements.first == "svg")
        #expect(parsed.elements.contains("polyline"))
        #expect(parsed.elements.contains("tspan"))
    }

    @Test("the caption wraps to the width and the document grows to fit it")
    func captionGrowsHeight() {
        var chart = sampleChart()
        chart.caption = ""
        let short = chart.svg()
        chart.caption = String(repeating: "word ", count: 100)
        let long = chart.svg()
        #expect(short.contains("height=\"440\""))
        #expect(!long.contains("height=\"440\""))
        let lines = LineChart.wrap(chart.caption, maxChars: 100)
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.count <= 100 })
        #expect(long.components(separatedBy: "<tspan").count - 1 == LineChart.wrap(chart.caption, maxChars: 100).count)
    }

    @Test("numbers carry at most two decimals")
    func numberFormat() {
        #expect(num(12.345) == "12.35" || num(12.345) == "12.34")
        #expect(num(-0.001) == "0")
        #expect(num(3) == "3")
        #expect(num(0.5) == "0.5")
        #expect(num(-7.07) == "-7.07")
        let svg = sampleChart().svg()
        let tooLong = svg.split(whereSeparator: { !"0123456789.-".contains($0) }).filter { tok in
            guard let dot = tok.firstIndex(of: ".") else { return false }
            return tok[tok.index(after: dot)...].count > 2
        }
        #expect(tooLong.isEmpty, "\(tooLong.prefix(5))")
    }

    @Test("markup in titles and labels becomes plain Unicode: sub- and superscripts, ^(…) where Unicode has none")
    func plainMath() {
        #expect(PlainMath.unicode("λ_0") == "λ₀")
        #expect(PlainMath.unicode("e^{−λ_0 t}") == "e^(−λ₀ t)")
        #expect(PlainMath.unicode("t^{−2γ/3}") == "t^(−2γ/3)")
        #expect(PlainMath.unicode("10^-3") == "10⁻³")
        #expect(PlainMath.unicode("M_g") == "M_g")
        #expect(PlainMath.unicode("x^{2}") == "x²")
        #expect(PlainMath.powerOfTen(-3) == "10⁻³" && PlainMath.powerOfTen(0) == "1" && PlainMath.powerOfTen(2) == "100")
        #expect(PlainMath.powerOfTen(-1, mantissa: 5) == "0.5" && PlainMath.powerOfTen(5, mantissa: 2) == "2·10⁵")
        let svg = LineChart(title: "HB: (4/λ_0)e^{−√(λ_0/2)t}", xLabel: "t", yLabel: "L", series: [Series(label: "bound", x: [0, 1], y: [1, 2])]).svg()
        #expect(!svg.contains("{") && !svg.contains("}") && svg.contains("λ₀"))
    }
}

@Suite("Symmetric-log axis")
struct SymlogAxisTests {
    @Test("margins of both signs over many decades: 0 and ±10^e ticks, positions monotone, the data inside")
    func symlog() {
        let values = [-3e6, -2e5, 0.5, 12, 1500]
        let axis = Axis(values: values, scale: .symlog)
        #expect(axis.lower <= -3e6 && axis.upper >= 1500)
        #expect(axis.ticks.contains { $0.value == 0 && $0.label == "0" })
        #expect(axis.ticks.contains { $0.value < 0 && $0.label.hasPrefix("−") })
        let f = values.sorted().map(axis.fraction)
        #expect(zip(f, f.dropFirst()).allSatisfy { $0 < $1 } && f.first! >= 0 && f.last! <= 1)
        // Linear through 0: equal steps near 0 map to (almost) equal distances.
        let c = axis.threshold
        #expect(abs((axis.fraction(0.01 * c) - axis.fraction(0)) - (axis.fraction(0) - axis.fraction(-0.01 * c))) < 1e-12)
        let svg = LineChart(title: "m", xLabel: "t", yLabel: "margin", yScale: .symlog,
                            series: [Series(label: "s", x: [0, 1, 2, 3, 4], y: values)]).svg()
        #expect(svg.contains(">0</text>") && !svg.contains("NaN"))
    }
}

@Suite("Plain Unicode: runs of letters")
struct PlainMathRunTests {
    @Test("a bare subscript takes the whole run of letters, or stays as written")
    func runs() {
        #expect(PlainMath.unicode("λ_min(K_0)") == "λₘᵢₙ(K₀)")
        #expect(PlainMath.unicode("‖G̃_t‖_F") == "‖G̃ₜ‖_F")
        #expect(PlainMath.unicode("L_D² and M_g") == "L_D² and M_g")
    }
}
