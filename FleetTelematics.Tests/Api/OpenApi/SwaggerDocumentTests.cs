using System.Net;
using System.Text.Json;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.OpenApi;

public sealed class SwaggerDocumentTests : ApiTestFixture
{
    private JsonElement _document;

    [OneTimeSetUp]
    public async Task LoadDocument()
    {
        using var response = await Anonymous.GetAsync("/swagger/v1/swagger.json");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _document = await JsonAsync(response);
    }

    [Test]
    public void Document_DescribesEveryContractRoute()
    {
        var paths = _document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        paths.Should().Contain([
            "/api/v1/auth/token",
            "/api/v1/admin/dashboard/stats",
            "/api/v1/admin/dashboard/summary",
            "/api/v1/admin/dashboard/trip-activity",
            "/api/v1/admin/dashboard/risk-distribution",
            "/api/v1/admin/dashboard/safety-events-breakdown",
            "/api/v1/admin/drivers",
            "/api/v1/admin/drivers/{driver_id}",
            "/api/v1/admin/drivers/{driver_id}/details",
        ]);
        var driver = _document.GetProperty("paths").GetProperty("/api/v1/admin/drivers/{driver_id}");
        driver.EnumerateObject().Select(o => o.Name).Should().Contain(["get", "patch", "delete"]);
    }

    [Test]
    public void Document_PasswordFlowWiredToTokenEndpoint()
    {
        var scheme = _document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2");

        scheme.GetProperty("type").GetString().Should().Be("oauth2");
        scheme.GetProperty("flows").GetProperty("password").GetProperty("tokenUrl").GetString().Should().Be("/api/v1/auth/token");
        var stats = _document.GetProperty("paths").GetProperty("/api/v1/admin/dashboard/stats").GetProperty("get");
        stats.GetProperty("security").GetArrayLength().Should().BeGreaterThan(0);
        stats.GetProperty("responses").TryGetProperty("401", out _).Should().BeTrue();
    }

    [Test]
    public void Document_SchemasUseSnakeCaseWireNames()
    {
        var schemas = _document.GetProperty("components").GetProperty("schemas");
        string[] Properties(string schema) => schemas.GetProperty(schema).GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray();

        Properties("DashboardSummaryResponse").Should().Contain(["trips_last_7_days", "distance_last_7_days_km", "top_risk_drivers", "generated_at"]);
        Properties("DriverCard").Should().Contain(["driver_id", "risk_category", "total_distance_km", "last_trip_at"]);
        Properties("DriverPatchRequest").Should().Contain(["risk_score", "license_number", "vehicle_id"]);
        var listParameters = _document.GetProperty("paths").GetProperty("/api/v1/admin/drivers").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString());
        listParameters.Should().BeEquivalentTo(["skip", "limit", "search", "status", "risk_category", "sort"]);
    }

    [Test]
    public void Document_CachedOperations_DescribeTtlHeadersAnd304()
    {
        var summary = _document.GetProperty("paths").GetProperty("/api/v1/admin/dashboard/summary").GetProperty("get");

        summary.GetProperty("description").GetString().Should().Contain("60 s").And.Contain("dashboard_summary");
        summary.GetProperty("responses").GetProperty("200").GetProperty("headers").EnumerateObject().Select(h => h.Name)
            .Should().Contain(["X-Cache", "ETag", "Cache-Control", "Age"]);
        summary.GetProperty("responses").TryGetProperty("304", out _).Should().BeTrue();
        var patch = _document.GetProperty("paths").GetProperty("/api/v1/admin/drivers/{driver_id}").GetProperty("patch");
        patch.GetProperty("description").GetString().Should().Contain("driver_detail:{driver_id}").And.Contain("risk_distribution");
    }

    [Test]
    public void Document_EveryApiOperation_Lists503WithRetryAfterAndProblemBody()
    {
        var operations = _document.GetProperty("paths").EnumerateObject()
            .Where(path => path.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name} {path.Name}", Operation: op.Value)))
            .ToList();

        operations.Should().NotBeEmpty();
        foreach (var (name, operation) in operations)
        {
            operation.GetProperty("responses").TryGetProperty("503", out var unavailable).Should().BeTrue(name);
            unavailable.GetProperty("headers").TryGetProperty("Retry-After", out _).Should().BeTrue(name);
            unavailable.GetProperty("content").TryGetProperty("application/problem+json", out _).Should().BeTrue(name);
        }

        var summary = _document.GetProperty("paths").GetProperty("/api/v1/admin/dashboard/summary").GetProperty("get");
        summary.GetProperty("responses").GetProperty("200").GetProperty("headers").GetProperty("X-Cache")
            .GetProperty("description").GetString().Should().Contain("STALE");
    }
}
