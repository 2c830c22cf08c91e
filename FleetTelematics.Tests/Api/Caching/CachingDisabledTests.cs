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
