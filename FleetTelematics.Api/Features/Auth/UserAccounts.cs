using FleetTelematics.Domain.Users;
using FleetTelematics.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>Users and their salted password hashes (ASP.NET Core Identity's PBKDF2 format).</summary>
public sealed partial class UserAccounts(
    FleetDbContext db,
    IPasswordHasher<User> hasher,
    IOptions<BootstrapAdminOptions> bootstrap,
    TimeProvider clock,
    ILogger<UserAccounts> logger)
{
    public static readonly (string Username, string Password, UserRole Role)[] DevelopmentUsers =
    [
        ("admin", "fleet-admin-dev", UserRole.Admin),
        ("viewer", "fleet-viewer-dev", UserRole.Viewer),
        ("gateway", "fleet-gateway-dev", UserRole.Ingest),
    ];

    // Verifying against a real hash when the user does not exist keeps both answers equally slow.
    private static readonly Lazy<string> DecoyHash = new(() =>
        new PasswordHasher<User>().HashPassword(null!, Guid.NewGuid().ToString()));

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    public async Task<User?> AuthenticateAsync(string username, string password, CancellationToken cancellationToken)
    {
        var normalized = Normalize(username);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == normalized, cancellationToken);
        var result = hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? DecoyHash.Value, password);
        return user is not null && result != PasswordVerificationResult.Failed ? user : null;
    }

    public async Task EnsureDevelopmentUsersAsync(CancellationToken cancellationToken)
    {
        foreach (var (username, password, role) in DevelopmentUsers)
        {
            await EnsureUserAsync(username, password, role, cancellationToken);
        }
    }

    /// <summary>
    /// The development users that exist and still accept their published development password. A database the
    /// migrations have not reached yet has no users table, and so no such user.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindUsersWithDevelopmentPasswordsAsync(CancellationToken cancellationToken)
    {
        var names = DevelopmentUsers.Select(u => u.Username).ToArray();
        List<User> users;
        try
        {
            users = await db.Users.AsNoTracking().Where(u => names.Contains(u.Username)).ToListAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return [];
        }

        return users
            .Where(user => DevelopmentUsers.Any(dev => dev.Username == user.Username
                && hasher.VerifyHashedPassword(user, user.PasswordHash, dev.Password) != PasswordVerificationResult.Failed))
            .Select(user => user.Username)
            .ToList();
    }

    public async Task EnsureBootstrapAdminAsync(CancellationToken cancellationToken)
    {
        var admin = bootstrap.Value;
        if (string.IsNullOrWhiteSpace(admin.Username) || string.IsNullOrEmpty(admin.Password))
        {
            return;
        }

        await EnsureUserAsync(admin.Username, admin.Password, UserRole.Admin, cancellationToken);
    }

    private async Task EnsureUserAsync(string username, string password, UserRole role, CancellationToken cancellationToken)
    {
        var normalized = Normalize(username);
        if (await db.Users.AnyAsync(u => u.Username == normalized, cancellationToken))
        {
            return;
        }

        var user = new User { Username = normalized, PasswordHash = "", Role = role, CreatedAt = clock.GetUtcNow().UtcDateTime };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        LogUserCreated(logger, normalized, role);
    }
}
