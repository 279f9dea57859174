/// The data of one plotted curve, shared by what computes it (the theorems' series and studies)
/// and what draws it (`Figures`), so neither knows the other.
/// Points (x[i], y[i]) for i below min(x.count, y.count).
public struct Series: Sendable, Codable, Equatable {
    public var label: String
    public var x: [Double]
    public var y: [Double]
    /// Draw the curve dashed (and its legend swatch too).
    public var dashed: Bool
    /// Draw a small filled circle at every point.
    public var markers: Bool

    public init(label: String, x: [Double], y: [Double], dashed: Bool = false, markers: Bool = false) {
        self.label = label
        self.x = x
        self.y = y
        self.dashed = dashed
        self.markers = markers
    }
}
