import ScenarioModel

/// `Progress` in this module is the re-plan's history, not Foundation's task progress, which files
/// importing Foundation would otherwise also see.
typealias Progress = ScenarioModel.Progress
