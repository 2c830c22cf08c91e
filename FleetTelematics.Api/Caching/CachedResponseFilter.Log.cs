namespace FleetTelematics.Api.Caching;

/// <summary>Log events of <see cref="CachedResponseFilter"/>, source-generated.</summary>
public sealed partial class CachedResponseFilter
{
    [LoggerMessage(EventId = 310, Level = LogLevel.Debug,
        Message = "Not caching a {Prefix} response: an invalidation happened while it was computed")]
    private static partial void LogStaleWriteSkipped(ILogger logger, string prefix);
}
