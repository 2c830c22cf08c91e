using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching;

public sealed class CacheTtlOverrideTests : CachingTestFixture
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { [$"Caching:Ttl:{CacheProbeController.Prefix}"] = "1" };

    [Test]
    public async Task Get_AfterOverriddenTtl_MissAgain()
    {
        using var miss = await Anonymous.GetAsync("/test/probe/value");
        using var hit = await Anonymous.GetAsync("/test/probe/value");
        await Task.Delay(TimeSpan.FromMilliseconds(1600));
        using var expired = await Anonymous.GetAsync("/test/probe/value");

        CacheStatus(hit).Should().Be("HIT");
        CacheStatus(expired).Should().Be("MISS", "the configured 1 s TTL replaces the attribute's 60 s");
    }
}
