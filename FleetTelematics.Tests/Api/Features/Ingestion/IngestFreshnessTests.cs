using System.Diagnostics;
using System.Text.Json;
using FleetTelematics.Tests.Support;
using static FleetTelematics.Tests.Api.Features.Ingestion.IngestClient;

namespace FleetTelematics.Tests.Api.Features.Ingestion;

/// <summary>
/// Ingested telemetry shows on every route it changes within Caching__IngestStaleness, through the cache: not at
/// once (the cache keeps answering between coalesced steps) and never later than the bound.
/// </summary>
[TestFixture(RedisTopology.SingleNode)]
[TestFixture(RedisTopology.Cluster)]
public sealed class IngestFreshnessTests(RedisTopology topology) : CachingTestFixture(topology)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    // The time from the 200 to the first read that shows it also holds the read itself, on a shared machine.
    private static readonly TimeSpan ReadSlack = TimeSpan.FromSeconds(1);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Caching:IngestStaleness"] = "00:00:02",
    };

    [Test]
    public async Task Trip_ShowsOnStatsListAndDetailsWithinTheBound_AndStatsStayCachedMeanwhile()
    {
        const string driver = "DRV-0005";
        const string stats = "/api/v1/admin/dashboard/stats";
        const string details = $"/api/v1/admin/drivers/{driver}/details";
        const string list = "/api/v1/admin/drivers?search=DRV-0005";
        var activeBefore = (await ReadAsync(stats)).Body.GetProperty("active_trips").GetInt32();
        var tripsBefore = (await ReadAsync(list)).Body[0].GetProperty("total_trips").GetInt32();
        await ReadAsync(details);
        (await ReadAsync(stats)).Status.Should().Be("HIT");

        var trip = NewId("fresh");
        await (await Gateway.PostTripsAsync(Trip(trip, DateTime.UtcNow.AddMinutes(-3), driverId: driver))).ShouldBeJudgedAsync(1, 0, 0);
        var acknowledged = Stopwatch.StartNew();
        var rightAfter = await ReadAsync(stats);
        if (acknowledged.Elapsed < Bound * 0.5)
        {
            rightAfter.Status.Should().Be("HIT", "telemetry invalidates in coalesced steps, not per batch");
        }

        var statsShown = await WaitUntilAsync(stats, body => body.GetProperty("active_trips").GetInt32() == activeBefore + 1, acknowledged);
        var listShown = await WaitUntilAsync(list, body => body[0].GetProperty("total_trips").GetInt32() == tripsBefore + 1, acknowledged);
        var detailsShown = await WaitUntilAsync(details, body =>
            body.GetProperty("recent_trips")[0].GetProperty("status").GetString() == "in_progress", acknowledged);

        foreach (var shown in new[] { statsShown, listShown, detailsShown })
        {
            shown.Should().BeLessThan(Bound + ReadSlack);
        }
    }

    [Test]
    public async Task SafetyEvent_ShowsInTheBreakdownWithinTheBound()
    {
        const string breakdown = "/api/v1/admin/dashboard/safety-events-breakdown?days=1";
        var trip = NewId("fresh");
        await (await Gateway.PostTripsAsync(Trip(trip, DateTime.UtcNow.AddMinutes(-3)))).ShouldBeJudgedAsync(1, 0, 0);
        var before = (await ReadAsync(breakdown)).Body.GetProperty("total").GetInt32();

        await (await Gateway.PostEventsAsync(Event(NewId("fresh"), trip, DateTime.UtcNow.AddMinutes(-1)))).ShouldBeJudgedAsync(1, 0, 0);
        var acknowledged = Stopwatch.StartNew();

        (await WaitUntilAsync(breakdown, body => body.GetProperty("total").GetInt32() == before + 1, acknowledged))
            .Should().BeLessThan(Bound + ReadSlack);
    }

    [Test]
    public async Task IngestMetrics_CountRecordsByOutcome_AndTimeBatchesAndStaleness()
    {
        var trip = NewId("metrics");
        await (await Gateway.PostTripsAsync(Trip(trip, DateTime.UtcNow.AddMinutes(-3)), Trip("bad id", DateTime.UtcNow))).ShouldBeJudgedAsync(1, 0, 1);
        await (await Gateway.PostTripsAsync(Trip(trip, DateTime.UtcNow.AddMinutes(-3)))).ShouldBeJudgedAsync(0, 0, 1);
        await Task.Delay(Bound + ReadSlack);

        var scrape = await PrometheusScrape.FromAsync(Anonymous);

        scrape.Value("ingest_records_total", ("kind", "trip"), ("outcome", "accepted")).Should().BeGreaterThanOrEqualTo(1);
        scrape.Value("ingest_records_total", ("kind", "trip"), ("outcome", "rejected")).Should().BeGreaterThanOrEqualTo(2);
        scrape.Has("ingest_records_total", ("kind", "safety_event"), ("outcome", "duplicate")).Should().BeTrue();
        scrape.Value("ingest_batch_duration_seconds_count", ("kind", "trip")).Should().BeGreaterThanOrEqualTo(2);
        scrape.Value("ingest_staleness_seconds_count").Should().BeGreaterThanOrEqualTo(1);
    }

    private async Task<(string? Status, JsonElement Body)> ReadAsync(string url)
    {
        using var response = await Viewer.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return (CacheStatus(response), await JsonAsync(response));
    }

    private async Task<TimeSpan> WaitUntilAsync(string url, Func<JsonElement, bool> shows, Stopwatch since)
    {
        while (!shows((await ReadAsync(url)).Body))
        {
            since.Elapsed.Should().BeLessThan(Bound * 5, $"{url} shows the ingested record");
            await Task.Delay(25);
        }

        return since.Elapsed;
    }
}
