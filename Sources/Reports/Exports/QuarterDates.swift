import MaturityModel

/// The calendar days of a plan quarter, as trackers and OSCAL want them.
extension Quarter {
    /// `2027-04-01`.
    var firstDay: String {
        "\(year)-\(["01", "04", "07", "10"][quarter - 1])-01"
    }

    /// `2027-06-30`.
    var lastDay: String {
        "\(year)-\(["03-31", "06-30", "09-30", "12-31"][quarter - 1])"
    }
}
