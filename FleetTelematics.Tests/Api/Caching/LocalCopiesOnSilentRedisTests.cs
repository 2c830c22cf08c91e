using System.Diagnostics;
using System.Net;
using FleetTelematics.Infrastructure.Caching.Near;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FleetTelematics.Tests.Api.Caching;

/// <summary>
/// Local copies when an instance's Redis falls silent (a frozen TCP proxy in front of the single Redis of ./test.sh:
/// a cluster's clients follow the nodes' own addresses, past any proxy): a write waits the silent instance out, and
/// the silent instance stops serving within its lease.
/// </summary>
[NonParallelizable]
public sealed class LocalCopiesOnSilentRedisTests : CachingTestFixture
{
    [Test]
    public async Task Write_OtherInstanceStopsAnswering_WaitsItOutAndTheReadShowsTheWrite()
    {
        var settings = LocalCopiesAcrossInstancesTests.InstanceSettings(Settings, localCopies: true);
        var redis = TestServices.Redis.Split(':');
        await using var proxy = new SwitchableTcpProxy(redis[0], int.Parse(redis[1], System.Globalization.CultureInfo.InvariantCulture));
        await using var writer = new FleetApiFactory(ConnectionString, settings, ConfigureServices);
        await using var reader = new FleetApiFactory(ConnectionString, new Dictionary<string, string?>(settings)
        {
            ["Redis:Configuration"] = $"127.0.0.1:{proxy.Port}",
        }, ConfigureServices);
        using var admin = await LoginAsync(writer, "admin", "fleet-admin-dev");
        using var viewer = await LoginAsync(reader, "viewer", "fleet-viewer-dev");
        var readerCopies = reader.Services.GetRequiredService<NearCache>();
        await WaitForLocalCopiesAsync(reader);
        var url = "/api/v1/admin/drivers/DRV-0020/details";
        await viewer.GetAsync(url);
        CacheStatus(await viewer.GetAsync(url)).Should().Be("HIT");
        readerCopies.Count.Should().BePositive();

        proxy.Freeze(); // the reader's Redis connection stays open, and nothing reaches it any more
        var watch = Stopwatch.StartNew();
        using var patch = await LocalCopiesAcrossInstancesTests.PatchCityAsync(admin, "DRV-0020", "Written While Frozen");
        watch.Stop();

        patch.StatusCode.Should().Be(HttpStatusCode.OK);
        watch.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(300 + 1000),
            "the writer waits for the acknowledgement, then revokes the silent instance and waits out its lease");
        readerCopies.IsServing.Should().BeFalse("the silent instance could not renew its lease");
        using var details = await viewer.GetAsync(url);
        (await JsonAsync(details)).GetProperty("driver").GetProperty("city").GetString().Should().Be("Written While Frozen");
        proxy.Thaw();
    }

    [Test]
    public async Task RedisStopsAnswering_LocalCopiesStopWithinTheLease()
    {
        var redis = TestServices.Redis.Split(':');
        await using var proxy = new SwitchableTcpProxy(redis[0], int.Parse(redis[1], System.Globalization.CultureInfo.InvariantCulture));
        await using var instance = new FleetApiFactory(ConnectionString, new Dictionary<string, string?>(LocalCopiesAcrossInstancesTests.InstanceSettings(Settings, localCopies: true))
        {
            ["Redis:Configuration"] = $"127.0.0.1:{proxy.Port}",
        }, ConfigureServices);
        using var viewer = await LoginAsync(instance, "viewer", "fleet-viewer-dev");
        await WaitForLocalCopiesAsync(instance);
        const string url = "/api/v1/admin/dashboard/risk-distribution";
        await viewer.GetAsync(url);
        CacheStatus(await viewer.GetAsync(url)).Should().Be("HIT");

        proxy.Freeze();
        var watch = Stopwatch.StartNew();
        string? status;
        do
        {
            using var response = await viewer.GetAsync(url);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            status = CacheStatus(response);
        }
        while (status == "HIT" && watch.Elapsed < TimeSpan.FromSeconds(5));

        status.Should().Be("BYPASS");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1.5), "no local copy outlives the 1 s lease it was served under");
        proxy.Thaw();
    }
}
