using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FleetTelematics.Api.Features.Drivers;
using FleetTelematics.Api.Json;
using FleetTelematics.Domain.Drivers;
using FleetTelematics.Infrastructure.Persistence;
using FleetTelematics.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace FleetTelematics.Tests.Api.Features;

/// <summary>
/// The driver reads answer exactly what they answered when every driver's trip totals were three correlated
/// subqueries, computed for every matching driver before OFFSET/LIMIT (that formulation is kept here as the oracle):
/// every sort, filter and page of the list, and every driver alone, on a fleet with ties in every sort key, drivers
/// who never drove and an archived driver. Pages past the end are empty with the right total.
/// </summary>
public sealed class DriverQueriesTests : ApiTestFixture
{
    private static readonly string[] Filters = ["", "status=active", "risk_category=medium", "search=smith", "search=drv-001"];

    // 42 live drivers (40 seeded, 3 added, 1 archived): first pages, a page of one (it cuts the three-way tie at the head
    // of -last_trip_at), pages in the middle, the last page, and one past the end.
    private static readonly (int Skip, int Limit)[] Pages = [(0, 100), (0, 1), (3, 7), (20, 5), (38, 10), (1000, 3)];

    [OneTimeSetUp]
    public async Task AddTiesDriversWhoNeverDroveAndAnArchivedDriver()
    {
        // Namesakes with one risk score and no trips: ties in name, in risk score and in "never drove".
        var score = await ScalarAsync<decimal>("SELECT risk_score FROM drivers WHERE id = 1");
        for (var i = 0; i < 3; i++)
        {
            var code = await CreateAsync("Tie Smith");
            using var patched = await PatchAsync(code, string.Create(CultureInfo.InvariantCulture, $$"""{"risk_score":{{score}}}"""));
            patched.StatusCode.Should().Be(HttpStatusCode.OK, await patched.Content.ReadAsStringAsync());
        }

        // Three drivers whose last trips start at the same instant, the newest of the fleet: a tie in last_trip_at.
        await RowsAsync("""
            INSERT INTO trips (driver_id, status, started_at, ended_at, distance_km, duration_seconds)
            SELECT driver, 2, newest + interval '1 second', newest + interval '31 minutes', 12.50, 1800
            FROM (SELECT max(started_at) AS newest FROM trips) AS fleet, unnest(ARRAY[4, 5, 6]) AS driver
            """);

        using var archived = await Admin.DeleteAsync("/api/v1/admin/drivers/DRV-0002");
        archived.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Test]
    public async Task ListAsync_EverySortFilterAndPage_SameCardsAndTotalAsAggregatingEveryDriver(
        [ValueSource(typeof(DriverSort), nameof(DriverSort.Allowed))] string sort, [ValueSource(nameof(Filters))] string filter)
    {
        var cardsSeen = 0;
        foreach (var (skip, limit) in Pages)
        {
            var parameters = Parameters(filter, sort, skip, limit);
            await using var db = CreateContext();

            var (page, total) = await DriverQueries.ListAsync(db, parameters, CancellationToken.None);

            var (expectedPage, expectedTotal) = await AggregatingEveryDriverAsync(db, parameters);
            var request = $"?{filter}&sort={sort}&skip={skip}&limit={limit}";
            Wire(page).Should().Be(Wire(expectedPage), request);
            total.Should().Be(expectedTotal, request);
            cardsSeen += page.Count;
        }

        cardsSeen.Should().BePositive("some of these pages have drivers on them");
    }

    [Test]
    public async Task FindAsync_EveryDriver_SameAsAggregatingSubqueries()
    {
        await using var db = CreateContext();
        var ids = await db.Drivers.Select(d => d.Id).ToListAsync();

        foreach (var id in ids)
        {
            var driver = await DriverQueries.FindAsync(db, id, CancellationToken.None);

            var expected = await AggregatingSubqueries(db, db.Drivers.Where(d => d.Id == id && d.ArchivedAt == null)).SingleOrDefaultAsync();
            Wire(driver).Should().Be(Wire(expected?.ToResponse()), $"driver {id}");
        }

        ids.Should().HaveCountGreaterThan(40, "the seeded drivers, the archived one and the ones added here");
    }

    [TestCase("", "true")]
    [TestCase("&search=smith&sort=-last_trip_at", "(name ILIKE '%smith%' OR email ILIKE '%smith%' OR public_id ILIKE '%smith%')")]
    [TestCase("&status=active&sort=name", "status = 1")]
    public async Task List_SkipAtOrBeyondTheTotal_EmptyPageWithTotalAndOnlyAPrevLink(string query, string condition)
    {
        var total = await ScalarAsync<int>($"SELECT count(*) FROM drivers WHERE archived_at IS NULL AND {condition}");

        foreach (var skip in new[] { total, total + 1, 10_000_000, int.MaxValue })
        {
            using var response = await Viewer.GetAsync($"/api/v1/admin/drivers?skip={skip}&limit=10{query}");

            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await JsonAsync(response)).GetArrayLength().Should().Be(0);
            response.Headers.GetValues("X-Total-Count").Single().Should().Be(total.ToString(CultureInfo.InvariantCulture), $"skip={skip}");
            response.Headers.GetValues("Link").Single().Should().Contain("rel=\"prev\"").And.NotContain("rel=\"next\"");
        }
    }

    /// <summary>
    /// The list as it was: every matching driver with its trip totals, then sorted, then OFFSET/LIMIT; the total
    /// counted separately.
    /// </summary>
    private static async Task<(List<DriverCard> Page, int Total)> AggregatingEveryDriverAsync(FleetDbContext db,
        DriverListParameters parameters)
    {
        var drivers = DriverQueries.Filter(db.Drivers.Where(d => d.ArchivedAt == null), parameters);
        var page = await DriverSort.Apply(AggregatingSubqueries(db, drivers), parameters.SortOrder)
            .Skip(parameters.Skip)
            .Take(parameters.Limit)
            .ToListAsync();
        return (page.Select(r => r.ToCard()).ToList(), await drivers.CountAsync());
    }

    /// <summary>The projection as it was: the trip totals as three correlated subqueries.</summary>
    private static IQueryable<DriverRow> AggregatingSubqueries(FleetDbContext db, IQueryable<Driver> drivers) =>
        drivers.Select(d => new DriverRow
        {
            Id = d.Id,
            Name = d.Name,
            Email = d.Email,
            Phone = d.Phone,
            City = d.City,
            Status = d.Status,
            RiskScore = d.RiskScore,
            VehicleId = d.VehicleId,
            LicenseNumber = d.LicenseNumber,
            HireDate = d.HireDate,
            CreatedAt = d.CreatedAt,
            UpdatedAt = d.UpdatedAt,
            TotalTrips = db.Trips.Count(t => t.DriverId == d.Id),
            TotalDistanceKm = db.Trips.Where(t => t.DriverId == d.Id).Sum(t => (decimal?)t.DistanceKm) ?? 0m,
            LastTripAt = db.Trips.Where(t => t.DriverId == d.Id).Max(t => (DateTime?)t.StartedAt),
        });

    private static DriverListParameters Parameters(string filter, string sort, int skip, int limit)
    {
        var (name, value) = filter.Split('=') is [var n, var v] ? (n, v) : ("", "");
        return new DriverListParameters
        {
            Skip = skip,
            Limit = limit,
            Sort = sort,
            Status = name == "status" ? value : null,
            RiskCategory = name == "risk_category" ? value : null,
            Search = name == "search" ? value : null,
        };
    }

    // The bytes the endpoint would send: decimal scale (0.0 against 0) and sub-second times count.
    private static string Wire<T>(T value) => JsonSerializer.Serialize(value, ApiJson.Options);

    private FleetDbContext CreateContext() => TestDatabases.CreateContext(Database);

    private async Task<string> CreateAsync(string name)
    {
        var unique = Guid.NewGuid().ToString("N");
        using var response = await Admin.PostAsJsonAsync("/api/v1/admin/drivers", new
        {
            name,
            email = $"tie.{unique}@fleet.example",
            phone = "+1-555-000-0000",
            license_number = $"TL-{unique}"[..20],
            city = "Austin",
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).GetProperty("driver_id").GetString()!;
    }

    private Task<HttpResponseMessage> PatchAsync(string code, string json) =>
        Admin.PatchAsync($"/api/v1/admin/drivers/{code}", new StringContent(json, Encoding.UTF8, "application/merge-patch+json"));
}
