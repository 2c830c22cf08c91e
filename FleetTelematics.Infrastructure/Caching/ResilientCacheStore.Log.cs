using Microsoft.Extensions.Logging;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>Log events of <see cref="ResilientCacheStore"/>, source-generated.</summary>
public sealed partial class ResilientCacheStore
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning,
        Message = "Cache store {Operation} failed; serving from the database (timeout {TimeoutMs} ms). Further failures are logged at most every 30 s")]
    private static partial void LogStoreFailure(ILogger logger, Exception exception, string operation, double timeoutMs);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning,
        Message = "Cache store circuit is now {State} (cause: {Cause}); {Pending} invalidations waiting to be replayed")]
    private static partial void LogCircuit(ILogger logger, CircuitState state, string cause, int pending);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Replayed {Count} invalidations that failed during a cache store outage")]
    private static partial void LogReplayed(ILogger logger, int count);
}
