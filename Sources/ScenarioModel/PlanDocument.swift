import Foundation
import TextSafety

/// A plan JSON file (`smm-plan/1`, written by `smm plan -f json`) as its readers need it: the one
/// decoding of the format, for `smm render` (`PlanFile`) and `smm progress init`
/// (`ProgressTemplate`). Every key is optional here; each reader says what it requires, in its
/// own words. Keys a reader does not need (the quarters' budgets, deadlines, gaps) are not decoded.
public struct PlanDocument: Decodable, Sendable {
    /// `scenario_source`: the file the plan was made from.
    public struct Source: Decodable, Sendable {
        public let path: String?
        public let absolutePath: String?
        public let sha256: String?
        public let overrides: [String]?
        public let progress: String?
        public let contentSHA256: String?

        enum CodingKeys: String, CodingKey {
            case path, sha256, overrides, progress
            case absolutePath = "absolute_path"
            case contentSHA256 = "content_sha256"
        }
    }

    /// `objective`: the plan's value and the proven bound.
    public struct Objective: Decodable, Sendable {
        public let value: Double?
        public let bound: Double?
    }

    /// One entry of `quarters`.
    public struct Quarter: Decodable, Sendable {
        public let quarter: String?
        public let spend: Double?
    }

    /// A level (a number) or a scope (its id), as a step's `to` is written.
    public enum Target: Decodable, Sendable, Equatable {
        case level(Double)
        case scope(String)
        /// Neither a number nor a string.
        case other

        public init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let number = try? value.decode(Double.self) {
                self = .level(number)
            } else if let text = try? value.decode(String.self) {
                self = .scope(text)
            } else {
                self = .other
            }
        }
    }

    /// One entry of `steps`: a system's step, or an initiative's (named by the initiative).
    public struct Step: Decodable, Sendable {
        public let system: String?
        public let initiative: String?
        public let practice: String?
        public let kind: String?
        public let to: Target?
        public let quarter: String?
    }

    /// `solver`: what planned it.
    public struct Solver: Decodable, Sendable {
        public let rows: Double?
        public let columns: Double?
        public let nonzeros: Double?
        public let engine: String?
        public let backend: String?
        /// The solver's name in files written before `engine` and `backend` existed.
        public let name: String?
    }

    public let format: String?
    /// The scenario's name.
    public let scenario: String?
    public let source: Source?
    public let status: String?
    public let objective: Objective?
    public let quarters: [Quarter]?
    public let steps: [Step]?
    public let conflicts: [String]?
    public let solver: Solver?

    /// Why bytes are not a plan document, in words (without the file's path).
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Decodes `smm-plan/1` JSON.
    /// - Parameter bytes: The file's bytes.
    /// - Throws: `Problem` when the bytes are not JSON, not an object, a value has another type
    ///   than the format gives it (named by its key path), or `format` is not `smm-plan/1`.
    public static func decode(_ bytes: [UInt8]) throws(Problem) -> PlanDocument {
        let document: PlanDocument
        do {
            document = try JSONDecoder().decode(PlanDocument.self, from: Data(bytes))
        } catch let DecodingError.typeMismatch(_, context) {
            throw Problem(description: Self.describe(context, "has another type than a plan gives it"))
        } catch let DecodingError.valueNotFound(_, context) {
            throw Problem(description: Self.describe(context, "is null"))
        } catch {
            throw Problem(description: "not a JSON object")
        }
        guard document.format == "smm-plan/1" else { throw Problem(description: "format is not smm-plan/1") }
        return document
    }

    /// `steps[2].practice has another type…`, the key path as the plan JSON spells it.
    private static func describe(_ context: DecodingError.Context, _ what: String) -> String {
        guard !context.codingPath.isEmpty else { return "not a JSON object" }
        var path = ""
        for key in context.codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += (path.isEmpty ? "" : ".") + key.stringValue
            }
        }
        // A key from the file is text from the file: cut like any excerpt.
        return "\(SafeText.excerpt(path)) \(what)"
    }
}
