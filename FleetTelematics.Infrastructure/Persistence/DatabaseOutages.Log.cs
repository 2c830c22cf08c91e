using Microsoft.Extensions.Logging;

namespace FleetTelematics.Infrastructure.Persistence;

/// <summary>Log events of <see cref="DatabaseOutages"/>, source-generated.</summary>
public sealed partial class DatabaseOutages
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning,
        Message = "PostgreSQL is unavailable: {Requests} request(s) answered without it since the last report ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, long requests, string reason);
}
