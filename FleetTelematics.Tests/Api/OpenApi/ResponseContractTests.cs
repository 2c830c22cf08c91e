using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FleetTelematics.Tests.Support;
using Npgsql;

namespace FleetTelematics.Tests.Api.OpenApi;

/// <summary>
/// Every route on the wire against the document the API serves: a tour sends each operation its misses, hits and
/// 304s, its writes, and each client error it documents (400, 401, 403, 404, 409, 412, 413, 415, 429); a second
/// instance behind a cut database adds the 503s and a STALE hit. Each answer must be documented for its operation
/// and validate against the document's own schemas and headers, and each documented answer must have been seen —
/// so the document can neither lie about a response nor promise one that never comes.
/// </summary>
[NonParallelizable]
public sealed class ResponseContractTests : ApiTestFixture
{
    private const string Drivers = "/api/v1/admin/drivers";
    private readonly List<RecordedExchange> _exchanges = [];
    private JsonNode _document = null!;
    private OpenApiContract _contract = null!;

    [OneTimeSetUp]
    public async Task TourEveryRoute()
    {
        using (var response = await Anonymous.GetAsync("/swagger/v1/swagger.json"))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            _document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }

        _contract = new OpenApiContract(_document);
        await TourLoginAsync();
        await TourReadsAsync();
        await TourWritesAsync();
        await TourClientErrorsAsync();
        await TourIngestAsync();
        await TourDatabaseOutageAsync();
    }

    [Test]
    public void EveryResponse_ConformsToTheDocument()
    {
        var violations = _exchanges.SelectMany(_contract.Violations).ToList();

        _exchanges.Should().HaveCountGreaterThan(100);
        violations.Should().BeEmpty();
    }

    [Test]
    public void EveryDocumentedResponse_SeenOnTheWire()
    {
        var seen = _exchanges.Select(e => (e.OperationId, e.Status)).ToHashSet();

        string.Join(", ", _contract.DocumentedResponses.Where(r => !seen.Contains(r)).Select(r => $"{r.OperationId} {r.Status}"))
            .Should().BeEmpty("every status the document lists is one the API really answers");
    }

    [Test]
    public void DocumentExamples_ValidAgainstTheirSchemas()
    {
        var examples = Examples(_document).ToList();
        var violations = examples.SelectMany(e => e.Examples.SelectMany(x =>
        {
            using var value = JsonDocument.Parse(x.ToJsonString());
            return _contract.SchemaViolations(e.Schema, value.RootElement).Select(v => $"{e.Schema.GetPath()}: {v}");
        })).ToList();

        examples.Should().HaveCountGreaterThan(10);
        violations.Should().BeEmpty();
    }

    [Test]
    public void Validation_BodyThatBreaksTheSchema_Reported()
    {
        // The judge itself: a card without a required field, with a wrong enum and a bad date must not pass.
        var card = _document["components"]!["schemas"]!["DriverCard"]!;
        using var broken = JsonDocument.Parse("""
            {"driver_id":"DRV-0001","name":"A","email":"a@b.co","phone":"1","city":"X","status":"retired","risk_score":1,
             "risk_category":"low","vehicle_id":null,"total_trips":1,"last_trip_at":"yesterday"}
            """);

        var violations = _contract.SchemaViolations(card, broken.RootElement);

        violations.Should().Contain(v => v.Contains("total_distance_km", StringComparison.Ordinal));
        violations.Should().Contain(v => v.StartsWith("/status", StringComparison.Ordinal));
        violations.Should().Contain(v => v.StartsWith("/last_trip_at", StringComparison.Ordinal));
    }

    private async Task TourLoginAsync()
    {
        await RecordAsync("login", Anonymous, Post("/api/v1/auth/token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "viewer", ["password"] = "fleet-viewer-dev" })));
        await RecordAsync("login", Anonymous, Post("/api/v1/auth/token", JsonContent.Create(new { username = "admin", password = "fleet-admin-dev" })));
        await RecordAsync("login", Anonymous, Post("/api/v1/auth/token", JsonContent.Create(new { username = "admin", password = "wrong" })));
        await RecordAsync("login", Anonymous, Post("/api/v1/auth/token", JsonContent.Create(new { username = "" })));
        await RecordAsync("login", Anonymous, Post("/api/v1/auth/token", new StringContent("admin:fleet-admin-dev", Encoding.UTF8, "text/plain")));
        await RecordAsync("login", Anonymous, Post("/api/v1/auth/token", Oversized()));
        var throttled = $"throttled-{Guid.NewGuid():N}";
        for (var i = 0; i < 8; i++)
        {
            await RecordAsync("login", Anonymous, Post("/api/v1/auth/token",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = throttled, ["password"] = "wrong" })));
        }
    }

    private async Task TourReadsAsync()
    {
        var cached = new (string Operation, string Path)[]
        {
            ("getDashboardStats", "/api/v1/admin/dashboard/stats"),
            ("getDashboardSummary", "/api/v1/admin/dashboard/summary"),
            ("getTripActivity", "/api/v1/admin/dashboard/trip-activity?days=30"),
            ("getRiskDistribution", "/api/v1/admin/dashboard/risk-distribution"),
            ("getSafetyEventsBreakdown", "/api/v1/admin/dashboard/safety-events-breakdown?days=90"),
            ("listDrivers", $"{Drivers}?skip=5&limit=5&status=active&sort=-risk_score"),
            ("listDrivers", $"{Drivers}?search=drv-00&risk_category=high"),
            ("getDriverDetails", $"{Drivers}/DRV-0001/details"),
            ("getDriverDetails", $"{Drivers}/{await DriverWithoutVehicleAsync()}/details"),
        };
        foreach (var (operation, path) in cached)
        {
            await RecordAsync(operation, Viewer, Get(path));
            var hit = await RecordAsync(operation, Viewer, Get(path));
            await RecordAsync(operation, Viewer, Get(path).With("If-None-Match", hit.Headers["ETag"]));
        }

        await RecordAsync("getCurrentUser", Viewer, Get("/api/v1/auth/me"));
        var driver = await RecordAsync("getDriver", Viewer, Get($"{Drivers}/DRV-0002"));
        await RecordAsync("getDriver", Viewer, Get($"{Drivers}/DRV-0002").With("If-None-Match", driver.Headers["ETag"]));
    }

    private async Task TourWritesAsync()
    {
        var created = await RecordAsync("createDriver", Admin, Post(Drivers, JsonContent.Create(NewDriver())));
        var id = JsonNode.Parse(created.Body)!["driver_id"]!.GetValue<string>();
        var patched = await RecordAsync("updateDriver", Admin, Patch($"{Drivers}/{id}", """{"city":"Zürich","vehicle_id":null}""")
            .With("If-Match", created.Headers["ETag"]));
        await RecordAsync("updateDriver", Admin, Patch($"{Drivers}/{id}", """{"risk_score":85.5}""").With("If-Match", created.Headers["ETag"]));
        await RecordAsync("deleteDriver", Admin, new HttpRequestMessage(HttpMethod.Delete, $"{Drivers}/{id}").With("If-Match", created.Headers["ETag"]));
        await RecordAsync("deleteDriver", Admin, new HttpRequestMessage(HttpMethod.Delete, $"{Drivers}/{id}").With("If-Match", patched.Headers["ETag"]));
        await RecordAsync("getDriver", Admin, Get($"{Drivers}/{id}"));
        await RecordAsync("getDriverDetails", Admin, Get($"{Drivers}/{id}/details"));
        await RecordAsync("updateDriver", Admin, Patch($"{Drivers}/{id}", """{"city":"Bern"}"""));
        await RecordAsync("deleteDriver", Admin, new HttpRequestMessage(HttpMethod.Delete, $"{Drivers}/{id}"));

        var first = NewDriver();
        await RecordAsync("createDriver", Admin, Post(Drivers, JsonContent.Create(first)));
        await RecordAsync("createDriver", Admin, Post(Drivers, JsonContent.Create(NewDriver() with { email = first.email })));
        await RecordAsync("updateDriver", Admin, Patch($"{Drivers}/DRV-0003", $$"""{"email":"{{first.email}}"}"""));
    }

    private async Task TourClientErrorsAsync()
    {
        var reads = new (string Operation, string Path)[]
        {
            ("getDashboardStats", "/api/v1/admin/dashboard/stats"),
            ("getDashboardSummary", "/api/v1/admin/dashboard/summary"),
            ("getTripActivity", "/api/v1/admin/dashboard/trip-activity"),
            ("getRiskDistribution", "/api/v1/admin/dashboard/risk-distribution"),
            ("getSafetyEventsBreakdown", "/api/v1/admin/dashboard/safety-events-breakdown"),
            ("listDrivers", Drivers),
            ("getDriver", $"{Drivers}/DRV-0001"),
            ("getDriverDetails", $"{Drivers}/DRV-0001/details"),
            ("getCurrentUser", "/api/v1/auth/me"),
        };
        foreach (var (operation, path) in reads)
        {
            await RecordAsync(operation, Anonymous, Get(path));
            await RecordAsync(operation, Anonymous, Get(path).With("Authorization", "Bearer not-a-token"));
            await RecordAsync(operation, Viewer, Get(path + "?x=%00"));
            await RecordAsync(operation, Gateway, Get(path));
        }

        await RecordAsync("getTripActivity", Viewer, Get("/api/v1/admin/dashboard/trip-activity?days=0"));
        await RecordAsync("getSafetyEventsBreakdown", Viewer, Get("/api/v1/admin/dashboard/safety-events-breakdown?days=9999"));
        await RecordAsync("listDrivers", Viewer, Get($"{Drivers}?limit=0&status=retired&sort=age"));
        foreach (var (operation, path) in new[] { ("getDriver", $"{Drivers}/DRV-9999"), ("getDriverDetails", $"{Drivers}/DRV-9999/details") })
        {
            await RecordAsync(operation, Viewer, Get(path));
            await RecordAsync(operation, Viewer, Get(path.Replace("DRV-9999", "DRIVER-1", StringComparison.Ordinal)));
        }

        foreach (var viewerOrAnonymous in new[] { Viewer, Anonymous })
        {
            await RecordAsync("createDriver", viewerOrAnonymous, Post(Drivers, JsonContent.Create(NewDriver())));
            await RecordAsync("updateDriver", viewerOrAnonymous, Patch($"{Drivers}/DRV-0001", """{"city":"Bern"}"""));
            await RecordAsync("deleteDriver", viewerOrAnonymous, new HttpRequestMessage(HttpMethod.Delete, $"{Drivers}/DRV-0001"));
        }

        await RecordAsync("createDriver", Admin, Post(Drivers, new StringContent("""{"name":"A","email":"not-an-email"}""", Encoding.UTF8, "application/json")));
        await RecordAsync("createDriver", Admin, Post(Drivers, new StringContent("{", Encoding.UTF8, "application/json")));
        await RecordAsync("createDriver", Admin, Post(Drivers, new StringContent("name=A", Encoding.UTF8, "text/plain")));
        await RecordAsync("createDriver", Admin, Post(Drivers, Oversized()));
        await RecordAsync("updateDriver", Admin, Patch($"{Drivers}/DRV-0001", """{"nickname":"x","status":null}"""));
        await RecordAsync("updateDriver", Admin, Patch($"{Drivers}/DRV-9999", """{"city":"Bern"}"""));
        await RecordAsync("updateDriver", Admin, new HttpRequestMessage(HttpMethod.Patch, $"{Drivers}/DRV-0001")
        {
            Content = new StringContent("city=Bern", Encoding.UTF8, "text/plain"),
        });
        await RecordAsync("updateDriver", Admin, new HttpRequestMessage(HttpMethod.Patch, $"{Drivers}/DRV-0001") { Content = Oversized() });
        await RecordAsync("deleteDriver", Admin, new HttpRequestMessage(HttpMethod.Delete, $"{Drivers}/DRV-9999"));
        await RecordAsync("deleteDriver", Admin, new HttpRequestMessage(HttpMethod.Delete, $"{Drivers}/DRIVER-1"));
    }

    private async Task TourIngestAsync()
    {
        var trip = $"contract-{Guid.NewGuid():N}";
        var now = DateTime.UtcNow;
        var trips = new (string Operation, string Path, Func<object[], object> Batch, object Record)[]
        {
            ("ingestTrips", "/api/v1/ingest/trips", records => new { trips = records },
                new { external_id = trip, driver_id = "DRV-0001", vehicle_id = "VEH-0001", started_at = now.AddMinutes(-9), ended_at = (DateTime?)null, distance_km = (decimal?)null }),
            ("ingestSafetyEvents", "/api/v1/ingest/safety-events", records => new { events = records },
                new { external_id = $"{trip}-e", trip_external_id = trip, type = "speeding", severity = "low", occurred_at = now.AddMinutes(-8), speed_kmh = (decimal?)98.5m }),
        };
        foreach (var (operation, path, batch, record) in trips)
        {
            await RecordAsync(operation, Gateway, Post(path, JsonContent.Create(batch([record, new { external_id = "no good" }]))));
            await RecordAsync(operation, Admin, Post(path, JsonContent.Create(batch([record]))));
            await RecordAsync(operation, Gateway, Post(path, new StringContent("{\"records\": 1}", Encoding.UTF8, "application/json")));
            await RecordAsync(operation, Gateway, Post(path, new StringContent("trips", Encoding.UTF8, "text/plain")));
            await RecordAsync(operation, Gateway, Post(path, JsonContent.Create(batch(Enumerable.Repeat(record, 5_001).ToArray()))));
            await RecordAsync(operation, Anonymous, Post(path, JsonContent.Create(batch([record]))));
            await RecordAsync(operation, Viewer, Post(path, JsonContent.Create(batch([record]))));
        }
    }

    /// <summary>A second instance whose database is cut after it ran normally: 503 everywhere, STALE where an entry only aged out.</summary>
    private async Task TourDatabaseOutageAsync()
    {
        var direct = new NpgsqlConnectionStringBuilder(ConnectionString);
        await using var proxy = new SwitchableTcpProxy(direct.Host!, direct.Port);
        var proxied = new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        // Stats live 1 s and may stand in for 2 s more: STALE just after the cut, 503 once that window has passed too.
        await using var offline = new FleetApiFactory(proxied, new Dictionary<string, string?>
        {
            ["Caching:Ttl:dashboard_stats"] = "1",
            ["Caching:StaleIfError"] = "00:00:02",
        });
        using var admin = await LoginAsync(offline, "admin", "fleet-admin-dev");
        using var anonymous = offline.CreateClient();
        await RecordAsync("getDashboardStats", admin, Get("/api/v1/admin/dashboard/stats"));
        var warmed = DateTime.UtcNow;
        proxy.Cut();
        await Task.Delay(TimeSpan.FromSeconds(1.2));

        await RecordAsync("getDashboardStats", admin, Get("/api/v1/admin/dashboard/stats"));
        await RecordAsync("login", anonymous, Post("/api/v1/auth/token", JsonContent.Create(new { username = "admin", password = "fleet-admin-dev" })));
        await RecordAsync("getDashboardSummary", admin, Get("/api/v1/admin/dashboard/summary"));
        await RecordAsync("getTripActivity", admin, Get("/api/v1/admin/dashboard/trip-activity"));
        await RecordAsync("getRiskDistribution", admin, Get("/api/v1/admin/dashboard/risk-distribution"));
        await RecordAsync("getSafetyEventsBreakdown", admin, Get("/api/v1/admin/dashboard/safety-events-breakdown"));
        await RecordAsync("listDrivers", admin, Get(Drivers));
        await RecordAsync("getDriver", admin, Get($"{Drivers}/DRV-0001"));
        await RecordAsync("getDriverDetails", admin, Get($"{Drivers}/DRV-0001/details"));
        await RecordAsync("createDriver", admin, Post(Drivers, JsonContent.Create(NewDriver())));
        await RecordAsync("updateDriver", admin, Patch($"{Drivers}/DRV-0001", """{"city":"Bern"}"""));
        await RecordAsync("deleteDriver", admin, new HttpRequestMessage(HttpMethod.Delete, $"{Drivers}/DRV-0001"));
        await RecordAsync("ingestTrips", admin, Post("/api/v1/ingest/trips", JsonContent.Create(new { trips = new[]
        {
            new { external_id = "contract-outage", driver_id = "DRV-0001", vehicle_id = "VEH-0001", started_at = DateTime.UtcNow.AddMinutes(-1) },
        } })));
        await RecordAsync("ingestSafetyEvents", admin, Post("/api/v1/ingest/safety-events", JsonContent.Create(new { events = new[]
        {
            new { external_id = "contract-outage-e", trip_external_id = "contract-outage", type = "fatigue", severity = "high", occurred_at = DateTime.UtcNow },
        } })));
        await RecordColdStartAsync(proxied, admin);
        var pastStaleWindow = warmed + TimeSpan.FromSeconds(3.5) - DateTime.UtcNow;
        if (pastStaleWindow > TimeSpan.Zero)
        {
            await Task.Delay(pastStaleWindow);
        }

        await RecordAsync("getDashboardStats", admin, Get("/api/v1/admin/dashboard/stats"));
        _exchanges.Count(e => e.Status == 503).Should().BeGreaterThanOrEqualTo(10, "the cut makes the instance answer 503");
        _exchanges.Should().Contain(e => e.Headers.GetValueOrDefault("X-Cache") == "STALE", "the aged-out stats entry stands in");
    }

    /// <summary>An instance that starts while the database is cut cannot tell who still holds a token: 503, not 401.</summary>
    private async Task RecordColdStartAsync(string cutConnectionString, HttpClient loggedIn)
    {
        await using var cold = new FleetApiFactory(cutConnectionString, new Dictionary<string, string?>
        {
            ["Startup:ApplyMigrations"] = "false",
            ["Startup:CreateDevelopmentUsers"] = "false",
        });
        using var client = cold.CreateClient();
        client.DefaultRequestHeaders.Authorization = loggedIn.DefaultRequestHeaders.Authorization;
        await RecordAsync("getCurrentUser", client, Get("/api/v1/auth/me"));
    }

    private async Task<string> DriverWithoutVehicleAsync()
    {
        await using var command = Database.CreateCommand("UPDATE drivers SET vehicle_id = NULL WHERE id = 4");
        await command.ExecuteNonQueryAsync();
        return "DRV-0004";
    }

    private async Task<RecordedExchange> RecordAsync(string operationId, HttpClient client, HttpRequestMessage request)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            var exchange = await RecordedExchange.RecordAsync(operationId, response);
            _exchanges.Add(exchange);
            return exchange;
        }
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Post(string path, HttpContent content) => new(HttpMethod.Post, path) { Content = content };

    private static HttpRequestMessage Patch(string path, string mergePatch) => new(HttpMethod.Patch, path)
    {
        Content = new StringContent(mergePatch, Encoding.UTF8, "application/merge-patch+json"),
    };

    private static StringContent Oversized() => new(new string(' ', 70 * 1024) + "{}", Encoding.UTF8, "application/json");

    private static NewDriverBody NewDriver()
    {
        var unique = Guid.NewGuid().ToString("N");
        return new NewDriverBody("Zoë Contract", $"contract.{unique}@fleet.example", "+41 44 000 00 00", $"CT-{unique}"[..18], "Basel", "VEH-0003");
    }

    /// <summary>Every schema in the document that carries examples, with them.</summary>
    private static IEnumerable<(JsonNode Schema, IReadOnlyList<JsonNode> Examples)> Examples(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            if (obj["examples"] is JsonArray examples && obj.Parent is JsonObject)
            {
                yield return (obj, examples.Select(e => e!).ToList());
            }

            foreach (var (_, child) in obj)
            {
                foreach (var found in Examples(child!))
                {
                    yield return found;
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var found in array.SelectMany(item => Examples(item!)))
            {
                yield return found;
            }
        }
    }

    private sealed record NewDriverBody(string name, string email, string phone, string license_number, string city, string? vehicle_id);
}
