using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FleetTelematics.Infrastructure.Persistence.Standby;
using Npgsql;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// A caching fixture whose API computes cached reads on a streaming standby (<c>ConnectionStrings:FleetReplica</c>), with
/// a second API on the same database that reads the primary only and caches nothing: the reference every answer of the
/// first must equal, byte for byte but for the clock.
/// </summary>
public abstract class StandbyTestFixture : CachingTestFixture
{
    /// <summary>Every cached route an admin write of a driver invalidates (PATCH DRV-0007), with the queries that compute it.</summary>
    protected static readonly string[] RoutesOfDriver7 =
    [
        "/api/v1/admin/dashboard/stats",
        "/api/v1/admin/dashboard/summary",
        "/api/v1/admin/dashboard/risk-distribution",
        "/api/v1/admin/drivers?sort=-risk_score&limit=5",
        "/api/v1/admin/drivers?search=DRV-0007",
        "/api/v1/admin/drivers/DRV-0007/details",
    ];

    private FleetApiFactory _reference = null!;

    protected HttpClient Reference { get; private set; } = null!;

    protected string DatabaseName => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    /// <summary>The standby's connection string for this fixture's database.</summary>
    protected abstract string StandbyConnectionString { get; }

    protected virtual IDictionary<string, string?> StandbySettings => new Dictionary<string, string?>();

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["ConnectionStrings:FleetReplica"] = StandbyConnectionString;
            settings["Database:Replica:RetryAfter"] = "00:00:00.200";
            foreach (var (key, value) in StandbySettings)
            {
                settings[key] = value;
            }

            return settings;
        }
    }

    [OneTimeSetUp]
    public async Task StartReference()
    {
        _reference = new FleetApiFactory(ConnectionString, new Dictionary<string, string?> { ["Caching:Enabled"] = "false" });
        Reference = await LoginAsync(_reference, "viewer", "fleet-viewer-dev");
    }

    [OneTimeTearDown]
    public async Task StopReference()
    {
        Reference.Dispose();
        await _reference.DisposeAsync();
    }

    /// <summary>What the primary says now, without a cache: the answer every read must give.</summary>
    protected async Task<string> ExpectedAsync(string url)
    {
        using var response = await Reference.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        return WithoutClock(await response.Content.ReadAsStringAsync());
    }

    /// <summary>GET through the API under test: the status line, X-Cache and the body without its clock.</summary>
    protected async Task<(HttpStatusCode Status, string? Cache, string Body)> ReadAsync(string url)
    {
        using var response = await Viewer.GetAsync(url);
        return (response.StatusCode, CacheStatus(response), WithoutClock(await response.Content.ReadAsStringAsync()));
    }

    protected async Task<double> ReplicaReadsAsync(string target, string reason) =>
        (await PrometheusScrape.FromAsync(Anonymous)).Value("database_replica_reads_total", ("target", target), ("reason", reason));

    protected async Task<(double Standby, double Lagging, double Unavailable)> ReplicaReadCountsAsync()
    {
        var scrape = await PrometheusScrape.FromAsync(Anonymous);
        double Count(string target, string reason) => scrape.Value("database_replica_reads_total", ("target", target), ("reason", reason));
        return (Count(ReplicaReadReasons.Standby, ReplicaReadReasons.Current), Count(ReplicaReadReasons.Primary, ReplicaReadReasons.Lagging),
            Count(ReplicaReadReasons.Primary, ReplicaReadReasons.Unavailable));
    }

    /// <summary>
    /// Changes DRV-0007 through the API: a new name, and a risk score that swings between the low and critical bands, so
    /// every route of <see cref="RoutesOfDriver7"/> moves with each round.
    /// </summary>
    protected async Task WriteDriver7Async(int round)
    {
        var risk = (round % 2 == 0 ? 95m : 10m) + round % 5 + 0.5m;
        var body = JsonSerializer.Serialize(new { name = $"Round {round} Driver", risk_score = risk });
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/merge-patch+json");
        using var response = await Admin.PatchAsync("/api/v1/admin/drivers/DRV-0007", content);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The dashboards stamp their answers with the time they were computed; everything else must match.</summary>
    private static string WithoutClock(string body)
    {
        if (JsonNode.Parse(body) is JsonObject root)
        {
            root.Remove("generated_at");
            return root.ToJsonString();
        }

        return body;
    }
}
