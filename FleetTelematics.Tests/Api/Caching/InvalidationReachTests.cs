using System.Net;
using System.Net.Http.Json;
using System.Text;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching;

/// <summary>
/// A write invalidates exactly what it can change: the dashboards that count drivers and risk, the list, and that
/// driver's details — not trip or event dashboards, and not other drivers' details.
/// </summary>
[TestFixture(RedisTopology.SingleNode)]
[TestFixture(RedisTopology.Cluster)]
public sealed class InvalidationReachTests(RedisTopology topology) : CachingTestFixture(topology)
{
    private static readonly string[] DriverDependent =
    [
        "/api/v1/admin/dashboard/stats",
        "/api/v1/admin/dashboard/summary",
        "/api/v1/admin/dashboard/risk-distribution",
        "/api/v1/admin/drivers?limit=500",
    ];

    private static readonly string[] DriverIndependent =
    [
        "/api/v1/admin/dashboard/trip-activity",
        "/api/v1/admin/dashboard/safety-events-breakdown",
        "/api/v1/admin/drivers/DRV-0002/details",
    ];

    [Test]
    public async Task Patch_Driver_InvalidatesExactlyWhatItChanges()
    {
        await WarmAsync([.. DriverDependent, .. DriverIndependent, "/api/v1/admin/drivers/DRV-0005/details"]);

        using var patch = await PatchAsync("DRV-0005", """{"risk_score": 99.9, "city": "Reykjavik"}""");

        patch.StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var url in DriverDependent.Append("/api/v1/admin/drivers/DRV-0005/details"))
        {
            CacheStatus(await Viewer.GetAsync(url)).Should().Be("MISS", url);
        }

        foreach (var url in DriverIndependent)
        {
            CacheStatus(await Viewer.GetAsync(url)).Should().Be("HIT", url);
        }
    }

    [Test]
    public async Task Patch_Driver_NextReadsShowTheWrite()
    {
        await WarmAsync(["/api/v1/admin/drivers?search=DRV-0007", "/api/v1/admin/drivers/DRV-0007/details", "/api/v1/admin/dashboard/summary"]);

        (await PatchAsync("DRV-0007", """{"city": "Ushuaia", "risk_score": 100}""")).StatusCode.Should().Be(HttpStatusCode.OK);

        var list = await JsonAsync(await Viewer.GetAsync("/api/v1/admin/drivers?search=DRV-0007"));
        list[0].GetProperty("city").GetString().Should().Be("Ushuaia");
        var details = await JsonAsync(await Viewer.GetAsync("/api/v1/admin/drivers/DRV-0007/details"));
        details.GetProperty("driver").GetProperty("city").GetString().Should().Be("Ushuaia");
        var summary = await JsonAsync(await Viewer.GetAsync("/api/v1/admin/dashboard/summary"));
        summary.GetProperty("top_risk_drivers")[0].GetProperty("driver_id").GetString().Should().Be("DRV-0007");
    }

    [Test]
    public async Task Create_Driver_InvalidatesListsAndCountsButNoDetails()
    {
        await WarmAsync([.. DriverDependent, .. DriverIndependent]);

        using var created = await Admin.PostAsJsonAsync("/api/v1/admin/drivers", new
        {
            name = "Cache Reach", email = $"reach.{Guid.NewGuid():N}@fleet.example", phone = "+1 555 0100",
            license_number = $"CR-{Guid.NewGuid():N}"[..18], city = "Oslo",
        });

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        foreach (var url in DriverDependent)
        {
            CacheStatus(await Viewer.GetAsync(url)).Should().Be("MISS", url);
        }

        foreach (var url in DriverIndependent)
        {
            CacheStatus(await Viewer.GetAsync(url)).Should().Be("HIT", url);
        }
    }

    [Test]
    public async Task Delete_Driver_InvalidatesItsDetailsAndCounts()
    {
        await WarmAsync([.. DriverDependent, "/api/v1/admin/drivers/DRV-0009/details", "/api/v1/admin/dashboard/trip-activity"]);

        (await Admin.DeleteAsync("/api/v1/admin/drivers/DRV-0009")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        foreach (var url in DriverDependent)
        {
            CacheStatus(await Viewer.GetAsync(url)).Should().Be("MISS", url);
        }

        (await Viewer.GetAsync("/api/v1/admin/drivers/DRV-0009/details")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        CacheStatus(await Viewer.GetAsync("/api/v1/admin/dashboard/trip-activity")).Should().Be("HIT");
    }

    [Test]
    public async Task FailedWrite_InvalidatesNothing()
    {
        await WarmAsync(DriverDependent);

        using var rejected = await PatchAsync("DRV-0003", """{"risk_score": 500}""");
        using var missing = await PatchAsync("DRV-9998", """{"city": "Nowhere"}""");

        rejected.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        foreach (var url in DriverDependent)
        {
            CacheStatus(await Viewer.GetAsync(url)).Should().Be("HIT", url);
        }
    }

    private async Task WarmAsync(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            using var _ = await Viewer.GetAsync(url);
            CacheStatus(await Viewer.GetAsync(url)).Should().Be("HIT", $"{url} is cached before the write");
        }
    }

    private Task<HttpResponseMessage> PatchAsync(string driverId, string json) =>
        Admin.PatchAsync($"/api/v1/admin/drivers/{driverId}", new StringContent(json, Encoding.UTF8, "application/merge-patch+json"));
}
