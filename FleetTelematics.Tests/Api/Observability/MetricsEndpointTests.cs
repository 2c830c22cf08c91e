using System.Net;
using System.Net.Http.Json;
using FleetTelematics.Tests.Deployment;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Observability;

/// <summary>
/// <c>/metrics</c> after a known sequence of requests: exact counter deltas per label set, histogram counts per
/// operation, and every name the Prometheus rules and Grafana dashboard use.
/// </summary>
[NonParallelizable]
public sealed class MetricsEndpointTests : CachingTestFixture
{
    private static readonly (string, string) Response = ("cache_type", "response");
    private static readonly (string, string) ProbePattern = ("cache_key_pattern", CacheProbeController.Prefix);

    // With the shared standby of ./test.sh, so the series that exist only with one (database_replica_reads_total) are seen too.
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["ConnectionStrings:FleetReplica"] = TestServices.StandbyConnectionString(new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).Database!);
            return settings;
        }
    }

    [SetUp]
    public Task WaitForLocalCopies() => WaitForLocalCopiesAsync();

    [Test]
    public async Task CacheCounters_KnownSequence_ExactDeltas()
    {
        await Anonymous.PostAsync("/test/probe/value/70", null); // new generation: the next read misses
        var before = await PrometheusScrape.FromAsync(Anonymous);

        await Anonymous.GetAsync("/test/probe/value"); // miss + store
        await Anonymous.GetAsync("/test/probe/value"); // hit, from the local copy
        await Anonymous.GetAsync("/test/probe/value?unbound=1"); // local hit: unbound parameters do not make a new key
        await Anonymous.PostAsync("/test/probe/value/71", null); // one invalidation
        await Anonymous.GetAsync("/test/probe/value"); // miss + store
        var after = await PrometheusScrape.FromAsync(Anonymous);

        double Delta(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Delta("cache_hits_total", Response, ProbePattern).Should().Be(2);
        Delta("cache_local_hits_total", Response, ProbePattern).Should().Be(2);
        Delta("cache_misses_total", Response, ProbePattern).Should().Be(2);
        Delta("cache_invalidations_total", Response, ProbePattern).Should().Be(1);
        Delta("cache_entries_stored_total", Response, ProbePattern).Should().Be(2);
        Delta("cache_stored_bytes_total", Response, ProbePattern).Should().BePositive();
        Delta("cache_operation_duration_seconds_count", ("operation", "get"), Response).Should().Be(2, "local hits do not read Redis");
        Delta("cache_operation_duration_seconds_count", ("operation", "set"), Response).Should().Be(2);
        Delta("cache_operation_duration_seconds_count", ("operation", "invalidate"), Response).Should().Be(1);
        Delta("cache_hits_total", Response, ("cache_key_pattern", "dashboard_stats")).Should().Be(0);
    }

    [Test]
    public async Task CacheCounters_ConcurrentWaiters_EachCountedOnceAsHit()
    {
        await Anonymous.PostAsync("/test/probe/value/72", null);
        var before = await PrometheusScrape.FromAsync(Anonymous);
        Probe.CloseGate();
        var leader = Anonymous.GetAsync("/test/probe/value");
        await Probe.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var waiters = Enumerable.Range(0, 6).Select(_ => Anonymous.GetAsync("/test/probe/value")).ToList();
        await Task.Delay(200);

        Probe.OpenGate();
        await Task.WhenAll(waiters.Append(leader));
        var after = await PrometheusScrape.FromAsync(Anonymous);

        (after.Value("cache_hits_total", Response, ProbePattern) - before.Value("cache_hits_total", Response, ProbePattern)).Should().Be(6);
        (after.Value("cache_misses_total", Response, ProbePattern) - before.Value("cache_misses_total", Response, ProbePattern)).Should().Be(1);
    }

    [Test]
    public async Task Histogram_Buckets_ResolveTheSubMillisecondRange()
    {
        await Anonymous.GetAsync("/test/probe/value");
        var scrape = await PrometheusScrape.FromAsync(Anonymous);

        scrape.Has("cache_operation_duration_seconds_bucket", ("le", "0.0005"), ("operation", "get"), Response).Should().BeTrue();
        scrape.Has("cache_operation_duration_seconds_bucket", ("le", "0.0001"), ("operation", "get"), Response).Should().BeTrue();
    }

    [Test]
    public async Task Scrape_FromStart_EveryCacheSeriesOfEveryPrefixExists()
    {
        var scrape = await PrometheusScrape.FromAsync(Anonymous);

        foreach (var prefix in new[] { "dashboard_stats", "dashboard_summary", "trip_activity", "risk_distribution", "safety_events", "drivers_list", "driver_detail" })
        {
            scrape.Has("cache_hits_total", Response, ("cache_key_pattern", prefix)).Should().BeTrue(prefix);
            scrape.Has("cache_misses_total", Response, ("cache_key_pattern", prefix)).Should().BeTrue(prefix);
            scrape.Has("cache_bypasses_total", Response, ("cache_key_pattern", prefix), ("reason", "store_unavailable")).Should().BeTrue(prefix);
        }

        scrape.Has("cache_store_errors_total", Response, ("operation", "get")).Should().BeTrue();
        scrape.Has("cache_circuit_state", Response).Should().BeTrue();
    }

    [Test]
    public async Task Scrape_NamesUsedByRulesAndDashboards_AreAllExported()
    {
        await Viewer.GetAsync("/api/v1/admin/dashboard/stats"); // so HTTP server metrics have a sample
        // ...and the ingestion histograms: one batch, and the coalesced step that follows it.
        (await Gateway.PostAsJsonAsync("/api/v1/ingest/trips", new { trips = new[]
        {
            new { external_id = $"metrics-{Guid.NewGuid():N}", driver_id = "DRV-0001", vehicle_id = "VEH-0001", started_at = DateTime.UtcNow.AddMinutes(-1) },
        } })).EnsureSuccessStatusCode();
        var exported = (await PrometheusScrape.FromAsync(Anonymous)).Names;
        for (var waited = 0; !exported.Contains("ingest_staleness_seconds_count") && waited < 100; waited++)
        {
            await Task.Delay(100);
            exported = (await PrometheusScrape.FromAsync(Anonymous)).Names;
        }

        DeploymentFiles.MetricNamesUsed().Except(exported).Should().BeEmpty(
            "every metric a Grafana panel, recording rule or alert uses must exist on a live /metrics");
    }

    [Test]
    public async Task Scrape_HttpAndRuntimeAndDatabaseMetrics_Present()
    {
        await Viewer.GetAsync("/api/v1/admin/dashboard/summary?fresh=1");
        var scrape = await PrometheusScrape.FromAsync(Anonymous);

        scrape.Names.Should().Contain("http_server_request_duration_seconds_count");
        scrape.Names.Should().NotContain(name => name.StartsWith("aspnetcore_authentication_", StringComparison.Ordinal) ||
            name.StartsWith("aspnetcore_routing_", StringComparison.Ordinal), "per-request series nothing reads are dropped");
        scrape.Names.Should().Contain(name => name.StartsWith("dotnet_", StringComparison.Ordinal));
        scrape.Names.Should().Contain(name => name.StartsWith("db_client_", StringComparison.Ordinal));
        (await Anonymous.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.OK, "scraping needs no token");
    }
}
