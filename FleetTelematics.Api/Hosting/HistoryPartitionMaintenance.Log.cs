namespace FleetTelematics.Api.Hosting;

/// <summary>Log events of <see cref="HistoryPartitionMaintenance"/>, source-generated.</summary>
internal sealed partial class HistoryPartitionMaintenance
{
    [LoggerMessage(EventId = 702, Level = LogLevel.Warning,
        Message = "Could not make the history partitions ahead of time; trying again in {RetryIn}: {Reason}")]
    private static partial void LogFailed(ILogger logger, TimeSpan retryIn, string reason, Exception exception);
}
