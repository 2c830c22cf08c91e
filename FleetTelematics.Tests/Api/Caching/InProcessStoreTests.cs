using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching;

public sealed class InProcessStoreTests : CachingTestFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["Redis:Configuration"] = "" };

    [Test]
    public async Task Get_NoRedisConfigured_CachedInProcessWithTheSameGuarantees()
    {
        await Anonymous.PostAsync("/test/probe/value/5", null);
        using var miss = await Anonymous.GetAsync("/test/probe/value");
        using var hit = await Anonymous.GetAsync("/test/probe/value");
        await Anonymous.PostAsync("/test/probe/value/6", null);
        using var afterWrite = await Anonymous.GetAsync("/test/probe/value");

        CacheStatus(miss).Should().Be("MISS");
        CacheStatus(hit).Should().Be("HIT");
        CacheStatus(afterWrite).Should().Be("MISS");
        (await afterWrite.Content.ReadAsStringAsync()).Should().Contain("\"value\":6");
        (await JsonAsync(await Anonymous.GetAsync("/health/ready"))).GetProperty("status").GetString().Should().Be("Healthy");
    }
}
