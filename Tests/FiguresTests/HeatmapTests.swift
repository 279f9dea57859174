import Figures
import Foundation
import Testing

/// The verdict-map heatmap: one cell per grid point in its category's colour, a legend entry per
/// category and for the dot, labels on both axes, a caption that wraps inside the document.
@Suite struct HeatmapTests {
    static let map = Heatmap(title: "t [r]", xLabel: "tau (log scale)", yLabel: "n", columns: ["1e-06", "1", "10"], rows: ["8", "16"],
                             categories: [.init("vacuous", "#c7c7c7"), .init("holds", "#2ca02c")],
                             cells: [[0, 1, 1], [1, 0, 1]], dots: [[false, true, false], [true, false, false]], dotLabel: "held",
                             caption: "Fixed: " + String(repeating: "--option value ", count: 12))

    @Test func cellsLegendAndAxes() {
        let svg = Self.map.svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        // 6 cells with a tooltip each; 2 legend swatches.
        #expect(svg.components(separatedBy: "<title>").count - 1 == 1 + 6)
        #expect(svg.components(separatedBy: "fill=\"#2ca02c\"").count - 1 == 4 + 1)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 2 + 1)
        for label in ["1e-06", "16", "tau (log scale)", "vacuous", "held"] { #expect(svg.contains(">\(label)<")) }
        #expect(Self.map.svg() == svg, "deterministic")
    }

    @Test func captionWrapsInsideTheDocument() throws {
        let svg = Self.map.svg()
        let width = try #require(svg.firstMatch(of: /width="([0-9.]+)"/).map { Double($0.1)! })
        let lines = svg.split(separator: "\n").filter { $0.contains("fill=\"#444444\"") }
        #expect(lines.count >= 2)
        for l in lines {
            let text = l.split(separator: ">")[1].split(separator: "<")[0]
            #expect(Double(text.count) * 6.6 <= width - 20, "caption line wider than the figure: \(text.count) characters")
        }
    }

    /// The paper's value is one dashed outline around its whole column, with a legend entry;
    /// without a marked column there is neither.
    @Test func markedColumnIsOutlinedWithALegend() throws {
        var m = Self.map
        #expect(!m.svg().contains("stroke-dasharray"))
        m.markedColumn = 1
        m.markLabel = "the paper's τ"
        let svg = m.svg()
        let outline = try #require(svg.split(separator: "\n").first { $0.contains("stroke-dasharray=\"6 3\"") })
        let x = try #require(outline.firstMatch(of: /x="([0-9.]+)"/).map { Double($0.1)! })
        let cellX = try #require(svg.split(separator: "\n").filter { $0.contains(">16, 1:") || $0.contains("8, 1:") }.first?.firstMatch(of: /x="([0-9.]+)"/).map { Double($0.1)! })
        #expect(abs(x - (cellX + 1.5)) < 1e-9, "outline at x = \(x), column 1 at \(cellX)")
        #expect(svg.contains(">the paper's τ<"))
        m.markedColumn = 7
        #expect(!m.svg().contains("stroke-dasharray=\"6 3\""), "a column off the grid is not drawn")
    }
}
