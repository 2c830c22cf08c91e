using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FleetTelematics.Api.Caching;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FleetTelematics.Tests.Faults;

/// <summary>
/// The world of the fault scenarios, private to them so the shared services of ./test.sh are never disturbed: a
/// PostgreSQL cluster and a Redis of their own, the API under test on a real loopback port with its cache on that
/// Redis, and an oracle — a second instance of the same deployment (same database, same Redis) with caching off —
/// whose answers are the truth the cached ones are compared with.
/// </summary>
public sealed class FaultLab : IAsyncDisposable
{
    /// <summary>The contract's default: the longest a request may wait on the cache store.</summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromMilliseconds(150);

    /// <summary>Short, so the circuit closes again within the few seconds a scenario gives recovery.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Trip activity is never invalidated by driver writes, so with a TTL this short its entries only age out — several
    /// times within a 4-s database outage, which gives stale-if-error something to serve. Every other route keeps its TTL.
    /// </summary>
    public static readonly TimeSpan TripActivityTtl = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);

    private KestrelApiHost? _cachedHost;
    private KestrelApiHost? _oracleHost;
    private NpgsqlDataSource? _database;

    private FaultLab()
    {
    }

    /// <summary>When the lab began (a Stopwatch timestamp), for what the API logged while starting and warming up.</summary>
    public long StartedAt { get; } = Stopwatch.GetTimestamp();

    public PostgresInstance Postgres { get; } = new();

    public RedisInstance Redis { get; } = new();

    /// <summary>Errors the API under test logged.</summary>
    public ServerLog CachedLog { get; } = new();

    public ServerLog OracleLog { get; } = new();

    public HttpClient Cached { get; private set; } = null!;

    public HttpClient Oracle { get; private set; } = null!;

    public ApiTokens Tokens { get; private set; } = null!;

    public static async Task<FaultLab> StartAsync()
    {
        var lab = new FaultLab();
        try
        {
            await lab.InitialiseAsync();
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits (bounded) until both instances answer from PostgreSQL and the API under test serves cached routes
    /// through its store again — its circuit closed and any invalidations kept during an outage replayed.
    /// </summary>
    public async Task WaitUntilHealthyAsync()
    {
        var started = Stopwatch.GetTimestamp();
        while (!(await ServesFromDatabaseAsync(Cached) && await ServesFromDatabaseAsync(Oracle) && await ServesFromCacheAsync()))
        {
            if (Stopwatch.GetElapsedTime(started) > RecoveryLimit)
            {
                throw new TimeoutException($"The API was not healthy again within {RecoveryLimit.TotalSeconds} s of the recovery.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Starts the stopped PostgreSQL and forgets the connections the suite's own pool kept idle: the stop cut them,
    /// and the next direct read must not be the one that finds out.
    /// </summary>
    public async Task StartPostgresAsync()
    {
        await Postgres.StartAsync();
        _database!.Clear();
    }

    /// <summary>Restarts whatever an earlier scenario left down (a failed recovery must not fail the next scenario too).</summary>
    public async Task EnsureServicesUpAsync()
    {
        if (!Postgres.IsRunning)
        {
            await StartPostgresAsync();
        }

        if (!await Redis.AnswersAsync())
        {
            Redis.Thaw();
            if (!await Redis.AnswersAsync())
            {
                await Redis.StartAsync();
            }
        }

        await WaitUntilHealthyAsync();
    }

    /// <summary>The written fields of every driver, read straight from PostgreSQL.</summary>
    public async Task<IReadOnlyDictionary<string, DriverState>> ReadDriversAsync()
    {
        await using var command = _database!.CreateCommand("SELECT public_id, city, risk_score FROM drivers");
        await using var reader = await command.ExecuteReaderAsync();
        var drivers = new Dictionary<string, DriverState>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            drivers[reader.GetString(0)] = new DriverState(reader.GetString(1),
                reader.GetDecimal(2).ToString("0.0", CultureInfo.InvariantCulture));
        }

        return drivers;
    }

    public async ValueTask DisposeAsync()
    {
        Cached?.Dispose();
        Oracle?.Dispose();
        if (_cachedHost is not null)
        {
            await _cachedHost.DisposeAsync();
        }

        if (_oracleHost is not null)
        {
            await _oracleHost.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Redis.Dispose();
        Postgres.Dispose();
    }

    private async Task InitialiseAsync()
    {
        await Postgres.StartAsync();
        var connectionString = await Postgres.CreateDatabaseAsync("fleet");
        await TestDatabases.MigrateAndSeedAsync(connectionString);
        _database = NpgsqlDataSource.Create(connectionString);
        await Redis.StartAsync();

        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = Redis.Configuration,
            ["Caching:KeyPrefix"] = "faults",
            ["Caching:OperationTimeout"] = OperationTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Caching:BreakDuration"] = BreakDuration.ToString("c", CultureInfo.InvariantCulture),
            [$"Caching:Ttl:{CachePrefixes.TripActivity}"] = TripActivityTtl.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        };
        _cachedHost = KestrelApiHost.Start(connectionString, settings, services => Capture(services, CachedLog));
        // Same Redis and key prefix: the oracle is one more instance of the deployment, so a write sent through it
        // (the baseline sends some) invalidates what the API under test cached.
        _oracleHost = KestrelApiHost.Start(connectionString, new Dictionary<string, string?>(settings) { ["Caching:Enabled"] = "false" },
            services => Capture(services, OracleLog));
        Cached = CreateClient(_cachedHost.BaseAddress);
        Oracle = CreateClient(_oracleHost.BaseAddress);
        Tokens = new ApiTokens(await LoginAsync("viewer", "fleet-viewer-dev"), await LoginAsync("admin", "fleet-admin-dev"));
    }

    private static void Capture(IServiceCollection services, ServerLog log) =>
        services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(log);
        });

    private static HttpClient CreateClient(Uri address)
    {
        // Loopback only: this suite must never send load anywhere else.
        if (!IPAddress.TryParse(address.Host, out var ip) || !IPAddress.IsLoopback(ip))
        {
            throw new InvalidOperationException($"The API under test listens on {address}, not on a loopback address.");
        }

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            MaxConnectionsPerServer = 64,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseCookies = false,
        };
        return new HttpClient(handler) { BaseAddress = address, Timeout = ClientTimeout };
    }

    private async Task<string> LoginAsync(string username, string password)
    {
        using var response = await Cached.PostAsync("/api/v1/auth/token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = username, ["password"] = password }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private async Task<bool> ServesFromDatabaseAsync(HttpClient client)
    {
        using var ready = await TryGetAsync(client, "/health/ready");
        using var driver = await TryGetAsync(client, "/api/v1/admin/drivers/DRV-0001");
        return ready?.StatusCode == HttpStatusCode.OK && driver?.StatusCode == HttpStatusCode.OK;
    }

    private async Task<bool> ServesFromCacheAsync()
    {
        using var stats = await TryGetAsync(Cached, "/api/v1/admin/dashboard/stats");
        return stats?.StatusCode == HttpStatusCode.OK &&
               stats.Headers.TryGetValues(CachedEntryResult.CacheStatusHeader, out var cache) && cache.Single() != CachedEntryResult.Bypass;
    }

    private async Task<HttpResponseMessage?> TryGetAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Viewer);
        try
        {
            return await client.SendAsync(request);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
