using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using FleetTelematics.Domain.Users;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Security;

/// <summary>
/// Tokens follow the users table: deleting a user, or changing a role, stops the old tokens within
/// Auth:UserRefreshInterval (here half a second) although they are still correctly signed and unexpired.
/// </summary>
public sealed class UserRevocationTests : ApiTestFixture
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    // The bound is one interval plus one refresh query; the rest is slack for a loaded 2-core machine.
    private static readonly TimeSpan Bound = RefreshInterval + TimeSpan.FromSeconds(4);

    // A cached route: a revoked token must not reach a cached body either.
    private const string Route = "/api/v1/admin/dashboard/stats";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:UserRefreshInterval"] = "00:00:00.500",
    };

    [Test]
    public async Task Token_UserDeleted_UnauthorizedWithinRefreshInterval()
    {
        using var client = await NewUserClientAsync("leaver", UserRole.Viewer);

        await ExecuteAsync("DELETE FROM users WHERE username = 'leaver'");

        var elapsed = await TimeUntilRejectedAsync(client);
        elapsed.Should().BeLessThan(Bound);
        using var rejected = await client.GetAsync(Route);
        await rejected.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        rejected.Headers.WwwAuthenticate.Should().Contain(h => h.Scheme == "Bearer");
    }

    [Test]
    public async Task Token_RoleChanged_OldTokenUnauthorizedAndFreshLoginHasNewRole()
    {
        using var client = await NewUserClientAsync("promoted", UserRole.Viewer);

        await ExecuteAsync($"UPDATE users SET role = {(short)UserRole.Admin} WHERE username = 'promoted'");

        var elapsed = await TimeUntilRejectedAsync(client);
        elapsed.Should().BeLessThan(Bound);
        using var login = await Anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = "promoted", password = "promoted-pass" });
        (await JsonAsync(login)).GetProperty("role").GetString().Should().Be("admin");
        using var fresh = await LoginAsync("promoted", "promoted-pass");
        using var write = await fresh.DeleteAsync("/api/v1/admin/drivers/DRV-0002");
        write.StatusCode.Should().Be(HttpStatusCode.NoContent, "the fresh token carries the new role");
    }

    /// <summary>A new user, logged in, and seen by token validation (the directory has refreshed since the insert).</summary>
    private async Task<HttpClient> NewUserClientAsync(string username, UserRole role)
    {
        await TestUsers.InsertAsync(Database, username, $"{username}-pass", role);
        var client = await LoginAsync(username, $"{username}-pass");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync(Route);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return client;
            }

            deadline.Elapsed.Should().BeLessThan(Bound, "a new user's token works once the directory has refreshed");
            await Task.Delay(50);
        }
    }

    private static async Task<TimeSpan> TimeUntilRejectedAsync(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Bound)
        {
            using var response = await client.GetAsync(Route);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return clock.Elapsed;
            }

            response.StatusCode.Should().Be(HttpStatusCode.OK);
            await Task.Delay(50);
        }

        return clock.Elapsed;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }
}
