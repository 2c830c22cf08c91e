namespace FleetTelematics.Tests.Faults;

/// <summary>One scenario as it happened: its figures, the raw load, when each step came, and what the API logged.</summary>
public sealed record ScenarioRun(
    ScenarioFigures Figures,
    LoadResult Load,
    string Timeline,
    Exception? TimelineFailure,
    IReadOnlyList<string> ServerErrors,
    IReadOnlyList<string> ServerWarnings);
