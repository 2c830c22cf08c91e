using FleetTelematics.Domain.Users;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>What <see cref="LoginThrottle.AttemptAsync"/> decided.</summary>
/// <param name="User">The authenticated user; null when the credentials were wrong or the attempt was throttled.</param>
/// <param name="RetryAfter">Set when the attempt was refused without checking the password: how long to wait.</param>
public readonly record struct LoginAttempt(User? User, TimeSpan? RetryAfter)
{
    public static LoginAttempt Throttled(TimeSpan retryAfter) => new(null, retryAfter);
}
