using System.Diagnostics;
using System.Net;
using FleetTelematics.Infrastructure.Persistence.Standby;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace FleetTelematics.Tests.Api.Replica;

/// <summary>
/// A current standby (the shared one of ./test.sh) really computes the misses: the API's counter says so, Npgsql's own
/// tracing sees the queries go to the standby's port, and the standby's own statistics count the transactions.
/// </summary>
[NonParallelizable]
public sealed class ReplicaReadsTests : StandbyTestFixture
{
    private static readonly int StandbyPort = new NpgsqlConnectionStringBuilder(TestServices.PostgresStandbyServer).Port;
    private static readonly int PrimaryPort = new NpgsqlConnectionStringBuilder(TestServices.PostgresServer).Port;

    protected override string StandbyConnectionString => TestServices.StandbyConnectionString(DatabaseName);

    // The test primary commits asynchronously: a commit reaches the standby when the WAL writer flushes it (within 200 ms).
    // Waiting up to 2 s here makes "current" certain, so each miss below must run on the standby.
    protected override IDictionary<string, string?> StandbySettings => new Dictionary<string, string?> { ["Database:Replica:MaxWait"] = "00:00:02" };

    [OneTimeSetUp]
    public async Task WaitForTheDatabaseOnTheStandby() =>
        await PostgresStandby.WaitForReplayAsync(TestServices.StandbyConnectionString("postgres"), await PrimaryInsertPositionAsync());

    [Test]
    public async Task Misses_StandbyCurrent_EveryCachedRouteComputedOnTheStandby()
    {
        string[] routes =
        [
            "/api/v1/admin/dashboard/stats", "/api/v1/admin/dashboard/summary", "/api/v1/admin/dashboard/trip-activity?days=14",
            "/api/v1/admin/dashboard/risk-distribution", "/api/v1/admin/dashboard/safety-events-breakdown?days=14",
            "/api/v1/admin/drivers?limit=7", "/api/v1/admin/drivers/DRV-0003/details",
        ];
        var before = await ReplicaReadCountsAsync();
        using var ports = new NpgsqlCommandPorts();

        foreach (var url in routes)
        {
            var (status, cache, body) = await ReadAsync(url);
            status.Should().Be(HttpStatusCode.OK, url);
            cache.Should().Be("MISS", url);
            body.Should().Be(await ExpectedAsync(url), $"{url} computed on the standby is what the primary says");
        }

        var after = await ReplicaReadCountsAsync();
        (after.Standby - before.Standby).Should().Be(routes.Length);
        (after.Lagging - before.Lagging).Should().Be(0);
        (after.Unavailable - before.Unavailable).Should().Be(0);
        ports.CountTo(PrimaryPort, "pg_current_wal_insert_lsn").Should().Be(routes.Length, "each miss reads the primary's position once");
        ports.CountTo(StandbyPort, "pg_last_wal_replay_lsn").Should().BeGreaterThanOrEqualTo(routes.Length);
        // Each route's queries (one, or two for the list and the details) and nothing but the position on the primary.
        ports.CountTo(StandbyPort).Should().BeGreaterThanOrEqualTo(routes.Length * 2);
    }

    [Test]
    public async Task Miss_StandbyCurrent_StandbysOwnStatisticsCountTheReads()
    {
        var before = await StandbyTransactionsAsync();

        for (var days = 1; days <= 5; days++)
        {
            (await ReadAsync($"/api/v1/admin/dashboard/trip-activity?days={days}")).Cache.Should().Be("MISS");
        }

        // A standby backend reports its counts when it goes idle, at most about every 10 s.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        long now;
        while ((now = await StandbyTransactionsAsync()) - before < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        (now - before).Should().BeGreaterThanOrEqualTo(5, "the standby itself counted the five computations' transactions");
    }

    [Test]
    public async Task Hit_AfterStandbyMiss_NoDatabaseRoundTrip()
    {
        const string url = "/api/v1/admin/dashboard/safety-events-breakdown?days=3";
        (await ReadAsync(url)).Cache.Should().Be("MISS");
        using var ports = new NpgsqlCommandPorts();

        var (status, cache, _) = await ReadAsync(url);

        status.Should().Be(HttpStatusCode.OK);
        cache.Should().Be("HIT");
        ports.Commands.Where(c => c.Port == PrimaryPort || c.Port == StandbyPort).Should().BeEmpty("a hit asks neither server anything");
    }

    [Test]
    public async Task ReadAfterWrite_InTheWritingRequest_StaysOnThePrimary()
    {
        using var ports = new NpgsqlCommandPorts();

        await WriteDriver7Async(1);

        ports.CountTo(StandbyPort).Should().Be(0, "a write and the read that answers it run on the primary");
        ports.CountTo(PrimaryPort, "pg_current_wal_insert_lsn").Should().Be(0, "only the computation of a cached read asks for the position");
    }

    [Test]
    public async Task Ready_StandbyUp_ReportsItHealthy()
    {
        using var response = await Anonymous.GetAsync("/health/ready");
        var body = await JsonAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "postgresql_standby")
            .GetProperty("status").GetString().Should().Be("Healthy");
    }

    [Test]
    public async Task Gate_StandbyCurrent_CostsARoundTripToEachServer()
    {
        var positions = Factory.Services.GetRequiredService<IWalPositions>();
        var gate = Factory.Services.GetRequiredService<ReplayGate>();
        const int Calls = 300;
        for (var i = 0; i < 20; i++)
        {
            await gate.WaitForReplayAsync(CancellationToken.None); // warm both pools
        }

        var positionRead = await TimeAsync(Calls, async () => await positions.PrimaryInsertAsync(CancellationToken.None));
        var verdicts = new List<StandbyVerdict>();
        var gateTimes = await TimeAsync(Calls, async () => verdicts.Add(await gate.WaitForReplayAsync(CancellationToken.None)));

        TestContext.Progress.WriteLine($"primary position read: p50 {positionRead.P50:F0} µs, p99 {positionRead.P99:F0} µs; " +
            $"gate with the standby current: p50 {gateTimes.P50:F0} µs, p99 {gateTimes.P99:F0} µs ({Calls} calls each, loopback)");
        // Idle but for this test, the standby is current at once or within the test primary's WAL writer delay.
        verdicts.Should().OnlyContain(v => v == StandbyVerdict.Current);
        positionRead.P50.Should().BeLessThan(5_000, "one trivial statement on a pooled connection");
    }

    private static async Task<(double P50, double P99)> TimeAsync(int calls, Func<Task> call)
    {
        var micros = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            micros[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(micros);
        return (micros[calls / 2], micros[calls * 99 / 100]);
    }

    private static async Task<NpgsqlLogSequenceNumber> PrimaryInsertPositionAsync()
    {
        await using var connection = new NpgsqlConnection(TestServices.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()", connection);
        return (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> StandbyTransactionsAsync()
    {
        await using var connection = new NpgsqlConnection(TestServices.StandbyConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = DatabaseName });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
