import Crypto
import Foundation
import MaturityModel
import Roadmaps
import ScenarioModel

/// Where a plan came from, written into its JSON (`source`), so that `smm render` can rebuild the
/// reports from the plan alone and refuse a scenario that changed since.
public struct PlanSource: Sendable, Hashable {
    /// The scenario path as given, and made absolute.
    public let path: String
    public let absolutePath: String
    /// SHA-256 of the scenario file's bytes, in hex.
    public let sha256: String
    /// The `--set` edits the plan was made with.
    public let overrides: [String]
    /// A re-plan's progress file, made absolute (spec §5): render applies it again.
    public let progress: String?
    /// What the scenario says (`SourceNode.contentDigest`): a file whose bytes changed but not
    /// this (comments, formatting, `x-` notes) still renders the plan. `nil` in older plan files.
    public let contentSHA256: String?

    public init(
        path: String, absolutePath: String, sha256: String, overrides: [String], progress: String? = nil,
        contentSHA256: String? = nil
    ) {
        self.path = path
        self.absolutePath = absolutePath
        self.sha256 = sha256
        self.overrides = overrides
        self.progress = progress
        self.contentSHA256 = contentSHA256
    }

    /// The source of a scenario file.
    /// - Parameters:
    ///   - path: The scenario file, as the user named it.
    ///   - bytes: Its bytes, as read for this plan.
    ///   - overrides: The `--set` edits applied to it.
    ///   - progress: The progress file of a re-plan.
    ///   - contentSHA256: The loaded scenario's `documentDigest`.
    public static func of(
        path: String, bytes: [UInt8], overrides: [String], progress: String? = nil, contentSHA256: String? = nil
    ) -> PlanSource {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return PlanSource(
            path: path, absolutePath: absolute, sha256: digest(bytes), overrides: overrides,
            progress: progress.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
            contentSHA256: contentSHA256)
    }

    /// SHA-256 of bytes, in lower-case hex.
    public static func digest(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map {
            String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
        }
        .joined()
    }

    /// The source as the plan document writes it.
    var document: PlanDocument.Source {
        var source = PlanDocument.Source()
        source.path = path
        source.absolutePath = absolutePath
        source.sha256 = sha256
        source.overrides = overrides
        source.contentSHA256 = contentSHA256
        source.progress = progress
        return source
    }
}

/// A plan JSON file read back: its source and the plan.
public struct PlanFile: Sendable {
    public let source: PlanSource
    public let plan: SavedPlan

    /// Reads `smm-plan/1` JSON written by `smm plan -f json` (decoded once, as `PlanDocument`).
    public static func read(_ bytes: [UInt8]) throws(SavedPlanFileError) -> PlanFile {
        let root: PlanDocument
        do {
            root = try PlanDocument.decode(bytes)
        } catch {
            throw SavedPlanFileError(error.description)
        }
        guard let source = root.source, let path = source.path, let absolute = source.absolutePath,
            let sha = source.sha256
        else {
            throw SavedPlanFileError("no source: the plan was written by an smm without render support; plan again")
        }
        guard let status = root.status.flatMap(Roadmap.Status.init(rawValue:)) else {
            throw SavedPlanFileError("status is not one of optimal, feasible, infeasible, no-plan")
        }
        let start = root.quarters?.first?.quarter
        let steps = try savedSteps(root.steps ?? [], key: "steps", start: start)
        let conflicts = (root.conflicts ?? []).map { text in
            let parts = text.components(separatedBy: ". Fix: ")
            return Conflict(
                message: parts[0], fix: parts.count > 1 ? parts.dropFirst().joined(separator: ". Fix: ") : nil)
        }
        let solver = root.solver
        let report = SolveReport(
            rows: Self.count(solver?.rows), columns: Self.count(solver?.columns),
            nonzeros: Self.count(solver?.nonzeros), seconds: 0,
            // Plans written before `engine` and `backend` existed name the solver only: shown as it was.
            engine: solver?.engine.flatMap(PlanningEngine.init(rawValue:)) ?? .wholeProgram,
            backend: solver?.backend ?? solver?.name ?? "")
        return PlanFile(
            source: PlanSource(
                path: path, absolutePath: absolute, sha256: sha, overrides: source.overrides ?? [],
                progress: source.progress, contentSHA256: source.contentSHA256),
            plan: SavedPlan(
                status: status, bound: root.objective?.bound?.value, steps: steps, conflicts: conflicts, report: report,
                claimedValue: root.objective?.value?.value,
                agreement: root.agreement == nil ? nil : try savedAgreement(root, start: start)))
    }

    /// A list of steps (`steps`, a frontier point's `steps`) as plan quarters.
    private static func savedSteps(_ items: [PlanDocument.Step], key: String, start: String?)
        throws(SavedPlanFileError) -> [SavedPlan.Step]
    {
        var steps: [SavedPlan.Step] = []
        for (i, item) in items.enumerated() {
            // An initiative's step is named by the initiative (spec §6); ids are unique across both.
            guard let system = item.system ?? item.initiative, let practice = item.practice,
                let kind = item.kind.flatMap(StepEstimate.Kind.init(rawValue:)),
                let quarter = item.quarter.flatMap(Quarter.init(label:)),
                let first = start.flatMap(Quarter.init(label:))
            else {
                throw SavedPlanFileError("\(key)[\(i)] is incomplete")
            }
            let id = try stepID(system: system, practice: practice, kind: kind, to: item.to, key: "\(key)[\(i)]")
            steps.append(SavedPlan.Step(id: id, quarterIndex: first.distance(to: quarter) + 1))
        }
        return steps
    }

    private static func stepID(
        system: String, practice: String, kind: StepEstimate.Kind, to target: PlanDocument.Target?, key: String
    ) throws(SavedPlanFileError) -> StepID {
        let to: Int?
        switch (kind, target) {
        // A level is a small whole number: anything else (1e300, 2.5) is not one.
        case (.level, .level(let number)): to = Self.level(number)
        case (.scope, .scope(let id)): to = Scope(id: id)?.rawValue
        default: to = nil
        }
        guard let to else { throw SavedPlanFileError("\(key).to is not a level or scope") }
        return StepID(systemID: system, practiceID: practice, kind: kind, to: to)
    }

    /// Spec §7's keys (`agreement`, `stakeholders`, `contested`, `core`, `frontier`) read back.
    private static func savedAgreement(_ root: PlanDocument, start: String?) throws(SavedPlanFileError)
        -> SavedAgreement
    {
        guard let rule = root.agreement?.rule.flatMap(AgreementRule.init(rawValue:)) else {
            throw SavedPlanFileError("agreement.rule is not one of max-min, weighted, nash")
        }
        var parties: [SavedAgreement.Party] = []
        for (i, entry) in (root.stakeholders ?? []).enumerated() {
            guard let id = entry.id, let ideal = entry.ideal, ideal.isFinite,
                let status = entry.idealStatus.flatMap(Roadmap.Status.init(rawValue:))
            else {
                throw SavedPlanFileError("stakeholders[\(i)] lacks its id, ideal or ideal_status")
            }
            let shares = (entry.sharesIfIdeal?.entries ?? []).map {
                Negotiation.PartyShare(party: $0.party, share: $0.share)
            }
            parties.append(
                SavedAgreement.Party(
                    id: id, ideal: ideal, idealStatus: status, idealBound: entry.idealBound, sharesIfIdeal: shares))
        }
        func step(_ ref: PlanDocument.StepRef, _ key: String) throws(SavedPlanFileError) -> StepID {
            guard let system = ref.system, let practice = ref.practice,
                let kind = ref.kind.flatMap(StepEstimate.Kind.init(rawValue:))
            else { throw SavedPlanFileError("\(key) is incomplete") }
            return try stepID(system: system, practice: practice, kind: kind, to: ref.to, key: key)
        }
        var contested: [Negotiation.ContestedStep] = []
        for (i, ref) in (root.contested ?? []).enumerated() {
            contested.append(
                Negotiation.ContestedStep(step: try step(ref, "contested[\(i)]"), wantedBy: ref.wantedBy ?? []))
        }
        var core: [StepID] = []
        for (i, ref) in (root.core ?? []).enumerated() { core.append(try step(ref, "core[\(i)]")) }
        var frontier: [SavedAgreement.FrontierPoint] = []
        for (i, point) in (root.frontier?.points ?? []).enumerated() {
            guard let required = point.required, required.isFinite,
                let status = point.status.flatMap(Roadmap.Status.init(rawValue:))
            else { throw SavedPlanFileError("frontier.points[\(i)] lacks its required share or status") }
            frontier.append(
                SavedAgreement.FrontierPoint(
                    required: required, status: status,
                    steps: try savedSteps(point.steps ?? [], key: "frontier.points[\(i)].steps", start: start)))
        }
        return SavedAgreement(
            rule: rule, parties: parties, contested: contested, core: core,
            frontierParties: root.frontier?.parties ?? [], frontier: frontier)
    }
}

extension PlanFile {
    /// A count of the solver's program (rows, columns) as shown again: a whole number in range,
    /// else 0 (the figure is shown, never used).
    static func count(_ value: Double?) -> Int {
        guard let value, value.rounded() == value, (0...1e12).contains(value) else { return 0 }
        return Int(value)
    }

    static func level(_ value: Double) -> Int? {
        value.rounded() == value
            && Double(ComprehensivenessLevel.range.lowerBound)...Double(ComprehensivenessLevel.range.upperBound)
                ~= value
            ? Int(value) : nil
    }
}

/// A plan file that cannot be read back.
public struct SavedPlanFileError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
