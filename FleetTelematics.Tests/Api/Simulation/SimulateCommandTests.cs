using System.Globalization;
using System.Text.RegularExpressions;
using FleetTelematics.Tests.Support;
using Npgsql;

namespace FleetTelematics.Tests.Api.Simulation;

/// <summary>The <c>simulate</c> verb of the real program against a real API on a loopback port and its PostgreSQL.</summary>
public sealed partial class SimulateCommandTests
{
    [Test]
    public async Task Simulate_FewSeconds_RecordsAcceptedRepeatsCountedAsDuplicatesNoTripLeftInProgress()
    {
        var connectionString = await TestDatabases.CreateFromTemplateAsync("simulate");
        await using var api = KestrelApiHost.Start(connectionString);

        var result = await ApiProcess.RunAsync(new Dictionary<string, string>(),
            "simulate", "--url", api.BaseAddress.ToString().TrimEnd('/'), "--vehicles", "10", "--rate", "20", "--seed", "3", "--duration", "8");

        result.ExitCode.Should().Be(0, result.Output + result.Error);
        var total = Total().Match(result.Output);
        total.Success.Should().BeTrue(result.Output);
        int Figure(string name) => int.Parse(total.Groups[name].Value, CultureInfo.InvariantCulture);
        Figure("accepted").Should().BeGreaterThan(50, result.Output);
        Figure("rejected").Should().Be(0, "the simulator writes what the contract asks for: " + result.Output);
        Figure("repeated").Should().BeGreaterThan(0);
        Figure("duplicates").Should().BeGreaterThanOrEqualTo(Figure("repeated"), "a record sent again changes nothing");

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var stored = dataSource.CreateCommand("""
            SELECT count(*), count(*) FILTER (WHERE t.ended_at IS NULL)
            FROM trip_external_ids x JOIN trips t ON t.id = x.trip_id AND t.started_at = x.started_at
            WHERE x.external_id LIKE 'sim%'
            """);
        await using var reader = await stored.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(0).Should().BeGreaterThan(10, "the trips are in the database");
        reader.GetInt64(1).Should().Be(0, "a stopped simulator ends the trips it started");
    }

    [GeneratedRegex(@"(?<accepted>\d+) accepted, (?<duplicates>\d+) duplicates, (?<rejected>\d+) rejected, (?<repeated>\d+) repeated on purpose")]
    private static partial Regex Total();
}
