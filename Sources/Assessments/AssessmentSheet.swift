import MaturityModel

/// The columns of an assessment sheet, one row per system × practice, and how their cells read.
///
/// Headers are matched by name (case and spacing ignored), so a user may reorder columns or add
/// their own; `system` and `practice id` (or `practice`) are required.
public enum AssessmentSheet {
    /// The template's columns, in order.
    public static let headers = [
        "system", "domain", "subdomain", "practice", "practice id", "current level", "current scope",
        "target level", "target scope", "notes", "system weight",
    ]

    /// The drop-down choices for a level: `0 (none)` … `4 (formalized)`.
    public static let levelChoices = ComprehensivenessLevel.all.map(\.description)
    /// The drop-down choices for a scope.
    public static let scopeChoices = Scope.allCases.map(\.id)

    /// What a level cell may hold, for messages.
    static let acceptedLevels = "0–4 or none, minimum, ad hoc, consistent, formalized"
    static let acceptedScopes = "general, industry or system"

    /// Reads a level written as a number (`2`, `2.0`), a name (`ad hoc`, `Ad-hoc`) or both (`2 (ad hoc)`).
    static func level(_ text: String) -> Int? {
        let cleaned = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let value = Double(cleaned), value.rounded() == value, let level = Int(exactly: value),
            ComprehensivenessLevel.range.contains(level)
        {
            return level
        }
        // "2 (ad hoc)" or "2 - ad hoc": number and name must agree.
        let digits = cleaned.prefix { $0.isNumber }
        let name = normalizedName(String(cleaned.dropFirst(digits.count)))
        let byName = name.isEmpty ? nil : ComprehensivenessLevel.all.first { normalizedName($0.name) == name }?.rawValue
        guard !digits.isEmpty else { return byName }
        guard let number = Int(digits), ComprehensivenessLevel.range.contains(number) else { return nil }
        return name.isEmpty || byName == number ? number : nil
    }

    /// Reads a scope id, case and spacing ignored.
    static func scope(_ text: String) -> Scope? {
        Scope(id: text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// Lower case letters and digits only: "Ad-hoc", "(ad hoc)" and "adhoc" read alike.
    static func normalizedName(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}
