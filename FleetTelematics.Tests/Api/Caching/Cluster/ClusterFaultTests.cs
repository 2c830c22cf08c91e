using System.Diagnostics;
using System.Net;
using FleetTelematics.Infrastructure.Caching.Near;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FleetTelematics.Tests.Api.Caching.Cluster;

/// <summary>
/// A private 3-master cluster under the faults a real one sees, with reads and writes flowing: a master killed and
/// restarted (with the entries it held), a reshard of the slots that hold the cache's keys, and the script caches of
/// every master flushed (as after a failover to a node that never saw the scripts). A second instance with local copies
/// on goes through the master's death too.
/// </summary>
[NonParallelizable]
public sealed class ClusterFaultTests() : CachingTestFixture(RedisTopology.Cluster)
{
    private static readonly string[] Drivers = [.. Enumerable.Range(1, 12).Select(i => $"DRV-{i:D4}")];

    private readonly CapturingLoggerProvider _logs = new();

    private RedisClusterInstance Cluster { get; } = new();

    protected override string RedisConfiguration => Cluster.Configuration;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        // A dead master refuses connections at once, whatever the timeout; a generous one keeps a busy machine's slow
        // moment from passing for a fault of the cluster, so every BYPASS in the reshard and NOSCRIPT tests is the
        // cluster's doing.
        ["Caching:OperationTimeout"] = "00:00:01",
        ["Caching:BreakDuration"] = "00:00:01",
        // The store path under faults; local copies on a cluster are in LocalCopiesAcrossInstancesTests(Cluster).
        ["Caching:NearCache:Enabled"] = "false",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton<ILoggerProvider>(_logs);
    }

    protected override Task StartDependenciesAsync() => Cluster.StartAsync();

    [OneTimeTearDown]
    public void StopCluster() => Cluster.Dispose();

    [SetUp]
    public async Task WarmDriverDetails()
    {
        await WaitForAsync(async () => await AllHitAsync(), "every driver's details are cached");
    }

    [Test]
    public async Task MasterKilledAndRestarted_MidTraffic_EveryRequestAnswers_AndNoStaleReadAfterwards()
    {
        var victim = await MasterHoldingMostKeysAsync();
        var traffic = new DriverTraffic(Viewer, Admin, Drivers);
        traffic.Start();
        await Task.Delay(1000);

        Cluster.Kill(victim);
        await Task.Delay(3000);
        var outageReads = traffic.Reads.Count;
        await Cluster.RestartAsync(victim); // with the entries it held, some stale by now: writes went on meanwhile
        await WaitForAsync(CachingResumedAsync, "caching resumes after the master returns");
        await Task.Delay(1000);
        await traffic.StopAsync();

        traffic.Reads.Should().OnlyContain(r => r.Status == HttpStatusCode.OK, "a dead master costs the cache, never a request");
        traffic.Writes.Should().OnlyContain(w => w.Status == HttpStatusCode.OK, "writes do not depend on the cache");
        traffic.Reads.Take(outageReads).Count(r => r.CacheStatus == "BYPASS").Should().BePositive("the killed master held cache keys");
        traffic.Reads.Skip(outageReads).Count(r => r.CacheStatus == "HIT").Should().BePositive("caching resumed");
        traffic.StaleReads().Should().BeEmpty();
        (await traffic.ReadsNotShowingLastWriteAsync()).Should().BeEmpty("after recovery every read shows the last acknowledged write");
    }

    [Test]
    public async Task MasterKilledAndRestarted_InstanceServingLocalCopies_NoStaleReadDuringOrAfter()
    {
        // The fixture's instance tests the store path; this one answers hits from its local copies while it holds
        // its lease, and a lost master connection must drop them at once (a write meanwhile may not reach Redis).
        await using var instance = new FleetApiFactory(ConnectionString,
            new Dictionary<string, string?>(Settings) { ["Caching:NearCache:Enabled"] = "true" }, ConfigureServices);
        using var viewer = await LoginAsync(instance, "viewer", "fleet-viewer-dev");
        using var admin = await LoginAsync(instance, "admin", "fleet-admin-dev");
        await WaitForLocalCopiesAsync(instance);
        var victim = await MasterHoldingMostKeysAsync();
        var traffic = new DriverTraffic(viewer, admin, Drivers);
        traffic.Start();
        await Task.Delay(1000);
        var copiesBeforeTheFault = instance.Services.GetRequiredService<NearCache>().Count;

        Cluster.Kill(victim);
        await Task.Delay(3000);
        await Cluster.RestartAsync(victim);
        await WaitForAsync(() => CachingResumedAsync(viewer), "caching resumes after the master returns");
        await Task.Delay(1000);
        await traffic.StopAsync();

        copiesBeforeTheFault.Should().BePositive("the instance served hits from local copies before the master died");
        traffic.Reads.Should().OnlyContain(r => r.Status == HttpStatusCode.OK);
        traffic.Writes.Should().OnlyContain(w => w.Status == HttpStatusCode.OK);
        traffic.StaleReads().Should().BeEmpty();
        (await traffic.ReadsNotShowingLastWriteAsync()).Should().BeEmpty("after recovery every read shows the last acknowledged write");
    }

    [Test]
    public async Task Reshard_OfTheSlotsHoldingCacheKeys_DuringTraffic_NoErrorsAndNoStaleReads()
    {
        var source = await MasterHoldingMostKeysAsync();
        var target = (source + 1) % Cluster.Ports.Count;
        var slots = await SlotsHoldingKeysAsync(source);
        var traffic = new DriverTraffic(Viewer, Admin, Drivers);
        var failuresBefore = _logs.Exceptions.Count;
        traffic.Start();
        await Task.Delay(500);

        var watch = Stopwatch.StartNew();
        await Cluster.MoveSlotsAsync(slots, source, target);
        watch.Stop();
        await Task.Delay(500);
        await traffic.StopAsync();
        TestContext.Out.WriteLine($"moved {slots.Count} slots in {watch.Elapsed.TotalSeconds:F1} s during {traffic.Reads.Count} reads and {traffic.Writes.Count} writes");

        traffic.Reads.Should().OnlyContain(r => r.Status == HttpStatusCode.OK);
        traffic.Writes.Should().OnlyContain(w => w.Status == HttpStatusCode.OK);
        traffic.Reads.Where(r => r.CacheStatus == "BYPASS").Should().BeEmpty(
            $"MOVED and ASK are followed, not failed ({string.Join("; ", _logs.Exceptions.Skip(failuresBefore).Select(e => e.GetBaseException().Message).Distinct())})");
        traffic.Reads.Count(r => r.CacheStatus == "HIT").Should().BePositive();
        traffic.StaleReads().Should().BeEmpty();
        (await traffic.ReadsNotShowingLastWriteAsync()).Should().BeEmpty();
        (await SlotsHoldingKeysAsync(source)).Should().NotIntersectWith(slots, "the keys of the moved slots left the source");
        (await SlotsHoldingKeysAsync(target)).Should().Contain(slots, "and are on the target");
    }

    [Test]
    public async Task ScriptFlush_OnEveryMaster_MidTraffic_HitsStillServedWithoutBypass()
    {
        var traffic = new DriverTraffic(Viewer, Admin, Drivers);
        traffic.Start(withWrites: false);
        await Task.Delay(500);

        for (var node = 0; node < Cluster.Ports.Count; node++)
        {
            await Cluster.CliAsync(node, ["script", "flush"]);
        }

        var flushedAt = traffic.Reads.Count;
        await Task.Delay(1000);
        await traffic.StopAsync();

        traffic.Reads.Count.Should().BeGreaterThan(flushedAt, "reads went on after the flush");
        traffic.Reads.Should().OnlyContain(r => r.Status == HttpStatusCode.OK && r.CacheStatus == "HIT",
            "after NOSCRIPT the client sends the script text again, and the entries are still there");
        for (var node = 0; node < Cluster.Ports.Count; node++)
        {
            if ((await Cluster.KeysAsync(node, KeyPrefix + ":*driver_detail*")).Length > 0)
            {
                (await Cluster.CliAsync(node, ["info", "errorstats"])).Should().Contain("errorstat_NOSCRIPT",
                    "the client ran the scripts by their hash and heard NOSCRIPT after the flush");
                (await Cluster.CliAsync(node, ["info", "memory"])).Should().NotContain("number_of_cached_scripts:0",
                    "the client sent the script text again");
            }
        }
    }

    private async Task<bool> AllHitAsync()
    {
        var allHit = true;
        foreach (var driver in Drivers)
        {
            using var response = await Viewer.GetAsync(DriverTraffic.DetailsUrl(driver));
            allHit &= DriverTraffic.CacheStatusOf(response) == "HIT";
        }

        return allHit;
    }

    // A route no driver write invalidates: a hit there means the invalidations of the outage have been replayed.
    private Task<bool> CachingResumedAsync() => CachingResumedAsync(Viewer);

    private static async Task<bool> CachingResumedAsync(HttpClient viewer)
    {
        using var response = await viewer.GetAsync("/api/v1/admin/dashboard/trip-activity");
        return DriverTraffic.CacheStatusOf(response) == "HIT";
    }

    /// <summary>The slots of this fixture's keys on one master, as the cluster hashes them.</summary>
    private async Task<List<int>> SlotsHoldingKeysAsync(int node)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Cluster.Configuration);
        return [.. (await Cluster.KeysAsync(node, KeyPrefix + ":*")).Select(key => redis.HashSlot(key)).Distinct().Order()];
    }

    private async Task<int> MasterHoldingMostKeysAsync()
    {
        var counts = new List<int>();
        for (var node = 0; node < Cluster.Ports.Count; node++)
        {
            counts.Add((await Cluster.KeysAsync(node, KeyPrefix + ":*")).Length);
        }

        counts.Max().Should().BePositive("the warmed entries are somewhere");
        return counts.IndexOf(counts.Max());
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string because)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 20;
        while (!await condition())
        {
            Stopwatch.GetTimestamp().Should().BeLessThan(deadline, because + " within 20 s");
            await Task.Delay(100);
        }
    }
}
