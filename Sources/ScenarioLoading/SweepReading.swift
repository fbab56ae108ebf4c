import ScenarioModel

extension ScenarioLoader {
    /// Reads a sweep's scenarios from a file, read once: every point is read (and checked) before
    /// any is planned, so a bad value is reported before minutes of planning.
    /// - Parameters:
    ///   - path: The scenario file.
    ///   - overrides: `--set` edits applied before the swept value.
    ///   - progress: A progress file: every point is a re-plan with it (spec §5).
    ///   - parameter: What to vary.
    ///   - values: The values, in any order; the sweep holds them in increasing order.
    /// - Returns: The values in increasing order with their scenarios.
    public func sweep(
        path: String, overrides: [String] = [], progress: String? = nil, parameter: SweepParameter, values: [Double]
    ) throws -> SweepScenarios {
        let (document, directory) = try readDocument(path: path)
        return try sweep(
            document: document, source: path, directory: directory, overrides: overrides, progress: progress,
            parameter: parameter, values: values)
    }

    /// Reads a sweep's scenarios from a scenario in memory (e.g. `ScenarioBuilder.document`).
    /// - Parameters:
    ///   - document: The scenario document.
    ///   - source: Its name in messages.
    ///   - directory: Where relative catalog paths are looked up.
    ///   - overrides: Edits applied before the swept value, in `--set` syntax.
    ///   - progress: A progress file: every point is a re-plan with it (spec §5).
    ///   - parameter: What to vary.
    ///   - values: The values, in any order.
    /// - Returns: The values in increasing order with their scenarios.
    public func sweep(
        document: SourceNode, source: String = "<scenario>", directory: String = ".", overrides: [String] = [],
        progress: String? = nil, parameter: SweepParameter, values: [Double]
    ) throws -> SweepScenarios {
        let sorted = values.sorted()
        let scenarios = try sorted.map { value in
            let text = parameter == .horizon ? String(Int(value)) : "\(value)"
            var scenario = try load(
                document: document, source: source, directory: directory,
                overrides: overrides + ["\(parameter.rawValue)=\(text)"])
            if let progress { scenario = try applying(progressFile: progress, to: scenario) }
            return scenario
        }
        return SweepScenarios(parameter: parameter, values: sorted, scenarios: scenarios)
    }
}
