using System.Net;
using System.Text;
using FleetTelematics.Infrastructure.Caching.Near;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FleetTelematics.Tests.Api.Caching;

/// <summary>
/// Two instances of one deployment on one Redis, with local copies on and off: a read through one instance right
/// after a write through the other shows the write, every time — also when the reading instance was serving that
/// very response from its local copy — on a single Redis and on a Redis Cluster, whose pub/sub must reach every
/// instance whichever node each is subscribed through. An instance that stops answering its Redis messages is in
/// <see cref="LocalCopiesOnSilentRedisTests"/>.
/// </summary>
[NonParallelizable]
[TestFixture(RedisTopology.SingleNode)]
[TestFixture(RedisTopology.Cluster)]
public sealed class LocalCopiesAcrossInstancesTests(RedisTopology topology) : CachingTestFixture(topology)
{
    private const string Drivers = "/api/v1/admin/drivers";

    [TestCase(true)]
    [TestCase(false)]
    public async Task ReadThroughOtherInstance_RightAfterWrite_ShowsTheWrite(bool localCopies)
    {
        var settings = InstanceSettings(Settings, localCopies);
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

    /// <summary>Short leases and timeouts, so a silent instance is revoked and waited out in about a second.</summary>
    internal static Dictionary<string, string?> InstanceSettings(IDictionary<string, string?> settings, bool localCopies) => new(settings)
    {
        ["Caching:NearCache:Enabled"] = localCopies ? "true" : "false",
        ["Caching:NearCache:LeaseDuration"] = "00:00:01",
        ["Caching:NearCache:RenewInterval"] = "00:00:00.200",
        ["Caching:NearCache:AcknowledgementTimeout"] = "00:00:00.300",
        ["Caching:OperationTimeout"] = "00:00:00.100",
    };

    internal static Task<HttpResponseMessage> PatchCityAsync(HttpClient admin, string driver, string city) =>
        admin.PatchAsync($"{Drivers}/{driver}", new StringContent($$"""{"city":"{{city}}"}""", Encoding.UTF8, "application/merge-patch+json"));
}
