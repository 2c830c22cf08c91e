using System.Text.Json.Nodes;
using FleetTelematics.Tests.Support;
using Npgsql;

namespace FleetTelematics.Tests.Api.Hosting;

/// <summary>The <c>migrate</c>, <c>seed</c> and <c>openapi</c> verbs of the real program, against the real PostgreSQL.</summary>
public sealed class ApiCommandTests
{
    [Test]
    public async Task OpenApi_NoDatabase_WritesTheDocumentTheClientIsGeneratedFrom()
    {
        var output = Path.Combine(Path.GetTempPath(), $"fleet-openapi-{Guid.NewGuid():N}.json");
        // Port 1: nothing listens. Writing the document must not need the database, or generate.sh would need one.
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Fleet"] = "Host=127.0.0.1;Port=1;Database=none;Username=none" };

        var result = await ApiProcess.RunAsync(environment, "openapi", "--output", output);

        result.ExitCode.Should().Be(0, result.Error);
        var written = JsonNode.Parse(await File.ReadAllTextAsync(output));
        File.Delete(output);
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(NodeTools.ClientDirectory, "openapi.json")));
        JsonNode.DeepEquals(written, committed).Should().BeTrue("the verb writes what the API serves, and the client is generated from that");
    }

    [Test]
    public async Task Seed_FreshDatabase_MigratesLoadsAndRefusesToSeedTwiceWithoutForce()
    {
        var connectionString = await TestDatabases.CreateEmptyAsync("verbs");
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Fleet"] = connectionString };

        var first = await ApiProcess.RunAsync(environment, "seed", "--drivers", "12", "--vehicles", "5", "--days", "3", "--seed", "9");
        var second = await ApiProcess.RunAsync(environment, "seed", "--drivers", "12", "--vehicles", "5", "--days", "3");
        var forced = await ApiProcess.RunAsync(environment, "seed", "--drivers", "8", "--vehicles", "5", "--days", "3", "--force");

        first.ExitCode.Should().Be(0, first.Error);
        first.Output.Should().Contain("seeded 12 drivers, 5 vehicles");
        second.ExitCode.Should().NotBe(0);
        second.Error.Should().Contain("--force");
        forced.ExitCode.Should().Be(0, forced.Error);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM drivers");
        (await command.ExecuteScalarAsync()).Should().Be(8L);
    }

    [Test]
    public async Task Migrate_FreshDatabase_CreatesSchemaAndExits()
    {
        var connectionString = await TestDatabases.CreateEmptyAsync("migrate");

        var result = await ApiProcess.RunAsync(new Dictionary<string, string> { ["ConnectionStrings__Fleet"] = connectionString }, "migrate");

        result.ExitCode.Should().Be(0, result.Error);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM information_schema.tables WHERE table_name IN ('drivers','vehicles','trips','safety_events','users')");
        (await command.ExecuteScalarAsync()).Should().Be(5L);
    }

    [TestCase("--drivers", "abc", "takes a whole number")]
    [TestCase("--days", "0", "--days must be between")]
    public async Task Seed_BadArguments_ExitsWithUsage(string option, string value, string message)
    {
        var connectionString = await TestDatabases.CreateEmptyAsync("badargs");
        var arguments = new Dictionary<string, string> { ["--drivers"] = "5", ["--vehicles"] = "2", ["--days"] = "2", [option] = value };

        var result = await ApiProcess.RunAsync(new Dictionary<string, string> { ["ConnectionStrings__Fleet"] = connectionString },
            ["seed", .. arguments.SelectMany(a => new[] { a.Key, a.Value })]);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain(message).And.Contain("usage:");
    }

    [Test]
    public async Task Start_ProductionWithoutSigningKey_FailsWithClearMessage()
    {
        var connectionString = await TestDatabases.CreateEmptyAsync("nokey");

        var result = await ApiProcess.RunAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Fleet"] = connectionString,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        });

        result.ExitCode.Should().NotBe(0);
        (result.Output + result.Error).Should().Contain("Jwt__SigningKey");
    }
}
