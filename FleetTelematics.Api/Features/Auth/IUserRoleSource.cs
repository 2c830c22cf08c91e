using FleetTelematics.Domain.Users;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>Where <see cref="UserDirectory"/> reads its snapshot from: every user's normalized name and role.</summary>
public interface IUserRoleSource
{
    /// <summary>Reads all users; failures (database unreachable) propagate to the caller.</summary>
    Task<IReadOnlyDictionary<string, UserRole>> ReadAsync(CancellationToken cancellationToken);
}
