using Microsoft.Extensions.Logging;

namespace FleetTelematics.Infrastructure.Persistence;

/// <summary>Log events of <see cref="SlowQueryLog"/>, source-generated.</summary>
internal sealed partial class SlowQueryLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Warning,
        Message = "Slow database command: {ElapsedMs:F0} ms ({Suppressed} more slow runs since last logged) during {Operation}: {Statement}")]
    private static partial void LogSlowQuery(ILogger logger, double elapsedMs, int suppressed, string operation, string statement);
}
