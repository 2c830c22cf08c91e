using FleetTelematics.Domain.Users;
using FleetTelematics.Tests.Support;
using Npgsql;

namespace FleetTelematics.Tests.Api.Hosting;

/// <summary>
/// The real program in the Production environment refuses the published development credentials: it exits
/// non-zero with a message naming what to change, instead of starting to serve.
/// </summary>
public sealed class ProductionGuardTests
{
    private const string DevelopmentSigningKey = "development-only-signing-key-not-for-production-use-0123456789";
    private const string ProductionSigningKey = "a-production-secret-that-nobody-has-published-0123456789abcdef";

    [Test]
    public async Task Start_ProductionWithDevelopmentSigningKey_FailsNamingJwtSigningKey()
    {
        var result = await StartAsync(await TestDatabases.CreateFromTemplateAsync("devkey"), DevelopmentSigningKey);

        result.ExitCode.Should().NotBe(0);
        (result.Output + result.Error).Should().Contain("Jwt__SigningKey is the development signing key");
    }

    [Test]
    public async Task Start_ProductionWithDevelopmentUsersSwitchedOn_FailsNamingTheSetting()
    {
        var result = await StartAsync(await TestDatabases.CreateFromTemplateAsync("devusers"), ProductionSigningKey,
            ("Startup__CreateDevelopmentUsers", "true"));

        result.ExitCode.Should().NotBe(0);
        (result.Output + result.Error).Should().Contain("Startup__CreateDevelopmentUsers=true is refused outside Development");
    }

    [Test]
    public async Task Start_ProductionWithDevelopmentPasswordInDatabase_FailsNamingTheUser()
    {
        var connectionString = await TestDatabases.CreateFromTemplateAsync("devpassword");
        await using (var database = NpgsqlDataSource.Create(connectionString))
        {
            await TestUsers.InsertAsync(database, "viewer", "fleet-viewer-dev", UserRole.Viewer);
        }

        var result = await StartAsync(connectionString, ProductionSigningKey);

        result.ExitCode.Should().NotBe(0);
        (result.Output + result.Error).Should().Contain("the user(s) 'viewer' still have the published development password");
    }

    private static Task<ApiProcess.Result> StartAsync(string connectionString, string signingKey, params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Fleet"] = connectionString,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Jwt__SigningKey"] = signingKey,
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return ApiProcess.RunAsync(environment);
    }
}
