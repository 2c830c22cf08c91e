namespace FleetTelematics.Tests.Faults;

/// <summary>
/// One request of the load as the client saw it. <see cref="Status"/> 0 means no answer (connection failure or the
/// client's timeout); times are milliseconds, <see cref="StartedAtMs"/> from the start of the run.
/// </summary>
public readonly record struct RequestRecord(
    string Kind,
    string Url,
    int Status,
    string? CacheStatus,
    double LatencyMs,
    double StartedAtMs,
    bool IsProblemJson,
    bool HasRetryAfter);
