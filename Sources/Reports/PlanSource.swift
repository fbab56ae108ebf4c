import Crypto
import Foundation
import MaturityModel
import RoadmapPlanner
import ScenarioLoading

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

    /// The source of a scenario file, or `nil` when it cannot be read.
    /// - Parameters:
    ///   - progress: The progress file of a re-plan.
    ///   - contentSHA256: The loaded scenario's `documentDigest`.
    public static func of(
        path: String, overrides: [String], progress: String? = nil, contentSHA256: String? = nil
    ) -> PlanSource? {
        guard case .success(let bytes) = InputFile.read(path: path, limit: InputLimits.standard.fileBytes) else {
            return nil
        }
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

    var json: JSONValue {
        .object(
            [
                ("path", .string(path)), ("absolute_path", .string(absolutePath)), ("sha256", .string(sha256)),
                ("overrides", .array(overrides.map(JSONValue.string))),
            ] + (contentSHA256.map { [("content_sha256", JSONValue.string($0))] } ?? [])
                + (progress.map { [("progress", JSONValue.string($0))] } ?? []))
    }
}

/// A plan JSON file read back: its source and the plan.
public struct PlanFile: Sendable {
    public let source: PlanSource
    public let plan: SavedPlan

    /// Reads `smm-plan/1` JSON written by `smm plan -f json`.
    public static func read(_ bytes: [UInt8]) throws(SavedPlanFileError) -> PlanFile {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), let root = object as? [String: Any]
        else {
            throw SavedPlanFileError("not a JSON object")
        }
        guard root["format"] as? String == "smm-plan/1" else { throw SavedPlanFileError("format is not smm-plan/1") }
        guard let source = root["source"] as? [String: Any], let path = source["path"] as? String,
            let absolute = source["absolute_path"] as? String, let sha = source["sha256"] as? String
        else {
            throw SavedPlanFileError("no source: the plan was written by an smm without render support; plan again")
        }
        guard let status = (root["status"] as? String).flatMap(Roadmap.Status.init(rawValue:)) else {
            throw SavedPlanFileError("status is not one of optimal, feasible, infeasible, no-plan")
        }
        let objective = root["objective"] as? [String: Any]
        let start = ((root["quarters"] as? [[String: Any]])?.first?["quarter"] as? String)
        var steps: [SavedPlan.Step] = []
        for (i, item) in ((root["steps"] as? [[String: Any]]) ?? []).enumerated() {
            // An initiative's step is named by the initiative (spec §6); ids are unique across both.
            guard let system = item["system"] as? String ?? item["initiative"] as? String,
                let practice = item["practice"] as? String,
                let kind = (item["kind"] as? String).flatMap(StepEstimate.Kind.init(rawValue:)),
                let quarter = (item["quarter"] as? String).flatMap(Quarter.init(label:)),
                let first = start.flatMap(Quarter.init(label:))
            else {
                throw SavedPlanFileError("steps[\(i)] is incomplete")
            }
            let to: Int?
            switch kind {
            // A level is a small whole number: anything else (1e300, 2.5) is not one, rather than
            // a level NSNumber clamps to Int.min.
            case .level: to = (item["to"] as? NSNumber).flatMap { Self.level($0.doubleValue) }
            case .scope: to = (item["to"] as? String).flatMap(Scope.init(id:))?.rawValue
            }
            guard let to else { throw SavedPlanFileError("steps[\(i)].to is not a level or scope") }
            steps.append(
                SavedPlan.Step(
                    id: StepID(systemID: system, practiceID: practice, kind: kind, to: to),
                    quarterIndex: first.distance(to: quarter) + 1))
        }
        let conflicts = ((root["conflicts"] as? [String]) ?? []).map { text in
            let parts = text.components(separatedBy: ". Fix: ")
            return Conflict(
                message: parts[0], fix: parts.count > 1 ? parts.dropFirst().joined(separator: ". Fix: ") : nil)
        }
        let solver = root["solver"] as? [String: Any]
        let report = SolveReport(
            rows: (solver?["rows"] as? NSNumber)?.intValue ?? 0,
            columns: (solver?["columns"] as? NSNumber)?.intValue ?? 0,
            nonzeros: (solver?["nonzeros"] as? NSNumber)?.intValue ?? 0, seconds: 0,
            // Plans written before `engine` and `backend` existed name the solver only: shown as it was.
            engine: (solver?["engine"] as? String).flatMap(PlanningEngine.init(rawValue:)) ?? .wholeProgram,
            backend: solver?["backend"] as? String ?? solver?["name"] as? String ?? "")
        return PlanFile(
            source: PlanSource(
                path: path, absolutePath: absolute, sha256: sha,
                overrides: source["overrides"] as? [String] ?? [], progress: source["progress"] as? String,
                contentSHA256: source["content_sha256"] as? String),
            plan: SavedPlan(
                status: status, bound: (objective?["bound"] as? NSNumber)?.doubleValue, steps: steps,
                conflicts: conflicts, report: report,
                claimedValue: (objective?["value"] as? NSNumber)?.doubleValue))
    }
}

extension PlanFile {
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
