using Microsoft.Extensions.Logging;

namespace FleetTelematics.Infrastructure.Persistence.Standby;

/// <summary>Log events of <see cref="ReplayGate"/>, source-generated. A failure is logged once per hold-off, not per request.</summary>
public sealed partial class ReplayGate
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning,
        Message = "The standby (ConnectionStrings:FleetReplica) failed; cached reads run on the primary for {RetryAfter}: {Reason}")]
    private static partial void LogStandbyFailed(ILogger logger, TimeSpan retryAfter, string reason);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Error,
        Message = "ConnectionStrings:FleetReplica names a server that is not in recovery; cached reads run on the primary")]
    private static partial void LogNotAStandby(ILogger logger);
}
