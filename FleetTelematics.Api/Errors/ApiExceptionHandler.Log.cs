namespace FleetTelematics.Api.Errors;

/// <summary>Log events of <see cref="ApiExceptionHandler"/>, source-generated.</summary>
internal sealed partial class ApiExceptionHandler
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
