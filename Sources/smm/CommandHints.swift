import ArgumentParser
import ScenarioLoading
import ScenarioModel
import TextSafety

/// A line of help for a command line the parser refused: "did you mean plan?" for a mistyped
/// subcommand, and `--set` for an option that is really a scenario key (`--budget 50000`).
/// It reads only what the parser's error names; the parse itself is the parser's.
enum CommandHints {
    static func hint(for error: any Error, arguments: [String]) -> String? {
        let message = SMM.message(for: error)
        let commands = SMM.configuration.subcommands.map { $0._commandName }
        // "Unexpected argument 'plna'", or "2 unexpected arguments: 'plna', …": the first word was
        // taken for an argument because it names no command.
        if message.lowercased().contains("unexpected argument"), let word = arguments.first, !word.hasPrefix("-"),
            !commands.contains(word)
        {
            guard let near = Suggestion.closest(to: word, in: commands) else { return nil }
            return "smm has no command \(SafeText.quoted(word)): did you mean smm \(near)?"
        }
        if let option = quoted(after: "Unknown option", in: message), option.hasPrefix("--") {
            let key = option.dropFirst(2).replacingOccurrences(of: "-", with: "_")
            guard let scenarioKey = ScenarioLoader.topLevelKeys.first(where: { key.hasPrefix($0) }) else {
                return nil
            }
            let example = scenarioKey == "budget" ? "budget.quarterly=50000" : "\(scenarioKey)=VALUE"
            return "\(SafeText.quoted(option)) is a scenario key, not an option: change it for one run with "
                + "--set \(example) (docs/scenario-format.md lists the keys)"
        }
        return nil
    }

    /// The text in quotes after `lead` in `message`.
    private static func quoted(after lead: String, in message: String) -> String? {
        guard let start = message.range(of: lead + " '") else { return nil }
        let rest = message[start.upperBound...]
        guard let end = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<end])
    }
}
