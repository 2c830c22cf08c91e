using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching;

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
