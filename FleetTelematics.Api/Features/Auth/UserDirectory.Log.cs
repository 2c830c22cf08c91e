namespace FleetTelematics.Api.Features.Auth;

/// <summary>Log events of <see cref="UserDirectory"/>, source-generated.</summary>
public sealed partial class UserDirectory
{
    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "User directory loaded: {Count} users")]
    private static partial void LogLoaded(ILogger logger, int count);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning,
        Message = "User directory refresh failed; token validation keeps the last snapshot of {Count} users")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 212, Level = LogLevel.Warning,
        Message = "User directory could not be loaded; the first authenticated request will try again")]
    private static partial void LogFirstLoadFailed(ILogger logger, Exception exception);
}
