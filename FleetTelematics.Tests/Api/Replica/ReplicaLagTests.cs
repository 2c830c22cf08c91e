using System.Collections.Concurrent;
using System.Net;
using FleetTelematics.Tests.Support;
using Npgsql;

namespace FleetTelematics.Tests.Api.Replica;

/// <summary>
/// The trap of computing misses on a standby: one that has not replayed the write that invalidated an entry would store
/// pre-write data under the new generation. With a private standby whose replay is paused or delayed, every read after a
/// write through the API must show the write — on the miss, on the hits of what that miss stored, and after replay
/// catches up — and misses must still go to the standby whenever it is current.
/// </summary>
[NonParallelizable]
public sealed class ReplicaLagTests : StandbyTestFixture
{
    private readonly PostgresStandby _standby = new();

    protected override string StandbyConnectionString => _standby.ConnectionString(DatabaseName);

    // Longer than the test primary's WAL writer delay (200 ms; it commits asynchronously), so a standby without an apply
    // delay is always current in time, and every fall-back below is the lag the test makes.
    protected override IDictionary<string, string?> StandbySettings => new Dictionary<string, string?> { ["Database:Replica:MaxWait"] = "00:00:00.250" };

    [OneTimeSetUp]
    public async Task StartStandby()
    {
        await _standby.StartAsync();
        await _standby.CatchUpAsync();
    }

    [OneTimeTearDown]
    public async Task StopStandby() => await _standby.DisposeAsync();

    [TearDown]
    public async Task ReplayAgain()
    {
        if (!_standby.IsRunning)
        {
            await _standby.StartServerAsync();
        }

        await _standby.ResumeReplayAsync();
        await _standby.SetApplyDelayAsync(TimeSpan.Zero);
        await _standby.CatchUpAsync();
    }

    [Test]
    public async Task PausedReplay_WriteThenReads_ShowTheWriteFromThePrimaryAndStayFreshAfterReplay()
    {
        await WarmAsync();
        await _standby.PauseReplayAsync();
        var before = await ReplicaReadCountsAsync();

        await WriteDriver7Async(1);
        (await StandbyDriver7NameAsync()).Should().NotBe("Round 1 Driver", "the standby really lacks the write, so only the gate keeps it out");
        foreach (var url in RoutesOfDriver7)
        {
            var (status, cache, body) = await ReadAsync(url);
            status.Should().Be(HttpStatusCode.OK, url);
            cache.Should().Be("MISS", url);
            body.Should().Be(await ExpectedAsync(url), $"{url} right after the write, with the standby's replay paused");
        }

        var paused = await ReplicaReadCountsAsync();
        (paused.Lagging - before.Lagging).Should().Be(RoutesOfDriver7.Length, "a paused standby never catches up, so the primary computes");
        (paused.Standby - before.Standby).Should().Be(0);

        await _standby.ResumeReplayAsync();
        await _standby.CatchUpAsync();
        foreach (var url in RoutesOfDriver7)
        {
            var (_, cache, body) = await ReadAsync(url);
            cache.Should().Be("HIT", url);
            body.Should().Be(await ExpectedAsync(url), $"{url}: what was stored while the standby lagged is the write's");
        }
    }

    [Test]
    public async Task DelayedReplay_ManyRoundsOfWriteThenRead_ZeroStaleReadsAndTheStandbyUsedWhenCurrent()
    {
        await _standby.SetApplyDelayAsync(TimeSpan.FromMilliseconds(500));
        await WarmAsync();
        var before = await ReplicaReadCountsAsync();
        // Reads at once, around the apply delay, and well after it: misses meet a standby behind, just there, and current.
        int[] pausesMs = [0, 150, 400, 550, 1500];
        var stale = new List<string>();
        var reads = 0;

        for (var round = 2; round < 17; round++)
        {
            await WriteDriver7Async(round);
            await Task.Delay(pausesMs[round % pausesMs.Length]);
            foreach (var url in RoutesOfDriver7)
            {
                var (status, cache, body) = await ReadAsync(url);
                status.Should().Be(HttpStatusCode.OK, url);
                reads++;
                if (body != await ExpectedAsync(url))
                {
                    stale.Add($"round {round} {url} ({cache})");
                }
            }
        }

        var after = await ReplicaReadCountsAsync();
        TestContext.Out.WriteLine($"{reads} reads after writes with a 500 ms apply delay: {stale.Count} stale; misses on the standby " +
            $"{after.Standby - before.Standby}, on the primary as lagging {after.Lagging - before.Lagging}");
        stale.Should().BeEmpty();
        (after.Standby - before.Standby).Should().BePositive("misses long after a write find the standby current");
        (after.Lagging - before.Lagging).Should().BePositive("misses right after a write find the standby behind");
    }

    [Test]
    public async Task StoppedStandby_WritesAndReads_AllAnsweredByThePrimaryThenTheStandbyAgain()
    {
        await WarmAsync();
        await _standby.StopAsync();
        var before = await ReplicaReadCountsAsync();

        for (var round = 30; round < 34; round++)
        {
            await WriteDriver7Async(round);
            foreach (var url in RoutesOfDriver7)
            {
                var (status, _, body) = await ReadAsync(url);
                status.Should().Be(HttpStatusCode.OK, url);
                body.Should().Be(await ExpectedAsync(url), url);
            }
        }

        var stopped = await ReplicaReadCountsAsync();
        (stopped.Unavailable - before.Unavailable).Should().Be(4 * RoutesOfDriver7.Length);
        using (var ready = await Anonymous.GetAsync("/health/ready"))
        {
            ready.StatusCode.Should().Be(HttpStatusCode.OK, "the API serves without its standby");
            (await JsonAsync(ready)).GetProperty("checks").EnumerateArray()
                .Single(c => c.GetProperty("name").GetString() == "postgresql_standby").GetProperty("status").GetString().Should().Be("Degraded");
        }

        await _standby.StartServerAsync();
        await _standby.CatchUpAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(300)); // past Database:Replica:RetryAfter
        await WriteDriver7Async(34);
        foreach (var url in RoutesOfDriver7)
        {
            (await ReadAsync(url)).Body.Should().Be(await ExpectedAsync(url), url);
        }

        (await ReplicaReadCountsAsync()).Standby.Should().BeGreaterThan(stopped.Standby, "the restarted standby computes misses again");
    }

    [Test]
    public async Task StandbyStoppedMidTraffic_EveryRequestAnsweredAndNothingStaleLeft()
    {
        await WarmAsync();
        var before = await ReplicaReadCountsAsync();
        using var stop = new CancellationTokenSource();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var readers = Enumerable.Range(0, 4).Select(async worker =>
        {
            for (var i = worker; !stop.IsCancellationRequested; i++)
            {
                using var response = await Viewer.GetAsync(RoutesOfDriver7[i % RoutesOfDriver7.Length]);
                statuses.Add(response.StatusCode);
            }
        }).ToList();
        var writer = Task.Run(async () =>
        {
            for (var round = 40; !stop.IsCancellationRequested; round++)
            {
                await WriteDriver7Async(round);
                await Task.Delay(20);
            }
        });

        await Task.Delay(700);
        await _standby.StopAsync(); // fast shutdown: the standby's sessions are cut, queries on it fail mid-flight
        await Task.Delay(1000);
        await stop.CancelAsync();
        await Task.WhenAll(readers.Append(writer));

        statuses.Should().NotBeEmpty().And.OnlyContain(status => status == HttpStatusCode.OK, "the primary answers whatever the standby does");
        var after = await ReplicaReadCountsAsync();
        (after.Standby - before.Standby).Should().BePositive("before the stop, misses ran on the standby");
        (after.Unavailable - before.Unavailable).Should().BePositive("after it, on the primary");
        foreach (var url in RoutesOfDriver7)
        {
            (await ReadAsync(url)).Body.Should().Be(await ExpectedAsync(url), $"{url}: no entry stored during the outage is stale");
        }
    }

    private async Task<string> StandbyDriver7NameAsync()
    {
        await using var connection = new NpgsqlConnection(_standby.ConnectionString(DatabaseName) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT name FROM drivers WHERE id = 7", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every route computed and stored once with the standby current, so what follows is a miss after an invalidation.</summary>
    private async Task WarmAsync()
    {
        foreach (var url in RoutesOfDriver7)
        {
            (await ReadAsync(url)).Status.Should().Be(HttpStatusCode.OK, url);
        }
    }
}
