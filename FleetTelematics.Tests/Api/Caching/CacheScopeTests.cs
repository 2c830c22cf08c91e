using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching;

/// <summary>A response declared per user or per role never shares an entry across users or roles.</summary>
[TestFixture(RedisTopology.SingleNode)]
[TestFixture(RedisTopology.Cluster)]
public sealed class CacheScopeTests(RedisTopology topology) : CachingTestFixture(topology)
{
    [Test]
    public async Task UserScope_TwoUsers_EachGetsTheirOwnEntry()
    {
        var adminFirst = await JsonAsync(await Admin.GetAsync("/test/probe/me"));
        var viewerFirst = await JsonAsync(await Viewer.GetAsync("/test/probe/me"));
        using var adminAgain = await Admin.GetAsync("/test/probe/me");

        adminFirst.GetProperty("user").GetString().Should().Be("admin");
        viewerFirst.GetProperty("user").GetString().Should().Be("viewer", "the admin's cached body is not served to the viewer");
        CacheStatus(adminAgain).Should().Be("HIT");
        (await JsonAsync(adminAgain)).GetProperty("user").GetString().Should().Be("admin");
    }

    [Test]
    public async Task RoleScope_TwoRoles_SeparateEntries()
    {
        var asAdmin = await JsonAsync(await Admin.GetAsync("/test/probe/my-role"));
        using var asViewer = await Viewer.GetAsync("/test/probe/my-role");

        asAdmin.GetProperty("role").GetString().Should().Be("admin");
        CacheStatus(asViewer).Should().Be("MISS");
        (await JsonAsync(asViewer)).GetProperty("role").GetString().Should().Be("viewer");
    }

    [Test]
    public async Task SharedScope_TwoUsers_ShareOneEntry()
    {
        var first = await Admin.GetAsync("/test/probe/shared");
        using var second = await Viewer.GetAsync("/test/probe/shared");

        CacheStatus(second).Should().Be("HIT", "shared is the default: the declaration decides, not the caller");
        (await second.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
    }
}
