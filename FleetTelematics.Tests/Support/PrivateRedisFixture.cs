using System.Diagnostics;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// A caching fixture on a Redis of its own (<see cref="RedisInstance"/>), which its tests may kill, restart or freeze,
/// with a short store timeout and break duration so outages show quickly.
/// </summary>
public abstract class PrivateRedisFixture : CachingTestFixture
{
    protected RedisInstance Redis { get; } = new();

    protected override string RedisConfiguration => Redis.Configuration;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Caching:OperationTimeout"] = "00:00:00.100",
        ["Caching:BreakDuration"] = "00:00:01",
        // These tests are about the store path under outages; local copies under outages have tests of their own
        // (LocalCopiesAcrossInstancesTests).
        ["Caching:NearCache:Enabled"] = "false",
    };

    [OneTimeSetUp]
    public Task StartRedis() => Redis.StartAsync();

    [OneTimeTearDown]
    public void StopRedis() => Redis.Dispose();

    /// <summary>
    /// Waits until cached routes are served through the store again. The API may have started before this Redis,
    /// or seen it go away: either way it replays what it marked stale before it reads the store.
    /// </summary>
    protected Task WaitForCacheAsync() =>
        WaitForAsync(async () => CacheStatus(await Viewer.GetAsync("/api/v1/admin/dashboard/stats")) != "BYPASS");

    /// <summary>Polls until the condition holds; bounded, so a broken recovery fails instead of hanging.</summary>
    protected static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 20;
        while (!await condition())
        {
            Stopwatch.GetTimestamp().Should().BeLessThan(deadline, "the cache recovers within 20 s");
            await Task.Delay(100);
        }
    }
}
