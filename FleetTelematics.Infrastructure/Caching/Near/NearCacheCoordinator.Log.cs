using Microsoft.Extensions.Logging;

namespace FleetTelematics.Infrastructure.Caching.Near;

/// <summary>Log events of <see cref="NearCacheCoordinator"/>, source-generated.</summary>
public sealed partial class NearCacheCoordinator
{
    [LoggerMessage(EventId = 320, Level = LogLevel.Warning,
        Message = "{Count} instances did not acknowledge an invalidation in time ({Holders}); revoking their leases and waiting one out")]
    private static partial void LogRevoking(ILogger logger, int count, string holders);

    [LoggerMessage(EventId = 321, Level = LogLevel.Warning,
        Message = "This instance's near-cache lease was revoked or expired; its local copies were dropped and it registers again")]
    private static partial void LogLeaseLost(ILogger logger);

    [LoggerMessage(EventId = 322, Level = LogLevel.Warning,
        Message = "An invalidation could not be delivered to the other instances; waiting out their leases before answering")]
    private static partial void LogInvalidationNotDelivered(ILogger logger, Exception? exception);

    [LoggerMessage(EventId = 323, Level = LogLevel.Warning,
        Message = "The near-cache lease cannot be kept or the holders cannot be read (Redis unreachable); local copies stop being served when the lease runs out")]
    private static partial void LogLeaseTrouble(ILogger logger, Exception exception);
}
