using System.Diagnostics;
using System.Net;
using System.Text;
using FleetTelematics.Infrastructure.Caching.Near;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FleetTelematics.Tests.Api.Caching;

/// <summary>
/// Two instances of one deployment on one Redis, with local copies on and off: a read through one instance right
/// after a write through the other shows the write, every time — also when the reading instance was serving that
/// very response from its local copy, and also when it has stopped answering its Redis messages.
/// </summary>
[NonParallelizable]
public sealed class LocalCopiesAcrossInstancesTests : CachingTestFixture
{
    private const string Drivers = "/api/v1/admin/drivers";

    [TestCase(true)]
    [TestCase(false)]
    public async Task ReadThroughOtherInstance_RightAfterWrite_ShowsTheWrite(bool localCopies)
    {
        var settings = InstanceSettings(localCopies);
        await using var writer = new FleetApiFactory(ConnectionString, settings, ConfigureServices);
        await using var reader = new FleetApiFactory(ConnectionString, settings, ConfigureServices);
        using var admin = await LoginAsync(writer, "admin", "fleet-admin-dev");
        using var viewer = await LoginAsync(reader, "viewer", "fleet-viewer-dev");
        var readerCopies = reader.Services.GetRequiredService<NearCache>();
        if (localCopies)
        {
            await WaitForLocalCopiesAsync(reader);
            await WaitForLocalCopiesAsync(writer);
        }

        for (var round = 0; round < 12; round++)
        {
            var driver = $"DRV-00{10 + (round % 4)}";
            var city = $"Round {round} of {localCopies}";
            string[] reads = [$"{Drivers}/{driver}/details", $"{Drivers}?search={driver}", "/api/v1/admin/dashboard/summary"];
            foreach (var url in reads)
            {
                await viewer.GetAsync(url);
                CacheStatus(await viewer.GetAsync(url)).Should().Be("HIT", url);
            }

            if (localCopies)
            {
                readerCopies.Count.Should().BePositive("the reader serves its hits from local copies");
            }
            else
            {
                readerCopies.Count.Should().Be(0);
            }

            using var patch = await PatchCityAsync(admin, driver, city);
            patch.StatusCode.Should().Be(HttpStatusCode.OK);

            using var details = await viewer.GetAsync(reads[0]);
            CacheStatus(details).Should().Be("MISS");
            (await JsonAsync(details)).GetProperty("driver").GetProperty("city").GetString().Should().Be(city);
            using var list = await viewer.GetAsync(reads[1]);
            CacheStatus(list).Should().Be("MISS");
            (await JsonAsync(list))[0].GetProperty("city").GetString().Should().Be(city);
            CacheStatus(await viewer.GetAsync(reads[2])).Should().Be("MISS");
        }
    }

    [Test]
    public async Task Write_OtherInstanceStopsAnswering_WaitsItOutAndTheReadShowsTheWrite()
    {
        var settings = InstanceSettings(localCopies: true);
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
        var url = $"{Drivers}/DRV-0020/details";
        await viewer.GetAsync(url);
        CacheStatus(await viewer.GetAsync(url)).Should().Be("HIT");
        readerCopies.Count.Should().BePositive();

        proxy.Freeze(); // the reader's Redis connection stays open, and nothing reaches it any more
        var watch = Stopwatch.StartNew();
        using var patch = await PatchCityAsync(admin, "DRV-0020", "Written While Frozen");
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
        await using var instance = new FleetApiFactory(ConnectionString, new Dictionary<string, string?>(InstanceSettings(localCopies: true))
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

    private Dictionary<string, string?> InstanceSettings(bool localCopies) => new(Settings)
    {
        ["Caching:NearCache:Enabled"] = localCopies ? "true" : "false",
        ["Caching:NearCache:LeaseDuration"] = "00:00:01",
        ["Caching:NearCache:RenewInterval"] = "00:00:00.200",
        ["Caching:NearCache:AcknowledgementTimeout"] = "00:00:00.300",
        ["Caching:OperationTimeout"] = "00:00:00.100",
    };

    private static Task<HttpResponseMessage> PatchCityAsync(HttpClient admin, string driver, string city) =>
        admin.PatchAsync($"{Drivers}/{driver}", new StringContent($$"""{"city":"{{city}}"}""", Encoding.UTF8, "application/merge-patch+json"));
}
