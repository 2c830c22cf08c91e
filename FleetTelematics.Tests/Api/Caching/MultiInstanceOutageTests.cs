using System.Diagnostics;
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
public sealed class MultiInstanceOutageTests : CachingTestFixture
{
    private readonly RedisInstance _redis = new();

    protected override string RedisConfiguration => _redis.Configuration;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Caching:OperationTimeout"] = "00:00:00.100",
        ["Caching:BreakDuration"] = "00:00:01",
    };

    [OneTimeSetUp]
    public Task StartRedis() => _redis.StartAsync();

    [OneTimeTearDown]
    public void StopRedis() => _redis.Dispose();

    /// <summary>The API started before this Redis did: let it replay what it marked stale before the test begins.</summary>
    [SetUp]
    public Task WaitForCache() =>
        WaitForAsync(async () => CacheStatus(await Viewer.GetAsync("/api/v1/admin/dashboard/stats")) != "BYPASS");

    [Test]
    public async Task OutageAcrossInstances_WriterDiesBeforeRedisReturns_OtherInstanceServesNothingStale()
    {
        const string url = "/api/v1/admin/drivers/DRV-0006/details";
        await using var reader = new FleetApiFactory(ConnectionString, Settings, ConfigureServices);
        using var readerClient = await LoginAsync(reader, "viewer", "fleet-viewer-dev");
        await readerClient.GetAsync(url);
        CacheStatus(await readerClient.GetAsync(url)).Should().Be("HIT");
        var readerStore = reader.Services.GetRequiredService<ResilientCacheStore>();

        _redis.Kill();
        await using (var writer = new FleetApiFactory(ConnectionString, Settings, ConfigureServices))
        {
            using var writerClient = await LoginAsync(writer, "admin", "fleet-admin-dev");
            using var patch = await writerClient.PatchAsync("/api/v1/admin/drivers/DRV-0006",
                new StringContent("""{"city":"Written During Outage"}""", Encoding.UTF8, "application/merge-patch+json"));
            patch.StatusCode.Should().Be(HttpStatusCode.OK);
        } // the writing instance is gone: its own replay of that invalidation will never happen

        // The reader served nothing during the outage; it learns of it from its lost connection alone.
        await WaitForAsync(() => Task.FromResult(readerStore.PendingCount > 0));
        await _redis.StartAsync(); // back with the reader's entry from before the write
        var seen = new List<string>();
        await WaitForAsync(async () =>
        {
            using var details = await readerClient.GetAsync(url);
            seen.Add((await JsonAsync(details)).GetProperty("driver").GetProperty("city").GetString()!);
            return CacheStatus(details) == "HIT";
        });

        seen.Should().OnlyContain(city => city == "Written During Outage");
    }

    private static async Task<HttpClient> LoginAsync(FleetApiFactory factory, string username, string password)
    {
        var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/v1/auth/token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = username, ["password"] = password }));
        var token = (await JsonAsync(response)).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Polls until the condition holds; bounded, so a broken recovery fails instead of hanging.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 20;
        while (!await condition())
        {
            Stopwatch.GetTimestamp().Should().BeLessThan(deadline, "the cache recovers within 20 s");
            await Task.Delay(100);
        }
    }
}
