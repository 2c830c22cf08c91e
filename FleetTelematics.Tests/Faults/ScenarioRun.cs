namespace FleetTelematics.Tests.Faults;

/// <summary>
/// One scenario as it happened: its figures, the raw load, when each step came, what the API logged, and its latency
/// bound (the store timeout plus the slowest normal miss of the baseline or of the uncached probe beside the load).
/// </summary>
public sealed record ScenarioRun(
    ScenarioFigures Figures,
    LoadResult Load,
    string Timeline,
    Exception? TimelineFailure,
    IReadOnlyList<string> ServerErrors,
    IReadOnlyList<string> ServerWarnings,
    LatencyBound Bound,
    double FaultAtMs);
