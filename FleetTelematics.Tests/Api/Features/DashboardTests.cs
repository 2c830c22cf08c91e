using System.Net;
using System.Text.Json;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Features;

/// <summary>Every dashboard figure against SQL written independently of the API's queries.</summary>
public sealed class DashboardTests : ApiTestFixture
{
    private static readonly string[] EventTypes = ["harsh_braking", "rapid_acceleration", "speeding", "harsh_cornering", "phone_usage", "fatigue"];

    [Test]
    public async Task Stats_MatchesIndependentSql()
    {
        var stats = await GetAsync("/api/v1/admin/dashboard/stats");
        var today = TodayUtc;

        stats.GetProperty("total_drivers").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM drivers WHERE archived_at IS NULL"));
        stats.GetProperty("active_drivers").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM drivers WHERE archived_at IS NULL AND status = 1"));
        stats.GetProperty("total_vehicles").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM vehicles"));
        stats.GetProperty("active_trips").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM trips WHERE ended_at IS NULL"));
        stats.GetProperty("trips_today").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM trips WHERE started_at::date = $1::date", today));
        stats.GetProperty("distance_today_km").GetDecimal().Should().Be(await ScalarAsync<decimal>("SELECT coalesce(sum(distance_km), 0) FROM trips WHERE started_at::date = $1::date", today));
        stats.GetProperty("safety_events_today").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM safety_events WHERE occurred_at::date = $1::date", today));
        stats.GetProperty("average_risk_score").GetDecimal().Should().Be(await ScalarAsync<decimal>("SELECT round(avg(risk_score), 1) FROM drivers WHERE archived_at IS NULL"));
        stats.GetProperty("generated_at").GetString().Should().EndWith("Z");
        stats.GetProperty("active_trips").GetInt32().Should().BePositive("the seeded fleet has drivers on the road");
    }

    [Test]
    public async Task Summary_MatchesIndependentSql()
    {
        var summary = await GetAsync("/api/v1/admin/dashboard/summary");
        var since = TodayUtc.AddDays(-6);

        var drivers = summary.GetProperty("drivers");
        drivers.GetProperty("total").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM drivers WHERE archived_at IS NULL"));
        drivers.GetProperty("suspended").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM drivers WHERE archived_at IS NULL AND status = 3"));
        (drivers.GetProperty("active").GetInt32() + drivers.GetProperty("inactive").GetInt32() + drivers.GetProperty("suspended").GetInt32())
            .Should().Be(drivers.GetProperty("total").GetInt32());
        summary.GetProperty("trips_last_7_days").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM trips WHERE started_at >= $1", since));
        summary.GetProperty("distance_last_7_days_km").GetDecimal().Should().Be(await ScalarAsync<decimal>("SELECT sum(distance_km) FROM trips WHERE started_at >= $1", since));
        summary.GetProperty("safety_events_last_7_days").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM safety_events WHERE occurred_at >= $1", since));
        summary.GetProperty("high_risk_drivers").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM drivers WHERE archived_at IS NULL AND risk_score >= 60"));

        var top = summary.GetProperty("top_risk_drivers").EnumerateArray().ToList();
        var expected = await RowsAsync("SELECT public_id, risk_score FROM drivers WHERE archived_at IS NULL ORDER BY risk_score DESC, id LIMIT 5");
        top.Select(d => d.GetProperty("driver_id").GetString()).Should().Equal(expected.Select(r => (string)r[0]));
        top.Select(d => d.GetProperty("risk_score").GetDecimal()).Should().BeInDescendingOrder();
        top.Should().OnlyContain(d => d.GetProperty("risk_category").GetString() == Category(d.GetProperty("risk_score").GetDecimal()));
    }

    [TestCase(null, 7)]
    [TestCase(1, 1)]
    [TestCase(30, 30)]
    public async Task TripActivity_EveryUtcDayOldestFirst_MatchesSql(int? days, int expectedDays)
    {
        var rows = (await GetAsync("/api/v1/admin/dashboard/trip-activity" + (days is null ? "" : $"?days={days}"))).EnumerateArray().ToList();

        rows.Should().HaveCount(expectedDays);
        var dates = rows.Select(r => DateOnly.Parse(r.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        dates.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        dates[^1].Should().Be(DateOnly.FromDateTime(TodayUtc));
        foreach (var row in rows)
        {
            var day = DateTime.Parse(row.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            row.GetProperty("trips").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM trips WHERE started_at::date = $1::date", day));
            row.GetProperty("distance_km").GetDecimal().Should().Be(await ScalarAsync<decimal>("SELECT coalesce(sum(distance_km), 0) FROM trips WHERE started_at::date = $1::date", day));
            row.GetProperty("duration_hours").GetDecimal().Should().Be(await ScalarAsync<decimal>("SELECT round(coalesce(sum(duration_seconds), 0) / 3600.0, 2) FROM trips WHERE started_at::date = $1::date", day));
        }

        if (expectedDays == 30)
        {
            rows.Take(30 - 14).Should().OnlyContain(r => r.GetProperty("trips").GetInt32() == 0, "days before the seeded window are listed with zeros");
        }
    }

    [Test]
    public async Task RiskDistribution_FourBandsInOrder_CountsAndPercentages()
    {
        var bands = (await GetAsync("/api/v1/admin/dashboard/risk-distribution")).EnumerateArray().ToList();

        bands.Select(b => b.GetProperty("category").GetString()).Should().Equal("low", "medium", "high", "critical");
        var expected = await RowsAsync("""
            SELECT count(*) FILTER (WHERE risk_score < 40), count(*) FILTER (WHERE risk_score >= 40 AND risk_score < 60),
                   count(*) FILTER (WHERE risk_score >= 60 AND risk_score < 80), count(*) FILTER (WHERE risk_score >= 80)
            FROM drivers WHERE archived_at IS NULL
            """);
        bands.Select(b => (long)b.GetProperty("count").GetInt32()).Should().Equal(expected[0].Cast<long>());
        bands.Sum(b => b.GetProperty("percentage").GetDecimal()).Should().BeApproximately(100m, 0.1m);
    }

    [TestCase(null, 30)]
    [TestCase(3, 3)]
    [TestCase(365, 365)]
    public async Task SafetyEventsBreakdown_AllTypesAndSeverities_MatchSql(int? days, int expectedDays)
    {
        var breakdown = await GetAsync("/api/v1/admin/dashboard/safety-events-breakdown" + (days is null ? "" : $"?days={days}"));
        var since = TodayUtc.AddDays(-(expectedDays - 1));

        breakdown.GetProperty("days").GetInt32().Should().Be(expectedDays);
        breakdown.GetProperty("total").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM safety_events WHERE occurred_at >= $1", since));
        var byType = breakdown.GetProperty("by_type").EnumerateArray().ToList();
        byType.Select(t => t.GetProperty("type").GetString()).Should().Equal(EventTypes);
        for (var i = 0; i < EventTypes.Length; i++)
        {
            byType[i].GetProperty("count").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM safety_events WHERE occurred_at >= $1 AND type = $2", since, (short)(i + 1)));
        }

        breakdown.GetProperty("by_severity").EnumerateArray().Select(s => s.GetProperty("severity").GetString()).Should().Equal("low", "medium", "high");
        breakdown.GetProperty("by_severity").EnumerateArray().Sum(s => s.GetProperty("count").GetInt32()).Should().Be(breakdown.GetProperty("total").GetInt32());
    }

    [TestCase("trip-activity?days=0", "days")]
    [TestCase("trip-activity?days=91", "days")]
    [TestCase("trip-activity?days=abc", "days")]
    [TestCase("safety-events-breakdown?days=366", "days")]
    [TestCase("safety-events-breakdown?days=-1", "days")]
    public async Task Dashboard_BadDays_ValidationProblem(string route, string field)
    {
        using var response = await Viewer.GetAsync($"/api/v1/admin/dashboard/{route}");

        await response.ShouldBeValidationProblemAsync(field);
    }

    [Test]
    public async Task Dashboard_Viewer_Allowed()
    {
        using var response = await Viewer.GetAsync("/api/v1/admin/dashboard/summary");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static string Category(decimal score) => score switch { < 40 => "low", < 60 => "medium", < 80 => "high", _ => "critical" };

    private async Task<JsonElement> GetAsync(string url)
    {
        using var response = await Admin.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }
}
