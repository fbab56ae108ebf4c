import Foundation
import MaturityModel
import ScenarioModel
import TextSafety

/// Reads a progress file (spec §5, `smm-progress/1`) against its scenario and checks every rule
/// of it, reporting each problem with the file, the key path, the line and a did-you-mean, as
/// scenario files are checked.
struct ProgressReading {
    let root: SourceNode
    let log: DiagnosticLog
    let scenario: Scenario
    /// Where a relative baseline path is looked up: the progress file's folder.
    let directory: String
    let limits: InputLimits
    var reader: NodeReader { NodeReader(log: log) }

    static let topLevelKeys = ["format", "as_of", "baseline", "commit_quarters", "change_penalty", "done", "spent"]
    static let doneKeys = ["system", "initiative", "practice", "kind", "to", "quarter", "cost", "effort"]

    func read() -> Progress? {
        guard reader.isDocument(root, keys: Self.topLevelKeys, what: "a progress file (smm-progress/1)"),
            reader.mapping(root, "", allowed: Self.topLevelKeys) != nil
        else { return nil }
        if let node = reader.required(root, "format", in: ""), let text = reader.string(node, "format"),
            text != "smm-progress/1"
        {
            log.report("format", node.line, "unknown format \(SafeText.quoted(text)), expected smm-progress/1")
        }
        guard let asOf = readAsOf() else { return nil }
        let commitQuarters =
            root["commit_quarters"].flatMap {
                reader.integer($0, "commit_quarters", range: 0...scenario.horizon, what: "commit_quarters")
            } ?? 0
        let changePenalty = root["change_penalty"].flatMap { reader.number($0, "change_penalty") } ?? 0
        ScenarioSize.checkChangePenalty(changePenalty, of: scenario, line: root["change_penalty"]?.line, log: log)
        let done = readDone(asOfIndex: asOf.index)
        let spent = readSpent(asOfIndex: asOf.index, done: done)
        let baseline = readBaseline()
        guard log.isEmpty else { return nil }
        return Progress(
            source: log.file, asOf: asOf.quarter, asOfIndex: asOf.index, done: done, spent: spent,
            baselinePath: baseline?.path, baseline: baseline?.steps ?? [], baselineSpend: baseline?.spend ?? [],
            commitQuarters: commitQuarters, changePenalty: changePenalty)
    }

    /// A quarter label at `path`, as the plan quarter it is (1...H), or `nil` with a message.
    private func quarter(_ node: SourceNode, _ path: String) -> (quarter: Quarter, index: Int)? {
        guard let text = reader.string(node, path) else { return nil }
        guard let quarter = Quarter(label: text) else {
            log.report(
                path, node.line,
                "\(SafeText.quoted(text)) is not a quarter of the form YYYY-Qn with n 1..4 (e.g. 2027-Q2)")
            return nil
        }
        let index = scenario.start.distance(to: quarter) + 1
        guard (1...scenario.horizon).contains(index) else {
            log.report(
                path, node.line,
                "\(text) is outside the plan's horizon \(scenario.start)..\(scenario.quarter(scenario.horizon))")
            return nil
        }
        return (quarter, index)
    }

    private func readAsOf() -> (quarter: Quarter, index: Int)? {
        guard let node = reader.required(root, "as_of", in: "") else { return nil }
        return quarter(node, "as_of")
    }

    /// A quarter before the first open one.
    private func historyQuarter(_ node: SourceNode, _ path: String, asOfIndex: Int) -> Int? {
        guard let (label, index) = quarter(node, path) else { return nil }
        guard index < asOfIndex else {
            log.report(
                path, node.line,
                "\(label) is not before as_of \(scenario.quarter(asOfIndex)): only history quarters can have "
                    + "done steps or spending")
            return nil
        }
        return index
    }

    private func system(_ item: SourceNode, _ path: String) -> Int? {
        guard
            let node = reader.required(item, "system", in: path),
            let id = reader.string(node, NodeReader.join(path, "system"))
        else { return nil }
        guard let index = scenario.systems.firstIndex(where: { $0.id == id }) else {
            log.report(
                NodeReader.join(path, "system"), node.line,
                "unknown system \(SafeText.quoted(id))" + Suggestion.hint(for: id, in: scenario.systems.map(\.id)))
            return nil
        }
        return index
    }

    private func practice(_ item: SourceNode, _ path: String) -> String? {
        guard
            let node = reader.required(item, "practice", in: path),
            let id = reader.string(node, NodeReader.join(path, "practice"))
        else { return nil }
        guard scenario.catalog.location(ofPractice: id) != nil else {
            log.report(
                NodeReader.join(path, "practice"), node.line,
                "unknown practice \(SafeText.quoted(id))" + Suggestion.hint(for: id, in: scenario.catalog.practiceIDs))
            return nil
        }
        return id
    }

    /// `kind` and `to`: a level 1...4, or a scope `industry` or `system`.
    private func kindAndTo(_ item: SourceNode, _ path: String) -> (StepEstimate.Kind, Int)? {
        guard
            let kindNode = reader.required(item, "kind", in: path),
            let text = reader.string(kindNode, NodeReader.join(path, "kind"))
        else { return nil }
        guard let kind = StepEstimate.Kind(rawValue: text) else {
            log.report(
                NodeReader.join(path, "kind"), kindNode.line,
                "unknown kind \(SafeText.quoted(text))" + Suggestion.hint(for: text, in: ["level", "scope"])
                    + "; use level or scope")
            return nil
        }
        guard
            let toNode = reader.required(item, "to", in: path)
        else {
            return nil
        }
        let toPath = NodeReader.join(path, "to")
        switch kind {
        case .level:
            return reader.integer(toNode, toPath, range: 1...4, what: "level").map { (kind, $0) }
        case .scope:
            guard let id = reader.string(toNode, toPath) else { return nil }
            guard let scope = Scope(id: id), scope != .general else {
                log.report(
                    toPath, toNode.line,
                    "\(SafeText.quoted(id)) is not a scope a step reaches"
                        + Suggestion.hint(for: id, in: ["industry", "system"]) + "; use industry or system")
                return nil
            }
            return (kind, scope.rawValue)
        }
    }

    /// A done step as read, before the ladder check.
    private struct DoneEntry: Hashable {
        let path: String
        let line: Int?
        /// The system, or an initiative's first member.
        let system: Int
        /// An initiative's step: its index.
        var initiative: Int? = nil
        let practice: String
        let kind: StepEstimate.Kind
        let to: Int
        let quarter: Int
        let cost: Double?
        let effort: Double?
    }

    private func readDone(asOfIndex: Int) -> [Progress.DoneStep] {
        guard let node = root["done"], let items = reader.sequence(node, "done") else { return [] }
        var entries: [DoneEntry] = []
        for (i, item) in items.enumerated() {
            let path = NodeReader.index("done", i)
            guard reader.mapping(item, path, allowed: Self.doneKeys) != nil else { continue }
            if item["initiative"] != nil {
                if let entry = initiativeEntry(item, path, asOfIndex: asOfIndex) { entries.append(entry) }
                continue
            }
            let system = system(item, path), practice = practice(item, path), kindAndTo = kindAndTo(item, path)
            let quarter =
                (reader.required(item, "quarter", in: path))
                .flatMap { historyQuarter($0, NodeReader.join(path, "quarter"), asOfIndex: asOfIndex) }
            let cost = item["cost"].flatMap { reader.number($0, NodeReader.join(path, "cost")) }
            let effort = item["effort"].flatMap { reader.number($0, NodeReader.join(path, "effort")) }
            guard let system, let practice, let (kind, to) = kindAndTo, let quarter else { continue }
            entries.append(
                DoneEntry(
                    path: path, line: item.line, system: system, practice: practice, kind: kind, to: to,
                    quarter: quarter, cost: cost, effort: effort))
        }
        return checkLadders(entries)
    }

    /// An initiative's done step: `initiative` instead of `system`, its practice (if given) the
    /// initiative's, kind `level` (the default), a level the initiative owns.
    private func initiativeEntry(_ item: SourceNode, _ path: String, asOfIndex: Int) -> DoneEntry? {
        let idPath = NodeReader.join(path, "initiative")
        if let node = item["system"] {
            log.report(NodeReader.join(path, "system"), node.line, "give system or initiative, not both")
        }
        guard let node = item["initiative"], let id = reader.string(node, idPath) else { return nil }
        guard let i = scenario.initiatives.firstIndex(where: { $0.id == id }) else {
            log.report(
                idPath, node.line,
                "unknown initiative \(SafeText.quoted(id))"
                    + Suggestion.hint(for: id, in: scenario.initiatives.map(\.id)))
            return nil
        }
        let initiative = scenario.initiatives[i]
        if let node = item["practice"], let practice = reader.string(node, NodeReader.join(path, "practice")),
            practice != initiative.practiceID
        {
            log.report(
                NodeReader.join(path, "practice"), node.line,
                "initiative \(initiative.id) runs \(initiative.practiceID), not \(SafeText.quoted(practice))")
        }
        if let node = item["kind"], let kind = reader.string(node, NodeReader.join(path, "kind")), kind != "level" {
            log.report(NodeReader.join(path, "kind"), node.line, "an initiative's step is a level step")
        }
        let to = reader.required(item, "to", in: path).flatMap {
            reader.integer($0, NodeReader.join(path, "to"), range: 1...4, what: "level")
        }
        if let to, to > initiative.topLevel {
            log.report(
                NodeReader.join(path, "to"), item["to"]?.line,
                "initiative \(initiative.id) owns levels up to \(initiative.topLevel), not \(to)")
        }
        let quarter = reader.required(item, "quarter", in: path).flatMap {
            historyQuarter($0, NodeReader.join(path, "quarter"), asOfIndex: asOfIndex)
        }
        let cost = item["cost"].flatMap { reader.number($0, NodeReader.join(path, "cost")) }
        let effort = item["effort"].flatMap { reader.number($0, NodeReader.join(path, "effort")) }
        guard let to, to <= initiative.topLevel, let quarter, let first = initiative.members.first else { return nil }
        var entry = DoneEntry(
            path: path, line: item.line, system: first, practice: initiative.practiceID, kind: .level, to: to,
            quarter: quarter, cost: cost, effort: effort)
        entry.initiative = i
        return entry
    }

    /// Initiatives rule 1 in history: an initiative's done steps climb its ladder one level at a
    /// time from its members' lowest current level, each no earlier than the one below; cost and
    /// effort default to the initiative's. Returns each accepted step and, per initiative, the
    /// level and quarter it reached (members' own ladders above it start there).
    private func checkInitiativeLadders(_ entries: [DoneEntry]) -> (
        accepted: [DoneEntry: Progress.DoneStep], reached: [Int: (to: Int, quarter: Int)]
    ) {
        var accepted: [DoneEntry: Progress.DoneStep] = [:]
        var reached: [Int: (to: Int, quarter: Int)] = [:]
        for (i, steps) in Dictionary(grouping: entries.filter { $0.initiative != nil }, by: { $0.initiative! }) {
            let initiative = scenario.initiatives[i]
            let states = initiative.members.map { m in
                scenario.systems[m].practices.first { $0.practiceID == initiative.practiceID }!
            }
            let lowest = states.map(\.currentLevel).min() ?? 0
            var previous = (to: lowest, quarter: 0)
            for entry in steps.sorted(by: { ($0.to, $0.quarter) < ($1.to, $1.quarter) }) {
                let what = "initiative \(initiative.id)"
                guard entry.to == previous.to + 1 else {
                    log.report(
                        entry.path, entry.line,
                        entry.to <= previous.to
                            ? "\(what) is already at level \(entry.to) "
                                + "(\(entry.to <= lowest ? "every member is at or above it" : "done before"))"
                            : "\(what) to level \(entry.to) skips level \(previous.to + 1): "
                                + "it climbs one level at a time"
                    )
                    break
                }
                guard entry.quarter >= previous.quarter else {
                    log.report(
                        NodeReader.join(entry.path, "quarter"), entry.line,
                        "\(what) reached level \(entry.to) in \(scenario.quarter(entry.quarter)), "
                            + "before the level below "
                            + "it (\(scenario.quarter(previous.quarter)))")
                    break
                }
                let level = initiative.levels[entry.to - 1]
                // Members below the level whose target reaches it: the levels the step reached.
                let within = states.count { $0.currentLevel < entry.to && $0.targetLevel >= entry.to }
                var step = Progress.DoneStep(
                    systemIndex: entry.system, systemID: initiative.id, practiceID: initiative.practiceID,
                    kind: .level, from: entry.to - 1, to: entry.to, quarterIndex: entry.quarter,
                    cost: entry.cost ?? level.cost, effort: entry.effort ?? level.effort, beyondTarget: within == 0,
                    plannedCost: level.cost, plannedEffort: level.effort)
                step.initiative = i
                step.members = initiative.members.filter { m in
                    scenario.systems[m].practices.first { $0.practiceID == initiative.practiceID }!.currentLevel
                        < entry.to
                }
                step.reachedLevels = within
                accepted[entry] = step
                previous = (entry.to, entry.quarter)
            }
            if previous.to > lowest { reached[i] = previous }
        }
        return (accepted, reached)
    }

    /// Rule 1: each ladder's done steps raise it one level (or scope) at a time from the current
    /// state, each no earlier than the one below; costs default to the resolved ones. A member's
    /// levels that an initiative owns are done only through it; its own ladder above them starts
    /// where the initiative's done steps took it.
    private func checkLadders(_ entries: [DoneEntry]) -> [Progress.DoneStep] {
        let (initiativeSteps, initiativeReached) = checkInitiativeLadders(entries)
        var owner: [Int: [String: Int]] = [:]
        for (i, initiative) in scenario.initiatives.enumerated() {
            for m in initiative.members { owner[m, default: [:]][initiative.practiceID] = i }
        }
        struct Ladder: Hashable {
            let system: Int
            let practice: String
            let kind: StepEstimate.Kind
        }
        var byLadder: [Ladder: [DoneEntry]] = [:]
        for entry in entries where entry.initiative == nil {
            byLadder[Ladder(system: entry.system, practice: entry.practice, kind: entry.kind), default: []].append(
                entry)
        }
        var accepted = initiativeSteps
        for (ladder, steps) in byLadder {
            let state = scenario.systems[ladder.system].practices.first { $0.practiceID == ladder.practice }!
            let current = ladder.kind == .level ? state.currentLevel : state.currentScope.rawValue
            let target = ladder.kind == .level ? state.targetLevel : state.targetScope.rawValue
            var previous = (to: current, quarter: 0)
            let owning = ladder.kind == .level ? owner[ladder.system]?[ladder.practice] : nil
            if let owning, let through = initiativeReached[owning], through.to > current { previous = through }
            for entry in steps.sorted(by: { ($0.to, $0.quarter) < ($1.to, $1.quarter) }) {
                let what = "\(entry.practice) of \(scenario.systems[entry.system].id)"
                if let owning, entry.to <= scenario.initiatives[owning].topLevel {
                    let id = scenario.initiatives[owning].id
                    log.report(
                        entry.path, entry.line,
                        "level \(entry.to) of \(what) belongs to initiative \(id): record it as "
                            + "{initiative: \(id), to: \(entry.to), quarter: …}")
                    break
                }
                guard entry.to == previous.to + 1 else {
                    let name = { (to: Int) in ladder.kind == .level ? "level \(to)" : "scope \(Scope(rawValue: to)!.id)"
                    }
                    log.report(
                        entry.path, entry.line,
                        entry.to <= previous.to
                            ? "\(what) is already at \(name(entry.to)) "
                                + "(\(entry.to <= current ? "its current state" : "done before"))"
                            : "\(what) to \(name(entry.to)) skips \(name(previous.to + 1)): a done step raises a "
                                + "practice one \(ladder.kind.rawValue) at a time")
                    break
                }
                guard entry.quarter >= previous.quarter else {
                    log.report(
                        NodeReader.join(entry.path, "quarter"), entry.line,
                        "\(what) reached \(entry.to) in \(scenario.quarter(entry.quarter)), before the step below "
                            + "it (\(scenario.quarter(previous.quarter)))")
                    break
                }
                let estimate = scenario.estimate(
                    system: entry.system, practice: entry.practice, kind: entry.kind, to: entry.to)
                guard let cost = entry.cost ?? estimate?.cost else {
                    log.report(
                        NodeReader.join(entry.path, "cost"), entry.line,
                        "\(what) to \(entry.to) is beyond its target and the scenario has no cost for it: give cost")
                    break
                }
                accepted[entry] = Progress.DoneStep(
                    systemIndex: entry.system, systemID: scenario.systems[entry.system].id,
                    practiceID: entry.practice, kind: entry.kind, from: entry.to - 1, to: entry.to,
                    quarterIndex: entry.quarter, cost: cost, effort: entry.effort ?? estimate?.effort ?? 0,
                    beyondTarget: entry.to > target, plannedCost: estimate?.cost, plannedEffort: estimate?.effort,
                    reachedLevels: entry.to > target || entry.kind == .scope ? 0 : 1)
                previous = (entry.to, entry.quarter)
            }
        }
        return entries.compactMap { accepted[$0] }
    }

    /// `spent:` per history quarter; a quarter not given spent what its done steps cost.
    private func readSpent(asOfIndex: Int, done: [Progress.DoneStep]) -> [Double] {
        var spent = [Double](repeating: 0, count: asOfIndex - 1)
        for step in done { spent[step.quarterIndex - 1] += step.cost }
        guard let node = root["spent"], let entries = reader.mapping(node, "spent") else { return spent }
        for entry in entries {
            let path = NodeReader.join("spent", entry.key)
            let label = SourceNode(kind: .scalar(entry.key, plain: false), line: entry.keyLine)
            guard let t = historyQuarter(label, path, asOfIndex: asOfIndex),
                let amount = reader.number(entry.value, path)
            else { continue }
            spent[t - 1] = amount
        }
        return spent
    }

    /// The baseline plan file: an `smm-plan/1` of this scenario (same name, its systems and
    /// practices), decoded by the plan JSON's one codec (`PlanDocument`). Its steps get the done
    /// steps' own checks and messages (`baselineStep`).
    private func readBaseline() -> (path: String, steps: [Progress.BaselineStep], spend: [Double])? {
        guard let node = root["baseline"], let relative = reader.string(node, "baseline") else { return nil }
        let path = relative.hasPrefix("/") ? relative : (directory as NSString).appendingPathComponent(relative)
        let plan: PlanDocument
        switch InputFile.read(path: path, limit: limits.fileBytes) {
        case .failure(let problem):
            log.report("baseline", node.line, "\(relative): \(problem.description)")
            return nil
        case .success(let bytes):
            guard let document = try? PlanDocument.decode(bytes) else {
                log.report(
                    "baseline", node.line,
                    "\(relative) is not a plan (format smm-plan/1, written by smm plan -f json)")
                return nil
            }
            plan = document
        }
        guard plan.scenario == scenario.name else {
            log.report(
                "baseline", node.line,
                "\(relative) is a plan of \(SafeText.quoted(plan.scenario ?? "no scenario")), not of this scenario "
                    + SafeText.quoted(scenario.name))
            return nil
        }
        let baselineLog = DiagnosticLog(file: path)
        var steps: [Progress.BaselineStep] = []
        for (i, step) in (plan.steps ?? []).enumerated() {
            if let read = baselineStep(step, NodeReader.index("steps", i), log: baselineLog) { steps.append(read) }
        }
        var spend = [Double](repeating: 0, count: scenario.horizon)
        for item in plan.quarters ?? [] {
            guard let quarter = item.quarter.flatMap(Quarter.init(label:)), let amount = item.spend else { continue }
            let t = scenario.start.distance(to: quarter) + 1
            if (1...scenario.horizon).contains(t) { spend[t - 1] = amount }
        }
        for problem in baselineLog.diagnostics.prefix(5) {
            log.report("baseline", node.line, "\(relative): \(problem.path): \(problem.message)")
        }
        return (path, steps, spend)
    }

    /// A baseline step, checked as a done step is (`system`, `practice`, `kind`, `to`, `quarter`,
    /// with did-you-mean): the plan's step is read as the entry a progress file would hold.
    private func baselineStep(_ step: PlanDocument.Step, _ path: String, log: DiagnosticLog) -> Progress.BaselineStep? {
        let item = step.progressEntry
        let reading = ProgressReading(root: item, log: log, scenario: scenario, directory: directory, limits: limits)
        // An initiative's step (initiatives, plan JSON): named by the initiative.
        if let id = step.initiative {
            guard let initiative = scenario.initiatives.first(where: { $0.id == id }),
                let (kind, to) = reading.kindAndTo(item, path),
                let (_, quarter) = item["quarter"].flatMap({ reading.quarter($0, NodeReader.join(path, "quarter")) })
            else {
                log.report(path, nil, "not a step of an initiative of this scenario")
                return nil
            }
            return Progress.BaselineStep(
                systemID: initiative.id, practiceID: initiative.practiceID, kind: kind, to: to, quarterIndex: quarter)
        }
        guard let system = reading.system(item, path), let practice = reading.practice(item, path),
            let (kind, to) = reading.kindAndTo(item, path),
            let (_, quarter) = item["quarter"].flatMap({ reading.quarter($0, NodeReader.join(path, "quarter")) })
        else { return nil }
        return Progress.BaselineStep(
            systemID: scenario.systems[system].id, practiceID: practice, kind: kind, to: to, quarterIndex: quarter)
    }
}

extension PlanDocument.Step {
    /// The step as a progress file's `done` entry would write it (`system` or `initiative`,
    /// `practice`, `kind`, `to`, `quarter`), for the checks that progress entries get.
    fileprivate var progressEntry: SourceNode {
        func scalar(_ text: String, plain: Bool = false) -> SourceNode {
            SourceNode(kind: .scalar(text, plain: plain), line: nil)
        }
        var entries: [(String, SourceNode)] = []
        if let system { entries.append(("system", scalar(system))) }
        if let initiative { entries.append(("initiative", scalar(initiative))) }
        if let practice { entries.append(("practice", scalar(practice))) }
        if let kind { entries.append(("kind", scalar(kind))) }
        switch to {
        case .level(let level):
            let whole = level.rounded() == level && abs(level) < 1e9
            entries.append(("to", scalar(whole ? String(Int(level)) : String(level), plain: true)))
        case .scope(let id): entries.append(("to", scalar(id)))
        case .other, nil: break
        }
        if let quarter { entries.append(("quarter", scalar(quarter))) }
        return SourceNode(
            kind: .mapping(entries.map { SourceNode.Entry(key: $0.0, keyLine: nil, value: $0.1) }), line: nil)
    }
}

extension ScenarioLoader {
    /// Loads a scenario file and, with `progress`, the progress file that re-plans it (spec §5).
    /// - Throws: `ScenarioError` with every problem of both files, each naming its file.
    public func load(path: String, overrides: [String] = [], progress: String?) throws(ScenarioError) -> Scenario {
        let scenario = try load(path: path, overrides: overrides)
        guard let progress else { return scenario }
        return try applying(progressFile: progress, to: scenario)
    }

    /// The scenario re-planned with the progress file at `path`.
    public func applying(progressFile path: String, to scenario: Scenario) throws(ScenarioError) -> Scenario {
        let log = DiagnosticLog(file: path)
        guard let root = CatalogLoader.readDocument(path: path, log: log, limits: limits) else {
            throw log.error
        }
        return try applying(
            progress: root, log: log, directory: URL(fileURLWithPath: path).deletingLastPathComponent().path,
            to: scenario)
    }

    /// The scenario re-planned with a progress file's text (`source` names it in messages; a
    /// `baseline:` is looked for in `directory`).
    public func applying(
        progressText text: String, source: String, directory: String, to scenario: Scenario
    ) throws(ScenarioError) -> Scenario {
        let log = DiagnosticLog(file: source)
        guard let root = CatalogLoader.parseDocument(text, log: log, limits: limits) else { throw log.error }
        return try applying(progress: root, log: log, directory: directory, to: scenario)
    }

    private func applying(
        progress root: SourceNode, log: DiagnosticLog, directory: String, to scenario: Scenario
    ) throws(ScenarioError) -> Scenario {
        let reading = ProgressReading(root: root, log: log, scenario: scenario, directory: directory, limits: limits)
        guard let progress = reading.read(), log.isEmpty else { throw log.error }
        return scenario.withProgress(progress)
    }
}
