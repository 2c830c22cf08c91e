using System.Text.Json;
using FleetTelematics.Api.Features.Drivers;
using FleetTelematics.Infrastructure.Persistence;
using FleetTelematics.Infrastructure.Persistence.History;
using FleetTelematics.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FleetTelematics.Tests.Api.Features;

/// <summary>
/// What PostgreSQL does for a page of the driver list, read from <c>EXPLAIN (ANALYZE, FORMAT JSON)</c> of the statement
/// EF Core sent, on the test fleet grown to 2,000 more drivers who drove (so the planner's choices are those of a real
/// fleet): no page reads the history — trip totals come from the <c>driver_trip_totals</c> roll-up — and the roll-up is
/// read for the drivers on the page, not for the rows OFFSET skips; a sort by last trip reads it in the order of its
/// (last_trip_at, driver_id) index, only as far as the page reaches. Row and loop counts, not timings, so the test is
/// deterministic.
/// </summary>
public sealed class DriverListPlanTests : ApiTestFixture
{
    private const int Skip = 20;
    private const int Limit = 5;
    private const int MoreDrivers = 2000;

    [OneTimeSetUp]
    public async Task GrowTheFleet()
    {
        await RowsAsync($"""
            INSERT INTO drivers (name, email, phone, license_number, city, status, risk_score, hire_date, created_at, updated_at)
            SELECT 'Plan Driver ' || n, 'plan.' || n || '@fleet.example', '+1-555-000-0000', 'PL-' || n, 'Oslo', 1, n % 100,
                   current_date - 400, now(), now()
            FROM generate_series(1, {MoreDrivers}) AS n
            """);
        // One trip each, at distinct instants, through the triggers like every writer; some drivers share an instant.
        await RowsAsync("""
            INSERT INTO trips (driver_id, status, started_at, ended_at, distance_km, duration_seconds)
            SELECT id, 2, date_trunc('day', now()) - make_interval(mins => (id * 7919) % 20000), NULL, 10.00, 600
            FROM drivers WHERE email LIKE 'plan.%'
            """);
        await RowsAsync("ANALYZE");
    }

    [Test]
    public async Task ListAsync_PageFarIntoTheList_ReadsTheRollupForThePageAndNeverTheHistory(
        [ValueSource(typeof(DriverSort), nameof(DriverSort.Allowed))] string sort)
    {
        var capture = new CommandCapture();
        await using (var db = CreateContext(capture))
        {
            var (page, _) = await DriverQueries.ListAsync(db, new DriverListParameters { Skip = Skip, Limit = Limit, Sort = sort },
                CancellationToken.None);
            page.Should().HaveCount(Limit);
        }

        var plan = await ExplainAnalyzeAsync(capture.Commands.Single(c => c.CommandText.Contains(RollupsSql.DriverTripTotals, StringComparison.Ordinal)));

        Nodes(plan).Where(ReadsHistory).Should().BeEmpty($"trip totals come from the roll-up:\n{plan}");
        var totals = Nodes(plan).Where(n => Relation(n) == RollupsSql.DriverTripTotals).ToList();
        totals.Should().NotBeEmpty();
        if (DriverSort.LastTripDescending(sort) is null)
        {
            totals.Should().OnlyContain(n => Loops(n) <= Limit && RowsRead(n) <= Limit, $"the page has {Limit} drivers and {Skip} are skipped:\n{plan}");
        }
        else
        {
            // The drivers who drove, in the index's order, only as far as the page reaches (plus the page's own totals).
            var ordered = totals.Where(n => n.TryGetProperty("Index Name", out var index) && index.GetString() == $"ix_{RollupsSql.DriverTripTotals}_last_trip_at").ToList();
            // (Twice: for the page, and once to learn whether the drivers who never drove are needed at all.)
            ordered.Should().NotBeEmpty($"the sort reads the roll-up's index in order:\n{plan}");
            ordered.Should().OnlyContain(n => RowsRead(n) <= Skip + Limit + 1, plan.ToString());
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

    private static string? Relation(JsonElement node) =>
        node.TryGetProperty("Relation Name", out var relation) ? relation.GetString() : null;

    // The history is partitioned by month: a plan reads its partitions (trips_2026_12), never the parents.
    private static bool ReadsHistory(JsonElement node) =>
        Relation(node) is { } relation && (relation.StartsWith(DatabaseNames.Trips + "_", StringComparison.Ordinal)
            || relation.StartsWith(DatabaseNames.SafetyEvents + "_", StringComparison.Ordinal));

    private static int Loops(JsonElement node) => node.GetProperty("Actual Loops").GetInt32();

    private static long RowsRead(JsonElement node) => (long)node.GetProperty("Actual Rows").GetDouble() * Loops(node);

    private FleetDbContext CreateContext(CommandCapture capture)
    {
        var options = new DbContextOptionsBuilder<FleetDbContext>();
        FleetDbContextOptions.Configure(options, Database);
        options.AddInterceptors(capture);
        return new FleetDbContext(options.Options);
    }
}
