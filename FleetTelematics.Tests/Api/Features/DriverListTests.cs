using System.Net;
using System.Text.Json;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Features;

public sealed class DriverListTests : ApiTestFixture
{
    [Test]
    public async Task List_Defaults_FirstHundredByIdWithTotal()
    {
        using var response = await Viewer.GetAsync("/api/v1/admin/drivers");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var drivers = (await JsonAsync(response)).EnumerateArray().ToList();
        var total = await ScalarAsync<int>("SELECT count(*) FROM drivers WHERE archived_at IS NULL");
        drivers.Should().HaveCount(Math.Min(total, 100));
        drivers.Select(d => d.GetProperty("driver_id").GetString()).Should().BeInAscendingOrder(StringComparer.Ordinal);
        response.Headers.GetValues("X-Total-Count").Single().Should().Be(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Contains("Link").Should().BeFalse("everything fits on one page");
    }

    [Test]
    public async Task List_Card_HasContractFieldsAndTripTotalsFromSql()
    {
        var card = (await GetListAsync("?limit=1&skip=4"))[0];

        card.EnumerateObject().Select(p => p.Name).Should().Equal("driver_id", "name", "email", "phone", "city", "status", "risk_score",
            "risk_category", "vehicle_id", "total_trips", "total_distance_km", "last_trip_at");
        var id = card.GetProperty("driver_id").GetString()!;
        card.GetProperty("total_trips").GetInt32().Should().Be(await ScalarAsync<int>("SELECT count(*) FROM trips t JOIN drivers d ON d.id = t.driver_id WHERE d.public_id = $1", id));
        card.GetProperty("total_distance_km").GetDecimal().Should().Be(await ScalarAsync<decimal>("SELECT coalesce(sum(distance_km), 0) FROM trips t JOIN drivers d ON d.id = t.driver_id WHERE d.public_id = $1", id));
    }

    [Test]
    public async Task List_Paging_LinkHeadersAndTotal()
    {
        using var response = await Viewer.GetAsync("/api/v1/admin/drivers?skip=10&limit=10&sort=name");

        var drivers = (await JsonAsync(response)).EnumerateArray().ToList();
        drivers.Should().HaveCount(10);
        var link = response.Headers.GetValues("Link").Single();
        link.Should().Contain("skip=20&limit=10>; rel=\"next\"").And.Contain("skip=0&limit=10>; rel=\"prev\"").And.Contain("sort=name");
        var total = int.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
        total.Should().Be(await ScalarAsync<int>("SELECT count(*) FROM drivers WHERE archived_at IS NULL"));

        using var last = await Viewer.GetAsync($"/api/v1/admin/drivers?skip={total - 3}&limit=10");
        last.Headers.GetValues("Link").Single().Should().NotContain("rel=\"next\"");
        last.Headers.GetValues("X-Total-Count").Single().Should().Be(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var beyond = await Viewer.GetAsync($"/api/v1/admin/drivers?skip={total + 50}&limit=10");
        (await JsonAsync(beyond)).GetArrayLength().Should().Be(0);
        beyond.Headers.GetValues("X-Total-Count").Single().Should().Be(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestCase("active", 1)]
    [TestCase("suspended", 3)]
    public async Task List_StatusFilter_MatchesSql(string status, int code)
    {
        var drivers = await GetListAsync($"?status={status}&limit=500");

        drivers.Should().HaveCount(await ScalarAsync<int>("SELECT count(*) FROM drivers WHERE archived_at IS NULL AND status = $1", (short)code));
        drivers.Should().OnlyContain(d => d.GetProperty("status").GetString() == status);
    }

    [TestCase("low", 0, 40)]
    [TestCase("critical", 80, 101)]
    public async Task List_RiskCategoryFilter_MatchesSql(string category, int from, int to)
    {
        var drivers = await GetListAsync($"?risk_category={category}&limit=500");

        drivers.Should().HaveCount(await ScalarAsync<int>("SELECT count(*) FROM drivers WHERE archived_at IS NULL AND risk_score >= $1 AND risk_score < $2", (decimal)from, (decimal)to));
        drivers.Should().OnlyContain(d => d.GetProperty("risk_category").GetString() == category);
    }

    [Test]
    public async Task List_Search_MatchesIdNameOrEmailCaseInsensitively()
    {
        (await GetListAsync("?search=drv-0001")).Select(d => d.GetProperty("driver_id").GetString())
            .Should().BeEquivalentTo(await ColumnAsync("SELECT public_id FROM drivers WHERE archived_at IS NULL AND public_id ILIKE '%drv-0001%'"));
        var name = await ScalarAsync<string>("SELECT split_part(name, ' ', 2) FROM drivers WHERE id = 3");
        (await GetListAsync($"?search={Uri.EscapeDataString(name.ToUpperInvariant())}&limit=500")).Should().HaveCount(
            await ScalarAsync<int>("SELECT count(*) FROM drivers WHERE archived_at IS NULL AND (name ILIKE $1 OR email ILIKE $1 OR public_id ILIKE $1)", $"%{name}%"));
        (await GetListAsync("?search=%25_%25")).Should().BeEmpty("LIKE wildcards in the search text are literal");
    }

    [TestCase("name", "name", false)]
    [TestCase("-name", "name", true)]
    [TestCase("risk_score", "risk_score", false)]
    [TestCase("-risk_score", "risk_score", true)]
    public async Task List_Sort_OrdersByField(string sort, string field, bool descending)
    {
        var values = (await GetListAsync($"?sort={sort}&limit=500")).Select(d => d.GetProperty(field)).ToList();

        if (field == "name")
        {
            var names = values.Select(v => v.GetString()!).ToList();
            var expected = (await ColumnAsync($"SELECT name FROM drivers WHERE archived_at IS NULL ORDER BY name {(descending ? "DESC" : "ASC")}, id")).ToList();
            names.Should().Equal(expected);
        }
        else
        {
            var scores = values.Select(v => v.GetDecimal()).ToList();
            (descending ? scores.Should().BeInDescendingOrder() : scores.Should().BeInAscendingOrder()).And.HaveCountGreaterThan(10);
        }
    }

    [Test]
    public async Task List_SortByLastTripDescending_NewestFirstAndNeverDrivenLast()
    {
        var drivers = await GetListAsync("?sort=-last_trip_at&limit=500");

        var withTrips = drivers.TakeWhile(d => d.GetProperty("last_trip_at").ValueKind != JsonValueKind.Null)
            .Select(d => d.GetProperty("last_trip_at").GetDateTime()).ToList();
        withTrips.Should().BeInDescendingOrder().And.NotBeEmpty();
        drivers.Skip(withTrips.Count).All(d => d.GetProperty("last_trip_at").ValueKind == JsonValueKind.Null).Should().BeTrue();
    }

    [Test]
    public async Task List_SkipAtIntMax_EmptyPageWithTotalAndNoNextLink()
    {
        using var response = await Viewer.GetAsync($"/api/v1/admin/drivers?skip={int.MaxValue}&limit=500");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(response)).GetArrayLength().Should().Be(0);
        response.Headers.GetValues("Link").Single().Should().NotContain("rel=\"next\"").And.Contain("rel=\"prev\"");
    }

    [TestCase("?limit=0", "limit")]
    [TestCase("?limit=501", "limit")]
    [TestCase("?limit=ten", "limit")]
    [TestCase("?skip=-1", "skip")]
    [TestCase("?status=retired", "status")]
    [TestCase("?status=ACTIVE", "status")]
    [TestCase("?risk_category=extreme", "risk_category")]
    [TestCase("?sort=email", "sort")]
    public async Task List_BadParameter_ValidationProblemNamingIt(string query, string field)
    {
        using var response = await Viewer.GetAsync($"/api/v1/admin/drivers{query}");

        await response.ShouldBeValidationProblemAsync(field);
    }

    private async Task<List<JsonElement>> GetListAsync(string query)
    {
        using var response = await Viewer.GetAsync($"/api/v1/admin/drivers{query}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).EnumerateArray().ToList();
    }

    private async Task<IEnumerable<string>> ColumnAsync(string sql) => (await RowsAsync(sql)).Select(r => (string)r[0]);
}
