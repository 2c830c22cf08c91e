using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching;

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
