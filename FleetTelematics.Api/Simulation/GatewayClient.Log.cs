namespace FleetTelematics.Api.Simulation;

/// <summary>Log events of <see cref="GatewayClient"/>, source-generated.</summary>
public sealed partial class GatewayClient
{
    [LoggerMessage(EventId = 810, Level = LogLevel.Warning, Message = "POST {Path} not answered ({Reason}); sending the same batch again (attempt {Attempt})")]
    private static partial void LogRetrying(ILogger logger, string path, string reason, int attempt);

    [LoggerMessage(EventId = 811, Level = LogLevel.Error, Message = "POST {Path} refused with {Status}; the batch is dropped: {Body}")]
    private static partial void LogRefused(ILogger logger, string path, int status, string body);
}
