using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Features;

public sealed class DriverReadTests : ApiTestFixture
{
    [Test]
    public async Task Get_KnownDriver_FullFieldsWithStrongETag()
    {
        using var response = await Viewer.GetAsync("/api/v1/admin/drivers/DRV-0002");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag!.IsWeak.Should().BeFalse();
        var driver = await JsonAsync(response);
        driver.GetProperty("driver_id").GetString().Should().Be("DRV-0002");
        foreach (var field in new[] { "license_number", "hire_date", "created_at", "updated_at", "total_trips", "risk_category" })
        {
            driver.TryGetProperty(field, out _).Should().BeTrue(field);
        }

        driver.GetProperty("hire_date").GetString().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}$");
        driver.GetProperty("created_at").GetString().Should().EndWith("Z");
    }

    [Test]
    public async Task Get_IfNoneMatchCurrentETag_NotModifiedWithoutBody()
    {
        using var first = await Viewer.GetAsync("/api/v1/admin/drivers/DRV-0003");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/drivers/DRV-0003");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await Viewer.SendAsync(request);

        second.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await second.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [TestCase("DRV-1")]
    [TestCase("drv-0001")]
    [TestCase("VEH-0001")]
    [TestCase("DRV-00x1")]
    public async Task Get_MalformedId_BadRequest(string id)
    {
        using var response = await Viewer.GetAsync($"/api/v1/admin/drivers/{id}");

        await response.ShouldBeValidationProblemAsync("driver_id");
    }

    [Test]
    public async Task Get_UnknownWellFormedId_NotFound()
    {
        using var response = await Viewer.GetAsync("/api/v1/admin/drivers/DRV-9999");
        using var details = await Viewer.GetAsync("/api/v1/admin/drivers/DRV-9999/details");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await details.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Details_KnownDriver_StatsAndRecentActivityMatchSql()
    {
        var id = await ScalarAsync<int>("SELECT driver_id FROM trips GROUP BY driver_id HAVING count(*) > 12 ORDER BY driver_id LIMIT 1");
        var code = $"DRV-{id:D4}";

        using var response = await Viewer.GetAsync($"/api/v1/admin/drivers/{code}/details");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var details = await JsonAsync(response);
        details.GetProperty("driver").GetProperty("driver_id").GetString().Should().Be(code);
        var stats = details.GetProperty("stats");
        stats.GetProperty("total_trips").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM trips WHERE driver_id = $1", id));
        stats.GetProperty("total_duration_hours").GetDecimal().Should().Be(await ScalarAsync<decimal>("SELECT round(sum(duration_seconds) / 3600.0, 2) FROM trips WHERE driver_id = $1", id));
        stats.GetProperty("safety_events_last_30_days").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM safety_events WHERE driver_id = $1 AND occurred_at >= $2", id, TodayUtc.AddDays(-29)));
        stats.GetProperty("events_by_type").GetArrayLength().Should().Be(6);
        var trips = details.GetProperty("recent_trips").EnumerateArray().ToList();
        trips.Should().HaveCount(10);
        trips.Select(t => t.GetProperty("trip_id").GetInt64()).Should().Equal(
            (await RowsAsync("SELECT id FROM trips WHERE driver_id = $1 ORDER BY started_at DESC, id DESC LIMIT 10", id)).Select(r => (long)r[0]));
        details.GetProperty("recent_safety_events").GetArrayLength().Should().BeLessThanOrEqualTo(10);
        var vehicle = details.GetProperty("vehicle");
        var hasVehicle = await ScalarAsync<bool>("SELECT vehicle_id IS NOT NULL FROM drivers WHERE id = $1", id);
        (vehicle.ValueKind == System.Text.Json.JsonValueKind.Object).Should().Be(hasVehicle);
    }
}
