using FleetTelematics.Domain.Users;
using FleetTelematics.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>Reads the users table: names and roles only, never the password hashes.</summary>
internal sealed class DatabaseUserRoleSource(IServiceScopeFactory scopes) : IUserRoleSource
{
    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, UserRole>> ReadAsync(CancellationToken cancellationToken)
    {
        // The directory is a singleton and the context is scoped (pooled): one short-lived scope per read.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FleetDbContext>();
        return await db.Users.AsNoTracking()
            .Select(u => new { u.Username, u.Role })
            .ToDictionaryAsync(u => u.Username, u => u.Role, StringComparer.Ordinal, cancellationToken);
    }
}
