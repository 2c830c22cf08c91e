namespace FleetTelematics.Api.Simulation;

/// <summary>Log events of <see cref="GatewaySimulator"/>, source-generated.</summary>
public sealed partial class GatewaySimulator
{
    [LoggerMessage(EventId = 800, Level = LogLevel.Information,
        Message = "Simulated gateway: sent {Trips} trip and {Events} event records in {Requests} requests: {Accepted} accepted, " +
            "{Duplicates} duplicates, {Rejected} rejected ({Repeated} repeated on purpose, {Retries} retries); " +
            "{InProgress} trips in progress, {Queued} records queued")]
    private static partial void LogProgress(ILogger logger, int trips, int events, int requests, int accepted, int duplicates,
        int rejected, int repeated, int retries, int inProgress, int queued);

    [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "{Count} records rejected, the first {ExternalId}: {Errors}")]
    private static partial void LogRejected(ILogger logger, int count, string externalId, string errors);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning,
        Message = "Stopped before {Count} queued records (ends of trips among them) could be delivered")]
    private static partial void LogUnfinished(ILogger logger, int count);

    [LoggerMessage(EventId = 803, Level = LogLevel.Information,
        Message = "Simulated gateway stopped: {Trips} trip and {Events} event records sent, {Accepted} accepted, {Duplicates} duplicates, " +
            "{Rejected} rejected, {Repeated} repeated on purpose")]
    private static partial void LogTotal(ILogger logger, int trips, int events, int accepted, int duplicates, int rejected, int repeated);
}
