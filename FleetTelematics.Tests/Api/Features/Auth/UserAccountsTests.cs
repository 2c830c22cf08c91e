using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Domain.Users;
using FleetTelematics.Infrastructure.Persistence;
using FleetTelematics.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FleetTelematics.Tests.Api.Features.Auth;

/// <summary>The start-up check for published development passwords, against the real PostgreSQL.</summary>
public sealed class UserAccountsTests
{
    [Test]
    public async Task FindUsersWithDevelopmentPasswords_DevelopmentUserWithItsPassword_Named()
    {
        await using var database = await TestDatabases.OpenAsync(await TestDatabases.CreateFromTemplateAsync("devpw"));
        await TestUsers.InsertAsync(database, "admin", "fleet-admin-dev", UserRole.Admin);
        await TestUsers.InsertAsync(database, "viewer", "a-password-of-its-own", UserRole.Viewer);

        var exposed = await FindAsync(database);

        exposed.Should().Equal("admin");
    }

    [Test]
    public async Task FindUsersWithDevelopmentPasswords_PasswordsChanged_None()
    {
        await using var database = await TestDatabases.OpenAsync(await TestDatabases.CreateFromTemplateAsync("devpwchanged"));
        await TestUsers.InsertAsync(database, "admin", "changed-after-install", UserRole.Admin);
        await TestUsers.InsertAsync(database, "someone", "fleet-admin-dev", UserRole.Admin);

        var exposed = await FindAsync(database);

        exposed.Should().BeEmpty("only the development users' own names and passwords count");
    }

    [Test]
    public async Task FindUsersWithDevelopmentPasswords_NotMigratedYet_None()
    {
        await using var database = await TestDatabases.OpenAsync(await TestDatabases.CreateEmptyAsync("devpwempty"));

        var exposed = await FindAsync(database);

        exposed.Should().BeEmpty();
    }

    private static async Task<IReadOnlyList<string>> FindAsync(NpgsqlDataSource database)
    {
        await using FleetDbContext db = TestDatabases.CreateContext(database);
        var accounts = new UserAccounts(db, new PasswordHasher<User>(), Options.Create(new BootstrapAdminOptions()),
            TimeProvider.System, NullLogger<UserAccounts>.Instance);
        return await accounts.FindUsersWithDevelopmentPasswordsAsync(CancellationToken.None);
    }
}
