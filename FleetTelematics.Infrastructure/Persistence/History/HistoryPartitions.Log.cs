using Microsoft.Extensions.Logging;

namespace FleetTelematics.Infrastructure.Persistence.History;

/// <summary>Log events of <see cref="HistoryPartitions"/>, source-generated.</summary>
public sealed partial class HistoryPartitions
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information,
        Message = "Created {Count} history partitions ({Partitions}) so that {First} through {Last} are covered")]
    private static partial void LogCreated(ILogger logger, int count, string partitions, string first, string last);

    [LoggerMessage(EventId = 701, Level = LogLevel.Debug, Message = "History partitions already cover {First} through {Last}")]
    private static partial void LogUpToDate(ILogger logger, string first, string last);
}
