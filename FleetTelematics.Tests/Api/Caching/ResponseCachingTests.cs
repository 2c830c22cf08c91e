using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching;

/// <summary>The caching behaviour a client sees, through the real pipeline and the real Redis.</summary>
[TestFixture(RedisTopology.SingleNode)]
[TestFixture(RedisTopology.Cluster)]
public sealed class ResponseCachingTests(RedisTopology topology) : CachingTestFixture(topology)
{
    [Test]
    public async Task Get_Twice_MissThenHitWithIdenticalBytesAndHeaders()
    {
        using var miss = await Viewer.GetAsync("/api/v1/admin/dashboard/summary");
        using var hit = await Viewer.GetAsync("/api/v1/admin/dashboard/summary");

        CacheStatus(miss).Should().Be("MISS");
        CacheStatus(hit).Should().Be("HIT");
        (await hit.Content.ReadAsByteArrayAsync()).Should().Equal(await miss.Content.ReadAsByteArrayAsync());
        hit.Headers.ETag.Should().Be(miss.Headers.ETag);
        hit.Headers.ETag!.IsWeak.Should().BeFalse();
        hit.Headers.Age.Should().NotBeNull();
        foreach (var response in new[] { miss, hit })
        {
            response.Headers.CacheControl!.Private.Should().BeTrue();
            response.Headers.CacheControl.NoCache.Should().BeTrue();
        }
        hit.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
    }

    [Test]
    public async Task Get_List_CachesTotalCountAndLinkHeaders()
    {
        using var miss = await Viewer.GetAsync("/api/v1/admin/drivers?limit=5&skip=5");
        using var hit = await Viewer.GetAsync("/api/v1/admin/drivers?limit=5&skip=5");

        CacheStatus(hit).Should().Be("HIT");
        hit.Headers.GetValues("X-Total-Count").Should().Equal(miss.Headers.GetValues("X-Total-Count"));
        hit.Headers.GetValues("Link").Should().Equal(miss.Headers.GetValues("Link"));
    }

    [Test]
    public async Task Get_IfNoneMatchOnHit_NotModifiedWithoutBody()
    {
        using var first = await Viewer.GetAsync("/api/v1/admin/dashboard/risk-distribution");

        using var conditional = await GetWithETagAsync(Viewer, "/api/v1/admin/dashboard/risk-distribution", first.Headers.ETag!);

        conditional.StatusCode.Should().Be(HttpStatusCode.NotModified);
        CacheStatus(conditional).Should().Be("HIT");
        conditional.Headers.ETag.Should().Be(first.Headers.ETag);
        (await conditional.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task Get_IfNoneMatchOnMiss_NotModifiedWhenTheRecomputedBodyIsTheSame()
    {
        using var first = await Anonymous.GetAsync("/test/probe/value");
        using var sameValue = await Anonymous.PostAsync($"/test/probe/value/{Probe.Value}", null); // invalidates, body unchanged

        using var conditional = await GetWithETagAsync(Anonymous, "/test/probe/value", first.Headers.ETag!);

        conditional.StatusCode.Should().Be(HttpStatusCode.NotModified);
        CacheStatus(conditional).Should().Be("MISS");
        (await conditional.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [TestCase("/api/v1/admin/dashboard/trip-activity", "/api/v1/admin/dashboard/trip-activity?days=7")]
    [TestCase("/api/v1/admin/dashboard/trip-activity?days=9", "/api/v1/admin/dashboard/trip-activity?DAYS=09")]
    [TestCase("/api/v1/admin/drivers?status=active&sort=name", "/api/v1/admin/drivers?SORT=name&Status=active&skip=0&limit=100")]
    [TestCase("/api/v1/admin/drivers?limit=3", "/api/v1/admin/drivers?limit=3&utm_source=mail&search=")]
    public async Task Get_EquivalentQueries_ShareOneEntry(string first, string equivalent)
    {
        using var miss = await Viewer.GetAsync(first);
        using var hit = await Viewer.GetAsync(equivalent);

        hit.StatusCode.Should().Be(HttpStatusCode.OK);
        CacheStatus(hit).Should().Be("HIT");
        (await hit.Content.ReadAsStringAsync()).Should().Be(await miss.Content.ReadAsStringAsync());
    }

    [TestCase("/api/v1/admin/drivers?parameters.limit=1", "/api/v1/admin/drivers")]
    [TestCase("/api/v1/admin/drivers?search=a%0Aq:status%3Dactive", "/api/v1/admin/drivers?search=a&status=active")]
    [TestCase("/api/v1/admin/drivers?search=x%2Cy", "/api/v1/admin/drivers?search=x&search=y")]
    public async Task Get_CraftedQuery_CannotPoisonAnotherRequestsEntry(string crafted, string legitimate)
    {
        using var expected = await Admin.GetAsync(legitimate + (legitimate.Contains('?') ? "&" : "?") + "probe_uncached=1");
        var expectedCount = expected.Headers.GetValues("X-Total-Count").Single();
        using var attack = await Viewer.GetAsync(crafted);

        using var victim = await Viewer.GetAsync(legitimate);

        victim.Headers.GetValues("X-Total-Count").Single().Should().Be(expectedCount,
            $"'{crafted}' must not fill the entry '{legitimate}' is served from");
    }

    [Test]
    public async Task Get_DifferentParameters_DifferentEntries()
    {
        using var first = await Viewer.GetAsync("/api/v1/admin/dashboard/trip-activity?days=3");
        using var second = await Viewer.GetAsync("/api/v1/admin/dashboard/trip-activity?days=4");

        CacheStatus(second).Should().Be("MISS");
        (await JsonAsync(second)).GetArrayLength().Should().Be(4);
    }

    [Test]
    public async Task Get_WithoutToken_NeverSeesCachedBytes()
    {
        using var warm = await Admin.GetAsync("/api/v1/admin/dashboard/stats");
        CacheStatus(await Admin.GetAsync("/api/v1/admin/dashboard/stats")).Should().Be("HIT");

        using var anonymous = await Anonymous.GetAsync("/api/v1/admin/dashboard/stats");

        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        anonymous.Headers.Contains("X-Cache").Should().BeFalse();
        (await anonymous.Content.ReadAsStringAsync()).Should().NotContain("total_drivers");
    }

    [Test]
    public async Task Get_NotFound_IsNeverCached()
    {
        using var first = await Anonymous.GetAsync("/test/probe/missing");
        using var second = await Anonymous.GetAsync("/test/probe/missing");

        second.StatusCode.Should().Be(HttpStatusCode.NotFound);
        CacheStatus(second).Should().NotBe("HIT");
        Probe.Computations.Should().Be(2);
    }

    [Test]
    public async Task Get_BadParameter_ProblemNotCached()
    {
        using var first = await Viewer.GetAsync("/api/v1/admin/dashboard/trip-activity?days=0");
        using var second = await Viewer.GetAsync("/api/v1/admin/dashboard/trip-activity?days=0");

        await second.ShouldBeValidationProblemAsync("days");
        CacheStatus(second).Should().NotBe("HIT");
    }

    [Test]
    public async Task Get_ResponseWrittenByAction_ShowsGeneratedAtOfTheMiss()
    {
        using var miss = await Viewer.GetAsync("/api/v1/admin/dashboard/stats?x=1");
        await Task.Delay(20);
        using var hit = await Viewer.GetAsync("/api/v1/admin/dashboard/stats?x=2");

        (await JsonAsync(hit)).GetProperty("generated_at").GetString()
            .Should().Be((await JsonAsync(miss)).GetProperty("generated_at").GetString());
    }
}
