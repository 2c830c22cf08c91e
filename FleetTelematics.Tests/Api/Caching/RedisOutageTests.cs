using System.Diagnostics;
using System.Net;
using System.Text;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching;

/// <summary>
/// Fail-open: with its Redis killed or frozen the API serves from the database (BYPASS) without waiting on the dead
/// store, and a write made during the outage is never followed by a stale hit once Redis is back with its old data.
/// </summary>
[NonParallelizable]
public sealed class RedisOutageTests : PrivateRedisFixture
{
    private const string DetailsUrl = "/api/v1/admin/drivers/DRV-0004/details";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(2);

    [SetUp]
    public async Task EnsureRedisUp()
    {
        if (!await Redis.AnswersAsync())
        {
            Redis.Thaw();
            if (!await Redis.AnswersAsync())
            {
                await Redis.StartAsync();
            }
        }

        await WaitForCacheAsync();
    }

    [Test]
    public async Task RedisKilled_RequestsBypassQuickly_AndWriteDuringOutageIsNeverServedStaleAfterRestart()
    {
        await WarmAsync(DetailsUrl);
        await WarmAsync("/api/v1/admin/drivers?search=DRV-0004");

        Redis.Kill();
        var (bypass, elapsed) = await TimedGetAsync(DetailsUrl);
        using var patch = await Admin.PatchAsync("/api/v1/admin/drivers/DRV-0004",
            new StringContent("""{"city":"Outage City"}""", Encoding.UTF8, "application/merge-patch+json"));

        bypass.StatusCode.Should().Be(HttpStatusCode.OK);
        CacheStatus(bypass).Should().Be("BYPASS");
        elapsed.Should().BeLessThan(Generous, "no request waits on a dead store beyond its short timeout");
        patch.StatusCode.Should().Be(HttpStatusCode.OK, "writes keep working without the cache");

        await Redis.StartAsync(); // comes back with the entries cached before the write, from its append-only file
        var seen = new List<(string? Status, string City)>();
        await WaitForAsync(async () =>
        {
            using var details = await Viewer.GetAsync(DetailsUrl);
            var city = (await JsonAsync(details)).GetProperty("driver").GetProperty("city").GetString()!;
            seen.Add((CacheStatus(details), city));
            return CacheStatus(details) == "HIT";
        });

        seen.Should().OnlyContain(s => s.City == "Outage City", "no stale entry is ever served after the outage");
        var list = await JsonAsync(await Viewer.GetAsync("/api/v1/admin/drivers?search=DRV-0004"));
        list[0].GetProperty("city").GetString().Should().Be("Outage City");
    }

    [Test]
    public async Task RedisFrozen_RequestsTimeOutThenCircuitOpens_AndCachingResumesAfterThaw()
    {
        await WarmAsync("/api/v1/admin/dashboard/summary");

        Redis.Freeze();
        var timings = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            var (response, elapsed) = await TimedGetAsync("/api/v1/admin/dashboard/summary");
            CacheStatus(response).Should().Be("BYPASS");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            timings.Add(elapsed);
        }

        // The breaker cycles open → half-open → open while the store stays frozen: watch for "open" (bounded).
        var sawOpen = false;
        for (var attempt = 0; attempt < 40 && !sawOpen; attempt++)
        {
            var (response, elapsed) = await TimedGetAsync("/api/v1/admin/dashboard/summary");
            CacheStatus(response).Should().Be("BYPASS");
            timings.Add(elapsed);
            sawOpen = (await PrometheusScrape.FromAsync(Anonymous)).Value("cache_circuit_state", ("cache_type", "response")) == 1;
        }

        var scrape = await PrometheusScrape.FromAsync(Anonymous);
        var (ready, readyElapsed) = await TimedGetAsync("/health/ready");
        Redis.Thaw();

        sawOpen.Should().BeTrue("repeated store failures open the circuit");
        ready.StatusCode.Should().Be(HttpStatusCode.OK, "a frozen Redis degrades readiness, it does not fail it");
        readyElapsed.Should().BeLessThan(Generous, "readiness never hangs on a frozen store");
        timings.Should().OnlyContain(t => t < Generous);
        scrape.Value("cache_store_errors_total", ("cache_type", "response"), ("operation", "get")).Should().BePositive();
        await WaitForAsync(async () => CacheStatus(await Viewer.GetAsync("/api/v1/admin/dashboard/summary")) == "HIT");
    }

    [Test]
    public async Task ReadinessWithRedisDown_DegradedButStillReady()
    {
        Redis.Kill();

        using var ready = await Anonymous.GetAsync("/health/ready");

        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await JsonAsync(ready);
        body.GetProperty("status").GetString().Should().Be("Degraded");
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "cache_store")
            .GetProperty("status").GetString().Should().Be("Degraded");
    }

    private async Task WarmAsync(string url)
    {
        using var _ = await Viewer.GetAsync(url);
        CacheStatus(await Viewer.GetAsync(url)).Should().Be("HIT");
    }

    private async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> TimedGetAsync(string url)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await Viewer.GetAsync(url);
        return (response, Stopwatch.GetElapsedTime(started));
    }
}
