using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Features;

/// <summary>
/// Database round trips per endpoint, counted through Npgsql's tracing. The counts must not grow with page size
/// or a driver's history: that is what keeps N+1 queries from coming back.
/// </summary>
[NonParallelizable]
public sealed class QueryCountTests : ApiTestFixture
{
    // Measures the endpoints themselves: a cache hit would make no round trip at all.
    // And no user directory refresh may fall inside a measured request.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Caching:Enabled"] = "false",
        ["Auth:UserRefreshInterval"] = "01:00:00",
    };

    [TestCase("/api/v1/admin/dashboard/stats", 1)]
    [TestCase("/api/v1/admin/dashboard/summary", 1)]
    [TestCase("/api/v1/admin/dashboard/trip-activity?days=30", 1)]
    [TestCase("/api/v1/admin/dashboard/risk-distribution", 1)]
    [TestCase("/api/v1/admin/dashboard/safety-events-breakdown?days=90", 1)]
    [TestCase("/api/v1/admin/drivers/DRV-0004", 1)]
    [TestCase("/api/v1/admin/drivers/DRV-0004/details", 2)]
    [TestCase("/api/v1/admin/drivers?limit=10", 2)]
    [TestCase("/api/v1/admin/drivers?limit=500&sort=-last_trip_at", 1)]
    public async Task Get_Endpoint_UsesAFixedNumberOfRoundTrips(string url, int expected)
    {
        var count = await CountRoundTripsAsync(url);

        count.Should().Be(expected);
    }

    [Test]
    public async Task DriverList_LargerPage_SameRoundTrips()
    {
        var small = await CountRoundTripsAsync("/api/v1/admin/drivers?limit=3&sort=name");
        var large = await CountRoundTripsAsync("/api/v1/admin/drivers?limit=35&skip=1&sort=name");

        large.Should().Be(small);
    }

    [Test]
    public async Task Details_DriverWithLongHistory_SameRoundTripsAsNewDriver()
    {
        var busiest = await ScalarAsync<int>("SELECT driver_id FROM trips GROUP BY driver_id ORDER BY count(*) DESC LIMIT 1");
        var idlest = await ScalarAsync<int>("SELECT d.id FROM drivers d LEFT JOIN trips t ON t.driver_id = d.id GROUP BY d.id ORDER BY count(t.id) LIMIT 1");

        var busy = await CountRoundTripsAsync($"/api/v1/admin/drivers/DRV-{busiest:D4}/details");
        var idle = await CountRoundTripsAsync($"/api/v1/admin/drivers/DRV-{idlest:D4}/details");

        busy.Should().Be(idle);
    }

    private async Task<int> CountRoundTripsAsync(string url)
    {
        using var counter = new NpgsqlCommandCounter();
        using var response = await Viewer.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return counter.Count;
    }
}
