import MaturityModel
import Roadmaps
import ScenarioModel

/// The stakeholders' charts (spec §7): shares against ideals, the two-party frontier with the
/// agreed plan marked, and what each party pays per quarter. Each has its numbers beside it.
enum NegotiationCharts {
    /// The whole section: charts and the contested steps.
    static func html(id: String, roadmap: Roadmap) -> String {
        guard let negotiation = roadmap.negotiation else { return "" }
        var html = "<h3>Stakeholders</h3>"
        html +=
            "<p class=\"summary\">Agreement by <strong>\(negotiation.rule.rawValue)</strong>: smallest share "
            + "\(formatShare(negotiation.minShare)), sum of shares \(formatValue(negotiation.sumShares)).</p>"
        let notes = NegotiationReport.summary(negotiation).dropFirst()
        if !notes.isEmpty {
            html += "<ul class=\"valued\">" + notes.map { "<li>\(SVG.escape($0))</li>" }.joined() + "</ul>"
        }
        html += shares(id: "\(id)-shares", negotiation: negotiation)
        if !negotiation.frontier.isEmpty { html += frontier(id: "\(id)-frontier", negotiation: negotiation) }
        if negotiation.partiesPay { html += payments(id: "\(id)-pays", roadmap: roadmap, negotiation: negotiation) }
        let contested = NegotiationReport.contestedTable(negotiation)
        html +=
            negotiation.contested.isEmpty
            ? "<p>No contested steps: every step of every party's ideal is in the agreed plan.</p>"
            : SVG.table(
                contested.headers, contested.rows,
                caption: "Contested steps: in some party's ideal, not in the agreed plan")
        html += SVG.table(
            ["system", "practice", "step"],
            negotiation.core.map { [$0.systemID, $0.practiceID, NegotiationReport.stepWords($0)] },
            caption: "Agreed core: in every party's ideal and in the agreed plan (\(negotiation.core.count))")
        return html
    }

    /// A bar per party: its ideal (outline, the full width) and its value in the agreed plan
    /// (filled), with the share written beside; a tick marks the least it would get under another
    /// party's ideal (the price of that party's position).
    static func shares(id: String, negotiation: Negotiation) -> String {
        let parties = negotiation.parties
        let left = 150.0, plotWidth = 420.0, row = 34.0, top = 28.0
        var body = ""
        for k in 0...4 {
            let x = left + plotWidth * Double(k) / 4
            body += SVG.line(x, top - 6, x, top + row * Double(parties.count), stroke: "#eee")
            body += SVG.text(x, top - 10, "\(k * 25)%", anchor: "middle", size: 10)
        }
        for (i, party) in parties.enumerated() {
            let y = top + Double(i) * row
            body += SVG.text(left - 8, y + 19, party.id, anchor: "end", size: 11)
            body +=
                "<rect class=\"ideal\" data-party=\"\(SVG.escape(party.id))\" data-value=\"\(csvNumber(party.ideal))\" "
                + "x=\"\(SVG.n(left))\" y=\"\(SVG.n(y + 6))\" width=\"\(SVG.n(plotWidth))\" height=\"18\" "
                + "fill=\"none\" stroke=\"\(SVG.Palette.target)\"/>"
            let share = party.share ?? 0
            body +=
                "<rect class=\"share\" data-party=\"\(SVG.escape(party.id))\" data-value=\"\(csvNumber(share))\" "
                + "x=\"\(SVG.n(left))\" y=\"\(SVG.n(y + 6))\" width=\"\(SVG.n(plotWidth * min(share, 1)))\" "
                + "height=\"18\" fill=\"\(SVG.Palette.current)\"/>"
            if let worst = priceOf(party.id, in: negotiation) {
                let x = left + plotWidth * min(worst, 1)
                body +=
                    "<line class=\"price\" data-party=\"\(SVG.escape(party.id))\" data-value=\"\(csvNumber(worst))\" "
                    + "x1=\"\(SVG.n(x))\" y1=\"\(SVG.n(y + 2))\" x2=\"\(SVG.n(x))\" y2=\"\(SVG.n(y + 28))\" "
                    + "stroke=\"\(SVG.Palette.planned)\" stroke-width=\"3\"/>"
            }
            body += SVG.text(
                left + plotWidth + 8, y + 19, party.share.map(formatShare) ?? "left out", size: 11)
        }
        let legendY = top + row * Double(parties.count) + 16
        body +=
            "<rect x=\"\(SVG.n(left))\" y=\"\(SVG.n(legendY - 9))\" width=\"12\" height=\"10\" "
            + "fill=\"\(SVG.Palette.current)\"/>" + SVG.text(left + 16, legendY, "agreed plan's share of the ideal")
            + SVG.line(left + 230, legendY - 10, left + 230, legendY + 2, stroke: SVG.Palette.planned, width: 3)
            + SVG.text(left + 236, legendY, "least under another party's ideal")
        let table = NegotiationReport.partyTable(negotiation, money: { $0 })
        return SVG.figure(
            id: id, title: "Each party's share of its ideal in the agreed plan",
            description:
                "One bar per party: the outline is its ideal plan's value (100%), the filled part its value in "
                + "the agreed plan; an orange tick marks the least it would get if the plan were another "
                + "party's ideal.",
            width: left + plotWidth + 80, height: legendY + 10, body: body,
            table: SVG.table(table.headers, table.rows))
    }

    /// The least share `party` gets under another party's ideal.
    static func priceOf(_ party: String, in negotiation: Negotiation) -> Double? {
        negotiation.parties.flatMap { other in other.sharesIfIdeal.filter { $0.party == party }.map(\.share) }.min()
    }

    /// Party A's share against party B's, one point per frontier plan, the agreed plan marked.
    static func frontier(id: String, negotiation: Negotiation) -> String {
        let a = negotiation.frontierParties[0], b = negotiation.frontierParties[1]
        let agreed = [a, b].map { name in negotiation.parties.first { $0.id == name }?.share ?? 0 }
        let left = 60.0, size = 280.0, top = 20.0
        let top1 = max(1, (negotiation.frontier.flatMap(\.shares) + agreed).max() ?? 1)
        func x(_ v: Double) -> Double { left + size * v / top1 }
        func y(_ v: Double) -> Double { top + size - size * v / top1 }
        var body = ""
        for k in 0...4 {
            let v = top1 * Double(k) / 4
            body +=
                SVG.line(x(v), y(0), x(v), y(top1), stroke: "#eee")
                + SVG.line(x(0), y(v), x(top1), y(v), stroke: "#eee")
            body += SVG.text(x(v), y(0) + 14, formatShare(v), anchor: "middle", size: 10)
            body += SVG.text(left - 6, y(v) + 4, formatShare(v), anchor: "end", size: 10)
        }
        let points = negotiation.frontier.map { "\(SVG.n(x($0.shares[0]))),\(SVG.n(y($0.shares[1])))" }
        body +=
            "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(SVG.Palette.current)\" "
            + "stroke-width=\"2\"/>"
        for point in negotiation.frontier {
            body +=
                "<circle class=\"frontier-point\" data-a=\"\(csvNumber(point.shares[0]))\" "
                + "data-b=\"\(csvNumber(point.shares[1]))\" cx=\"\(SVG.n(x(point.shares[0])))\" "
                + "cy=\"\(SVG.n(y(point.shares[1])))\" r=\"4\" fill=\"\(SVG.Palette.current)\"/>"
        }
        let (ax, ay) = (x(agreed[0]), y(agreed[1]))
        body +=
            "<path class=\"agreed\" data-a=\"\(csvNumber(agreed[0]))\" data-b=\"\(csvNumber(agreed[1]))\" "
            + "d=\"M\(SVG.n(ax)) \(SVG.n(ay - 8)) L\(SVG.n(ax + 8)) \(SVG.n(ay)) L\(SVG.n(ax)) \(SVG.n(ay + 8)) "
            + "L\(SVG.n(ax - 8)) \(SVG.n(ay)) Z\" fill=\"\(SVG.Palette.planned)\" stroke=\"#000\"/>"
        body += SVG.text(left + size / 2, y(0) + 30, "\(a)'s share of its ideal", anchor: "middle")
        body += SVG.text(
            14, top + size / 2, "\(b)'s share", anchor: "middle",
            extra: "transform=\"rotate(-90 14 \(SVG.n(top + size / 2)))\"")
        let table = NegotiationReport.frontierTable(negotiation)!
        let rows = table.rows + [["agreed plan", formatShare(agreed[0]), formatShare(agreed[1]), "", ""]]
        return SVG.figure(
            id: id, title: "Frontier of \(a) and \(b): each point a plan",
            description:
                "Each blue point is the plan best for \(a) with \(b)'s share at least a given value; the orange "
                + "diamond is the agreed plan.",
            width: left + size + 30, height: y(0) + 40, body: body, table: SVG.table(table.headers, rows))
    }

    /// Stacked bars per quarter: what each party pays (rule 5).
    static func payments(id: String, roadmap: Roadmap, negotiation: Negotiation) -> String {
        let parties = negotiation.parties
        let quarters = roadmap.quarters
        let totals = quarters.map { q in parties.reduce(0) { $0 + $1.pays[q.index - 1] } }
        let ticks = SVG.niceTicks(upTo: max(totals.max() ?? 1, 1))
        let top = ticks.last!
        let left = 70.0, plotHeight = 200.0, cell = 58.0, legend = 22.0, base = legend + 10 + plotHeight
        var body = SVG.valueAxis(
            ticks: ticks, left: left, base: base, plotHeight: plotHeight, width: Double(quarters.count) * cell)
        for (i, q) in quarters.enumerated() {
            let x = left + Double(i) * cell
            var y = base
            for (k, party) in parties.enumerated() {
                let h = plotHeight * party.pays[q.index - 1] / top
                y -= h
                body +=
                    "<rect class=\"paid\" data-party=\"\(SVG.escape(party.id))\" data-quarter=\"\(q.quarter)\" "
                    + "data-value=\"\(csvNumber(party.pays[q.index - 1]))\" x=\"\(SVG.n(x + 12))\" y=\"\(SVG.n(y))\" "
                    + "width=\"\(SVG.n(cell - 24))\" height=\"\(SVG.n(h))\" "
                    + "fill=\"\(SVG.Palette.series[k % SVG.Palette.series.count])\"/>"
            }
            body += SVG.text(x + cell / 2, base + 14, "\(q.quarter)", anchor: "middle", size: 10)
        }
        for (k, party) in parties.enumerated() {
            let x = left + Double(k) * 120
            body +=
                "<rect x=\"\(SVG.n(x))\" y=\"6\" width=\"12\" height=\"10\" "
                + "fill=\"\(SVG.Palette.series[k % SVG.Palette.series.count])\"/>" + SVG.text(x + 16, 15, party.id)
        }
        let table = NegotiationReport.paymentTable(roadmap)!
        return SVG.figure(
            id: id, title: "What each party pays per quarter",
            description: "Stacked bars per quarter, one colour per party: its part of the cost of the steps taken.",
            width: max(left + Double(quarters.count) * cell + 10, left + Double(parties.count) * 120),
            height: base + 24, body: body, table: SVG.table(table.headers, table.rows))
    }
}
