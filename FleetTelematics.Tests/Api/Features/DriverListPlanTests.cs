using System.Text.Json;
using FleetTelematics.Api.Features.Drivers;
using FleetTelematics.Infrastructure.Persistence;
using FleetTelematics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FleetTelematics.Tests.Api.Features;

/// <summary>
/// What PostgreSQL does for a page of the driver list, read from <c>EXPLAIN (ANALYZE, FORMAT JSON)</c> of the statement
/// EF Core sent: trip totals are aggregated for the drivers on the page, not for the rows OFFSET skips. Loop counts,
/// not timings, so the test is deterministic.
/// </summary>
public sealed class DriverListPlanTests : ApiTestFixture
{
    private const int Skip = 20;
    private const int Limit = 5;

    [Test]
    public async Task ListAsync_PageFarIntoTheList_AggregatesTripsForThePageOnly(
        [ValueSource(typeof(DriverSort), nameof(DriverSort.Allowed))] string sort)
    {
        var capture = new CommandCapture();
        await using (var db = CreateContext(capture))
        {
            var (page, _) = await new DriverQueries(db).ListAsync(new DriverListParameters { Skip = Skip, Limit = Limit, Sort = sort },
                CancellationToken.None);
            page.Should().HaveCount(Limit);
        }

        var plan = await ExplainAnalyzeAsync(capture.Commands.Single(c => c.CommandText.Contains("trips", StringComparison.Ordinal)));

        var aggregates = Nodes(plan).Where(n => n.GetProperty("Node Type").GetString() == "Aggregate" && Nodes(n).Any(ReadsTrips)).ToList();
        aggregates.Should().NotBeEmpty("the totals are aggregates over trips");
        aggregates.Should().OnlyContain(n => Loops(n) <= Limit, $"the page has {Limit} drivers and {Skip} are skipped:\n{plan}");
        if (!sort.EndsWith("last_trip_at", StringComparison.Ordinal))
        {
            // Only a sort by last trip needs a look at every matching driver's trips (its newest one) to order them.
            Nodes(plan).Where(ReadsTrips).Should().OnlyContain(n => Loops(n) <= Limit, plan.ToString());
        }
    }

    private async Task<JsonElement> ExplainAnalyzeAsync(NpgsqlCommand sent)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var explain = new NpgsqlCommand($"EXPLAIN (ANALYZE, FORMAT JSON) {sent.CommandText}", connection);
        foreach (NpgsqlParameter parameter in sent.Parameters)
        {
            explain.Parameters.Add(parameter.Clone());
        }

        using var document = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        return document.RootElement[0].GetProperty("Plan").Clone();
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node) =>
        node.TryGetProperty("Plans", out var children) ? [node, .. children.EnumerateArray().SelectMany(Nodes)] : [node];

    // The trips table is partitioned by month: a plan reads its partitions (trips_2026_12), never the parent.
    private static bool ReadsTrips(JsonElement node) =>
        node.TryGetProperty("Relation Name", out var relation) && relation.GetString()!.StartsWith(DatabaseNames.Trips + "_", StringComparison.Ordinal);

    private static int Loops(JsonElement node) => node.GetProperty("Actual Loops").GetInt32();

    private FleetDbContext CreateContext(CommandCapture capture)
    {
        var options = new DbContextOptionsBuilder<FleetDbContext>();
        FleetDbContextOptions.Configure(options, Database);
        options.AddInterceptors(capture);
        return new FleetDbContext(options.Options);
    }
}
