namespace FleetTelematics.Api.Hosting;

/// <summary>Log events of <see cref="DatabaseInitializer"/>, source-generated.</summary>
internal sealed partial class DatabaseInitializer
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Database migrations applied")]
    private static partial void LogMigrated(ILogger logger);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information,
        Message = "Demo fleet seeded: {Drivers} drivers, {Trips} trips, {Events} safety events")]
    private static partial void LogSeeded(ILogger logger, long drivers, long trips, long events);
}
