using FleetTelematics.Domain.Users;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>Log events of <see cref="UserAccounts"/>, source-generated.</summary>
public sealed partial class UserAccounts
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Created user {Username} with role {Role}")]
    private static partial void LogUserCreated(ILogger logger, string username, UserRole role);
}
