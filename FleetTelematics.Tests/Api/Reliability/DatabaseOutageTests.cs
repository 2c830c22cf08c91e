using System.Diagnostics;
using System.Net;
using System.Text;
using FleetTelematics.Tests.Support;
using Npgsql;

namespace FleetTelematics.Tests.Api.Reliability;

/// <summary>
/// One deployment, two instances on one Redis: the fixture's own instance reaches PostgreSQL directly, the other
/// through a proxy that each test cuts (connections dropped, new ones refused) after the instance has run normally.
/// Every route kind that needs the database answers 503 with Retry-After, quickly; a cached read is served from an
/// entry that merely aged out (STALE), never from one a write invalidated; once the database is back, the instance
/// recovers without a restart.
/// </summary>
[NonParallelizable]
public sealed class DatabaseOutageTests : CachingTestFixture
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(3);
    private readonly UnreachableDatabase _unreachable = new();
    private SwitchableTcpProxy _proxy = null!;
    private FleetApiFactory _offline = null!;
    private HttpClient _offlineAdmin = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Caching:Ttl:dashboard_stats"] = "1",
        ["Caching:Ttl:driver_detail"] = "1",
    };

    [OneTimeSetUp]
    public async Task StartProxiedInstance()
    {
        var direct = new NpgsqlConnectionStringBuilder(ConnectionString);
        _proxy = new SwitchableTcpProxy(direct.Host!, direct.Port);
        _offline = Offline(new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = _proxy.Port }.ConnectionString);
        _offlineAdmin = _offline.CreateClient();
        _offlineAdmin.DefaultRequestHeaders.Authorization = Admin.DefaultRequestHeaders.Authorization;
        // Running normally first: it knows its users and has pooled connections, which the cut then breaks.
        using var healthy = await _offlineAdmin.GetAsync("/api/v1/admin/drivers/DRV-0001");
        healthy.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [SetUp]
    public void CutTheDatabase() => _proxy.Cut();

    [OneTimeTearDown]
    public async Task StopProxiedInstance()
    {
        _offlineAdmin.Dispose();
        await _offline.DisposeAsync();
        await _proxy.DisposeAsync();
        _unreachable.Dispose();
    }

    [Test]
    public async Task DatabaseBack_NextRequestsSucceedWithoutRestart()
    {
        _proxy.Restore();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async i => // several pooled connections, all about to break
            (await _offlineAdmin.GetAsync($"/api/v1/admin/drivers/DRV-00{20 + i}")).StatusCode.Should().Be(HttpStatusCode.OK)));
        _proxy.Cut();
        await ShouldBeUnavailableAsync(await _offlineAdmin.GetAsync("/api/v1/admin/drivers/DRV-0001"));

        _proxy.Restore();

        // Every pooled connection broke with the cut: none of them may cost a request a 503 once the database is back.
        for (var i = 0; i < 10; i++)
        {
            using var response = await _offlineAdmin.GetAsync($"/api/v1/admin/drivers/DRV-00{10 + i}");
            response.StatusCode.Should().Be(HttpStatusCode.OK, $"request {i} after the database came back");
        }
    }

    [Test]
    public async Task CachedRead_ColdCacheDatabaseRefused_Answers503WithRetryAfter()
    {
        var (response, elapsed) = await TimedAsync(() => _offlineAdmin.GetAsync("/api/v1/admin/dashboard/safety-events-breakdown?days=17"));

        await ShouldBeUnavailableAsync(response);
        elapsed.Should().BeLessThan(Quickly);
    }

    [Test]
    public async Task UncachedRead_DatabaseRefused_Answers503WithRetryAfter()
    {
        var (response, elapsed) = await TimedAsync(() => _offlineAdmin.GetAsync("/api/v1/admin/drivers/DRV-0001"));

        await ShouldBeUnavailableAsync(response);
        elapsed.Should().BeLessThan(Quickly);
    }

    [Test]
    public async Task Write_DatabaseRefused_Answers503AndChangesNothing()
    {
        var before = await ScalarAsync<string>("SELECT city FROM drivers WHERE id = 2");

        using var response = await _offlineAdmin.PatchAsync("/api/v1/admin/drivers/DRV-0002",
            new StringContent("""{"city":"Written While Away"}""", Encoding.UTF8, "application/merge-patch+json"));

        await ShouldBeUnavailableAsync(response);
        (await ScalarAsync<string>("SELECT city FROM drivers WHERE id = 2")).Should().Be(before);
    }

    [Test]
    public async Task Login_DatabaseRefused_Answers503NotUnauthorized()
    {
        using var client = _offline.CreateClient();

        var (response, elapsed) = await TimedAsync(() => client.PostAsync("/api/v1/auth/token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "admin", ["password"] = "fleet-admin-dev" })));

        await ShouldBeUnavailableAsync(response);
        elapsed.Should().BeLessThan(Quickly);
    }

    [Test]
    public async Task Read_DatabaseNeverAnswers_Answers503WithinTheConnectTimeout()
    {
        await using var hung = Offline(_unreachable.Silent, ("Database:ConnectTimeout", "00:00:01"));
        using var client = hung.CreateClient();
        client.DefaultRequestHeaders.Authorization = Admin.DefaultRequestHeaders.Authorization;

        var (response, elapsed) = await TimedAsync(() => client.GetAsync("/api/v1/admin/drivers/DRV-0001"));

        await ShouldBeUnavailableAsync(response);
        elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(900)).And.BeLessThan(Quickly);
    }

    [Test]
    public async Task CachedRead_EntryAgedOutDatabaseRefused_ServesStaleWithTrueAge()
    {
        using var warmed = await Admin.GetAsync("/api/v1/admin/dashboard/stats");
        var body = await warmed.Content.ReadAsByteArrayAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // past the 1 s TTL of this fixture

        using var stale = await _offlineAdmin.GetAsync("/api/v1/admin/dashboard/stats");

        stale.StatusCode.Should().Be(HttpStatusCode.OK);
        CacheStatus(stale).Should().Be("STALE");
        stale.Headers.Age.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        stale.Headers.ETag.Should().Be(warmed.Headers.ETag);
        (await stale.Content.ReadAsByteArrayAsync()).Should().Equal(body);
    }

    [Test]
    public async Task CachedRead_EntryInvalidatedByWriteDatabaseRefused_Answers503NotStale()
    {
        const string details = "/api/v1/admin/drivers/DRV-0003/details";
        (await Admin.GetAsync(details)).Dispose();
        using (var patch = await Admin.PatchAsync("/api/v1/admin/drivers/DRV-0003",
                   new StringContent("""{"city":"Moved On"}""", Encoding.UTF8, "application/merge-patch+json")))
        {
            patch.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var fresh = await _offlineAdmin.GetAsync(details);
        await ShouldBeUnavailableAsync(fresh);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var aged = await _offlineAdmin.GetAsync(details);
        await ShouldBeUnavailableAsync(aged);
    }

    [Test]
    public async Task CachedRead_FreshEntryDatabaseRefused_StillServedAsHit()
    {
        (await Admin.GetAsync("/api/v1/admin/dashboard/summary")).Dispose();

        using var hit = await _offlineAdmin.GetAsync("/api/v1/admin/dashboard/summary");

        hit.StatusCode.Should().Be(HttpStatusCode.OK);
        CacheStatus(hit).Should().Be("HIT");
    }

    private FleetApiFactory Offline(string connectionString, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(Settings) { ["Startup:CreateDevelopmentUsers"] = "false" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new FleetApiFactory(connectionString, settings, ConfigureServices);
    }

    private static async Task ShouldBeUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.Should().NotBeNull("a 503 tells the client when to come back");
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
        problem.GetProperty("detail").GetString().Should().Contain("database");
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await send();
        return (response, Stopwatch.GetElapsedTime(started));
    }
}
