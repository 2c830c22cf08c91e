using FleetTelematics.Api.Json;
using System.Net;
using System.Text.Json;
using FleetTelematics.Api.Features.Drivers;
using FleetTelematics.Domain.Drivers;
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
        // Query parameters only: the list also documents the If-None-Match header it honours.
        var listParameters = _document.GetProperty("paths").GetProperty("/api/v1/admin/drivers").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString());
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

    [Test]
    public void Document_IsOpenApi31ServedFromItsOwnHost()
    {
        // 3.1: the schemas are JSON Schema 2020-12, so nullability is "type": [.., "null"] and bodies validate as they are.
        _document.GetProperty("openapi").GetString().Should().StartWith("3.1.");
        _document.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()).Should().Equal("/");
    }

    [Test]
    public void Document_OperationIds_StableAndMeaningful()
    {
        var ids = Operations().ToDictionary(o => o.Name, o => o.Operation.GetProperty("operationId").GetString());

        ids.Should().BeEquivalentTo(new Dictionary<string, string?>
        {
            ["post /api/v1/auth/token"] = "login",
            ["get /api/v1/auth/me"] = "getCurrentUser",
            ["get /api/v1/admin/dashboard/stats"] = "getDashboardStats",
            ["get /api/v1/admin/dashboard/summary"] = "getDashboardSummary",
            ["get /api/v1/admin/dashboard/trip-activity"] = "getTripActivity",
            ["get /api/v1/admin/dashboard/risk-distribution"] = "getRiskDistribution",
            ["get /api/v1/admin/dashboard/safety-events-breakdown"] = "getSafetyEventsBreakdown",
            ["get /api/v1/admin/drivers"] = "listDrivers",
            ["post /api/v1/admin/drivers"] = "createDriver",
            ["get /api/v1/admin/drivers/{driver_id}"] = "getDriver",
            ["patch /api/v1/admin/drivers/{driver_id}"] = "updateDriver",
            ["delete /api/v1/admin/drivers/{driver_id}"] = "deleteDriver",
            ["get /api/v1/admin/drivers/{driver_id}/details"] = "getDriverDetails",
            ["post /api/v1/ingest/trips"] = "ingestTrips",
            ["post /api/v1/ingest/safety-events"] = "ingestSafetyEvents",
        });
    }

    [Test]
    public void Document_EveryOperation_StatesItsSecurity()
    {
        foreach (var (name, operation) in Operations())
        {
            var security = operation.GetProperty("security");
            if (name == "post /api/v1/auth/token")
            {
                security.GetArrayLength().Should().Be(0, "logging in needs no token, and says so");
            }
            else
            {
                security.EnumerateArray().Single().TryGetProperty("oauth2", out _).Should().BeTrue(name);
            }
        }
    }

    [Test]
    public void Document_ResponseSchemas_EveryPropertyRequired()
    {
        var schemas = _document.GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "DriverCard", "DriverResponse", "DriverDetailsResponse", "DashboardSummaryResponse", "TripResponse", "ApiProblem", "TokenResponse" })
        {
            var schema = schemas.GetProperty(name);
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name);
            schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().BeEquivalentTo(properties, name);
        }
    }

    [Test]
    public void Document_Nullability_FollowsTheCSharpAnnotations()
    {
        var schemas = _document.GetProperty("components").GetProperty("schemas");
        bool Nullable(string schema, string property)
        {
            var node = schemas.GetProperty(schema).GetProperty("properties").GetProperty(property);
            return node.TryGetProperty("type", out var type)
                ? type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.GetString() == "null")
                : node.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Any(t => t.TryGetProperty("type", out var member) && member.GetString() == "null");
        }

        Nullable("DriverDetailsResponse", "vehicle").Should().BeTrue("a driver may have no vehicle");
        Nullable("DriverDetailsResponse", "driver").Should().BeFalse();
        Nullable("DriverCard", "vehicle_id").Should().BeTrue();
        Nullable("DriverCard", "last_trip_at").Should().BeTrue();
        Nullable("SafetyEventResponse", "speed_kmh").Should().BeTrue();
        Nullable("DriverCard", "name").Should().BeFalse();
        Nullable("DriverCard", "risk_score").Should().BeFalse();
        Nullable("DriverPatchRequest", "vehicle_id").Should().BeTrue("null unassigns the vehicle");
        Nullable("DriverPatchRequest", "name").Should().BeFalse("null is refused for every other field");
    }

    [Test]
    public void Document_DriverCreateRequest_RequiresWhatTheValidationRequires()
    {
        var requiredByValidation = new DriverCreateRequest().Validate(isCreate: true).Keys;

        _document.GetProperty("components").GetProperty("schemas").GetProperty("DriverCreateRequest").GetProperty("required")
            .EnumerateArray().Select(r => r.GetString()).Should().BeEquivalentTo(requiredByValidation);
    }

    [Test]
    public void Document_EveryResponse_ProblemJsonForErrorsJsonForBodies()
    {
        foreach (var (name, operation) in Operations())
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject())
            {
                var status = int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture);
                var mediaTypes = response.Value.TryGetProperty("content", out var content)
                    ? content.EnumerateObject().Select(m => m.Name).ToList()
                    : [];
                if (status >= 400)
                {
                    mediaTypes.Should().Equal(["application/problem+json"], $"{name} {status}");
                    content.GetProperty("application/problem+json").GetProperty("schema").GetRawText().Should().Contain("#/components/schemas/Api", $"{name} {status}");
                }
                else if (status is 204 or 304)
                {
                    mediaTypes.Should().BeEmpty($"{name} {status}");
                }
                else
                {
                    mediaTypes.Should().Equal(["application/json"], $"{name} {status}");
                }
            }

            operation.GetProperty("responses").TryGetProperty("400", out _).Should().BeTrue($"{name}: query and route text is judged on every operation");
        }
    }

    [Test]
    public void Document_ListDrivers_DocumentsPagingHeadersAndAcceptedValues()
    {
        var list = _document.GetProperty("paths").GetProperty("/api/v1/admin/drivers").GetProperty("get");
        var headers = list.GetProperty("responses").GetProperty("200").GetProperty("headers");
        string?[] Values(string parameter) => list.GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == parameter).GetProperty("schema").GetProperty("enum")
            .EnumerateArray().Select(v => v.GetString()).ToArray();

        headers.GetProperty("X-Total-Count").GetProperty("required").GetBoolean().Should().BeTrue();
        headers.GetProperty("X-Total-Count").GetProperty("schema").GetProperty("type").GetString().Should().Be("integer");
        headers.TryGetProperty("Link", out _).Should().BeTrue();
        Values("sort").Should().Equal(DriverSort.Allowed);
        Values("status").Should().Equal(Enum.GetValues<DriverStatus>().Select(v => ApiJson.WireName(v.ToString())));
        Values("risk_category").Should().Equal(Enum.GetValues<RiskCategory>().Select(v => ApiJson.WireName(v.ToString())));
    }

    private IEnumerable<(string Name, JsonElement Operation)> Operations() =>
        _document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => ($"{op.Name} {path.Name}", op.Value)));
}
