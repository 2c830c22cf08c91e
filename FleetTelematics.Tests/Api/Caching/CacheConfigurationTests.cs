using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching;

public sealed class CachingDisabledTests : CachingTestFixture
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["Caching:Enabled"] = "false" };

    [Test]
    public async Task Get_CachingOff_BypassEveryTimeButStillETagAnd304()
    {
        using var first = await Anonymous.GetAsync("/test/probe/value");
        using var second = await Anonymous.GetAsync("/test/probe/value");
        using var conditional = await GetWithETagAsync(Anonymous, "/test/probe/value", second.Headers.ETag!);

        CacheStatus(first).Should().Be("BYPASS");
        CacheStatus(second).Should().Be("BYPASS");
        Probe.Computations.Should().Be(3);
        second.Headers.ETag.Should().Be(first.Headers.ETag);
        conditional.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }
}

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

public sealed class CacheEntrySizeLimitTests : CachingTestFixture
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?>(base.Settings) { ["Caching:MaxEntryBytes"] = "2048" };

    [Test]
    public async Task Get_ResponseOverLimit_ServedButNotCached()
    {
        Probe.BodyPadding = 10_000;
        using var first = await Anonymous.GetAsync("/test/probe/value");
        using var second = await Anonymous.GetAsync("/test/probe/value");
        Probe.BodyPadding = 0;

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        (await second.Content.ReadAsStringAsync()).Length.Should().BeGreaterThan(10_000);
        CacheStatus(second).Should().Be("MISS");
        Probe.Computations.Should().Be(2);
        (await Anonymous.GetStringAsync("/metrics")).Should()
            .MatchRegex(@"cache_bypasses_total\{[^}]*cache_key_pattern=""probe""[^}]*reason=""too_large""[^}]*\} 2");
    }
}

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

/// <summary>Two deployments sharing one Redis under different key prefixes never see each other's entries.</summary>
public sealed class KeyPrefixIsolationTests : CachingTestFixture
{
    [Test]
    public async Task Get_OtherDeploymentPrefix_DoesNotShareEntries()
    {
        using var warm = await Anonymous.GetAsync("/test/probe/value");
        CacheStatus(await Anonymous.GetAsync("/test/probe/value")).Should().Be("HIT");
        var otherSettings = new Dictionary<string, string?>(Settings) { ["Caching:KeyPrefix"] = KeyPrefix + "b" };
        await using var other = new FleetApiFactory(await TestDatabases.CreateFromTemplateAsync("otherdeploy"), otherSettings, ConfigureServices);

        using var otherFirst = await other.CreateClient().GetAsync("/test/probe/value");

        CacheStatus(otherFirst).Should().Be("MISS");
    }
}
