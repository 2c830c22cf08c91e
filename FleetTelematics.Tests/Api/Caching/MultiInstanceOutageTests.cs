using System.Net;
using System.Text;
using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FleetTelematics.Tests.Api.Caching;

/// <summary>
/// Two instances of one deployment share a Redis that goes away. The instance that wrote during the outage dies
/// before Redis returns, so only the other instance can keep stale entries from being served. Its own fixture:
/// several hosts in one process share meter names, so no metric assertion should run beside them.
/// </summary>
[NonParallelizable]
public sealed class MultiInstanceOutageTests : PrivateRedisFixture
{
    [SetUp]
    public Task WaitForCache() => WaitForCacheAsync();

    [Test]
    public async Task OutageAcrossInstances_WriterDiesBeforeRedisReturns_OtherInstanceServesNothingStale()
    {
        const string url = "/api/v1/admin/drivers/DRV-0006/details";
        await using var reader = new FleetApiFactory(ConnectionString, Settings, ConfigureServices);
        using var readerClient = await LoginAsync(reader, "viewer", "fleet-viewer-dev");
        await readerClient.GetAsync(url);
        CacheStatus(await readerClient.GetAsync(url)).Should().Be("HIT");
        var readerStore = reader.Services.GetRequiredService<ResilientCacheStore>();

        Redis.Kill();
        await using (var writer = new FleetApiFactory(ConnectionString, Settings, ConfigureServices))
        {
            using var writerClient = await LoginAsync(writer, "admin", "fleet-admin-dev");
            using var patch = await writerClient.PatchAsync("/api/v1/admin/drivers/DRV-0006",
                new StringContent("""{"city":"Written During Outage"}""", Encoding.UTF8, "application/merge-patch+json"));
            patch.StatusCode.Should().Be(HttpStatusCode.OK);
        } // the writing instance is gone: its own replay of that invalidation will never happen

        // The reader served nothing during the outage; it learns of it from its lost connection alone.
        await WaitForAsync(() => Task.FromResult(readerStore.PendingCount > 0));
        await Redis.StartAsync(); // back with the reader's entry from before the write
        var seen = new List<string>();
        await WaitForAsync(async () =>
        {
            using var details = await readerClient.GetAsync(url);
            seen.Add((await JsonAsync(details)).GetProperty("driver").GetProperty("city").GetString()!);
            return CacheStatus(details) == "HIT";
        });

        seen.Should().OnlyContain(city => city == "Written During Outage");
    }
}
