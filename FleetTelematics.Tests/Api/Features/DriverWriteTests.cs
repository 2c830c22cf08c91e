using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Features;

public sealed class DriverWriteTests : ApiTestFixture
{
    private static int _unique;

    [Test]
    public async Task Create_ValidDriver_CreatedWithLocationAndNextId()
    {
        var highestId = await ScalarAsync<int>("SELECT max(id) FROM drivers");

        using var response = await Admin.PostAsJsonAsync("/api/v1/admin/drivers", NewDriver(vehicleId: "VEH-0002"));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var driver = await JsonAsync(response);
        var code = driver.GetProperty("driver_id").GetString();
        // A sequence assigns ids: always above every existing one (failed inserts may leave gaps).
        code.Should().MatchRegex(@"^DRV-\d{4,}$");
        int.Parse(code![4..], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(highestId);
        response.Headers.Location!.ToString().Should().Be($"/api/v1/admin/drivers/{code}");
        response.Headers.ETag.Should().NotBeNull();
        driver.GetProperty("status").GetString().Should().Be("active");
        driver.GetProperty("vehicle_id").GetString().Should().Be("VEH-0002");
        driver.GetProperty("total_trips").GetInt32().Should().Be(0);
        using var fetched = await Viewer.GetAsync(response.Headers.Location);
        fetched.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task Create_DuplicateEmailOrLicence_Conflict()
    {
        var original = NewDriver();
        (await Admin.PostAsJsonAsync("/api/v1/admin/drivers", original)).StatusCode.Should().Be(HttpStatusCode.Created);
        var drivers = await ScalarAsync<int>("SELECT count(*) FROM drivers");

        using var sameEmail = await Admin.PostAsJsonAsync("/api/v1/admin/drivers", NewDriver() with { email = original.email.ToUpperInvariant() });
        using var sameLicence = await Admin.PostAsJsonAsync("/api/v1/admin/drivers", NewDriver() with { license_number = original.license_number });

        (await sameEmail.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().Should().Contain("email");
        (await sameLicence.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().Should().Contain("license_number");
        (await ScalarAsync<int>("SELECT count(*) FROM drivers")).Should().Be(drivers);
    }

    [TestCase("""{"name":"A","email":"a@b.co","phone":"123","license_number":"L-1","city":"X","nickname":"oops"}""", "nickname")]
    [TestCase("""{"email":"a@b.co","phone":"123","license_number":"L-1","city":"X"}""", "name")]
    [TestCase("""{"name":"A","email":"not-an-email","phone":"123","license_number":"L-1","city":"X"}""", "email")]
    [TestCase("""{"name":"A","email":"a@b.co","phone":"call me","license_number":"L-1","city":"X"}""", "phone")]
    [TestCase("""{"name":"A","email":"a@b.co","phone":"123","license_number":"L-1","city":"X","status":"retired"}""", "status")]
    [TestCase("""{"name":"A","email":"a@b.co","phone":"123","license_number":"L-1","city":"X","vehicle_id":"VEH-9"}""", "vehicle_id")]
    [TestCase("""{"name":"A","email":"a@b.co","phone":"123","license_number":"L-1","city":"X","vehicle_id":"VEH-9999"}""", "vehicle_id")]
    public async Task Create_InvalidBody_ValidationProblemAndNothingWritten(string json, string field)
    {
        var drivers = await ScalarAsync<int>("SELECT count(*) FROM drivers");

        using var response = await Admin.PostAsync("/api/v1/admin/drivers", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(name => name.Contains(field));
        (await ScalarAsync<int>("SELECT count(*) FROM drivers")).Should().Be(drivers);
    }

    [Test]
    public async Task Create_MalformedJson_BadRequest()
    {
        using var response = await Admin.PostAsync("/api/v1/admin/drivers", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Create_WrongContentType_UnsupportedMediaType()
    {
        using var response = await Admin.PostAsync("/api/v1/admin/drivers", new StringContent("name=x", Encoding.UTF8, "text/plain"));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task Create_OversizedBody_PayloadTooLarge()
    {
        var huge = $$"""{"name":"{{new string('x', 100_000)}}"}""";

        using var response = await Admin.PostAsync("/api/v1/admin/drivers", new StringContent(huge, Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task Patch_MergeSemantics_ChangesOnlyGivenFieldsAndNullUnassignsVehicle()
    {
        var code = await CreateAsync(NewDriver(vehicleId: "VEH-0003"));

        using var response = await PatchAsync(code, """{"city":"Lisbon","risk_score":82.5,"vehicle_id":null}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var driver = await JsonAsync(response);
        driver.GetProperty("city").GetString().Should().Be("Lisbon");
        driver.GetProperty("risk_score").GetDecimal().Should().Be(82.5m);
        driver.GetProperty("risk_category").GetString().Should().Be("critical");
        driver.GetProperty("vehicle_id").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        driver.GetProperty("name").GetString().Should().StartWith("Test Driver");
    }

    [TestCase("""{"name":null}""", "name")]
    [TestCase("""{"risk_score":100.5}""", "risk_score")]
    [TestCase("""{"risk_score":50.55}""", "risk_score")]
    [TestCase("""{"risk_score":"high"}""", "risk_score")]
    [TestCase("""{"status":"gone"}""", "status")]
    [TestCase("""{"driver_id":"DRV-0001"}""", "driver_id")]
    [TestCase("""[1,2]""", "$")]
    public async Task Patch_InvalidDocument_ValidationProblemAndNothingChanged(string json, string field)
    {
        var code = await CreateAsync(NewDriver());
        var before = await ScalarAsync<DateTime>("SELECT updated_at FROM drivers WHERE public_id = $1", code);

        using var response = await PatchAsync(code, json);

        await response.ShouldBeValidationProblemAsync(field);
        (await ScalarAsync<DateTime>("SELECT updated_at FROM drivers WHERE public_id = $1", code)).Should().Be(before);
    }

    [Test]
    public async Task Patch_StaleIfMatch_PreconditionFailed()
    {
        var code = await CreateAsync(NewDriver());
        using var original = await Admin.GetAsync($"/api/v1/admin/drivers/{code}");
        (await PatchAsync(code, """{"city":"Porto"}""")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var stale = await PatchAsync(code, """{"city":"Faro"}""", original.Headers.ETag);

        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        (await ScalarAsync<string>("SELECT city FROM drivers WHERE public_id = $1", code)).Should().Be("Porto");
    }

    [Test]
    public async Task Patch_TwoConcurrentWithSameETag_ExactlyOneWins()
    {
        var code = await CreateAsync(NewDriver());
        using var current = await Admin.GetAsync($"/api/v1/admin/drivers/{code}");
        var etag = current.Headers.ETag;

        var results = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => PatchAsync(code, $$"""{"city":"City {{i}}"}""", etag)));

        results.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        results.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed).Should().Be(5);
        var winner = await JsonAsync(results.Single(r => r.StatusCode == HttpStatusCode.OK));
        (await ScalarAsync<string>("SELECT city FROM drivers WHERE public_id = $1", code)).Should().Be(winner.GetProperty("city").GetString());
    }

    [Test]
    public async Task Delete_Driver_ArchivedEverywhereButHistoryStillCounts()
    {
        var id = await ScalarAsync<int>("SELECT driver_id FROM trips t JOIN drivers d ON d.id = t.driver_id WHERE d.archived_at IS NULL GROUP BY driver_id ORDER BY count(*) DESC LIMIT 1");
        var code = $"DRV-{id:D4}";
        var tripsBefore = await TotalTripsAsync();
        var driversBefore = (await JsonAsync(await Admin.GetAsync("/api/v1/admin/dashboard/stats"))).GetProperty("total_drivers").GetInt32();

        using var deleted = await Admin.DeleteAsync($"/api/v1/admin/drivers/{code}");

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Admin.GetAsync($"/api/v1/admin/drivers/{code}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Admin.GetAsync($"/api/v1/admin/drivers/{code}/details")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Admin.DeleteAsync($"/api/v1/admin/drivers/{code}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await PatchAsync(code, """{"city":"X"}""")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var list = await JsonAsync(await Admin.GetAsync($"/api/v1/admin/drivers?search={code}"));
        list.GetArrayLength().Should().Be(0);
        (await JsonAsync(await Admin.GetAsync("/api/v1/admin/dashboard/stats"))).GetProperty("total_drivers").GetInt32().Should().Be(driversBefore - 1);
        (await TotalTripsAsync()).Should().Be(tripsBefore, "an archived driver's trips stay in the history");
    }

    private async Task<int> TotalTripsAsync() =>
        (await JsonAsync(await Admin.GetAsync("/api/v1/admin/dashboard/trip-activity?days=30"))).EnumerateArray().Sum(d => d.GetProperty("trips").GetInt32());

    private async Task<string> CreateAsync(NewDriverBody body)
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/admin/drivers", body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).GetProperty("driver_id").GetString()!;
    }

    private async Task<HttpResponseMessage> PatchAsync(string code, string json, EntityTagHeaderValue? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/admin/drivers/{code}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(ifMatch);
        }

        return await Admin.SendAsync(request);
    }

    private static NewDriverBody NewDriver(string? vehicleId = null)
    {
        var n = Interlocked.Increment(ref _unique);
        return new NewDriverBody($"Test Driver {n}", $"test.driver.{n}.{Guid.NewGuid():N}@fleet.example", "+1-555-000-0000",
            $"TL-{Guid.NewGuid():N}"[..20], "Austin", vehicleId);
    }

    private sealed record NewDriverBody(string name, string email, string phone, string license_number, string city, string? vehicle_id);
}
