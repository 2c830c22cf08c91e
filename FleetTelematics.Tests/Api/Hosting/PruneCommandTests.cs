using System.Diagnostics;
using FleetTelematics.Tests.Support;
using Npgsql;

namespace FleetTelematics.Tests.Api.Hosting;

/// <summary>
/// The <c>prune</c> verb of the real program against the real PostgreSQL: a copy of the seeded template with history
/// added 30 to 20 months back (through the parent tables, so the roll-up triggers count it as they count any write).
/// </summary>
public sealed class PruneCommandTests
{
    private static readonly DateTime CurrentMonth = new(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Cutoff = CurrentMonth.AddMonths(-24);

    // Months with history, relative to the current one: three before the 24-month cutoff, two after it.
    private static readonly int[] OldMonths = [-30, -26, -25];
    private static readonly int[] KeptMonths = [-24, -20];

    private string _connectionString = null!;
    private NpgsqlDataSource _dataSource = null!;

    [SetUp]
    public async Task CreateDatabaseWithOldHistory()
    {
        _connectionString = await TestDatabases.CreateFromTemplateAsync("prune");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        await ExecuteAsync("SELECT ensure_history_partitions($1, $2)",
            DateOnly.FromDateTime(CurrentMonth.AddMonths(-30)), DateOnly.FromDateTime(CurrentMonth.AddMonths(-20)));
        foreach (var offset in OldMonths.Concat(KeptMonths))
        {
            var day = CurrentMonth.AddMonths(offset).AddDays(14).AddHours(8);
            var external = $"old-{offset}";
            await ExecuteAsync("""
                WITH trip AS (
                    INSERT INTO trips (driver_id, status, started_at, ended_at, distance_km, duration_seconds)
                    SELECT d, 2, $1, $1 + interval '30 minutes', 12.5, 1800 FROM generate_series(1, 3) AS d RETURNING id, started_at)
                INSERT INTO trip_external_ids SELECT $2 || '-' || id, id, started_at FROM trip
                """, day, external);
            await ExecuteAsync("""
                WITH event AS (
                    INSERT INTO safety_events (trip_id, driver_id, type, severity, occurred_at, speed_kmh)
                    VALUES (0, 1, 1, 2, $1 + interval '10 minutes', 50) RETURNING id, occurred_at)
                INSERT INTO safety_event_external_ids SELECT $2 || '-e' || id, id, occurred_at FROM event
                """, day, external);
        }
    }

    [TearDown]
    public async Task Dispose() => await _dataSource.DisposeAsync();

    [Test]
    public async Task Prune_24Months_DropsOlderMonthsAndTheirLedgerRowsKeepsNewerAndRollups()
    {
        var prunedDay = DateOnly.FromDateTime(CurrentMonth.AddMonths(-25).AddDays(14));
        var rollupsBefore = await RollupFiguresAsync(prunedDay);
        var partitionsBefore = await PartitionsAsync();

        var result = await PruneAsync("24months");

        result.ExitCode.Should().Be(0, result.Error);
        var dropped = OldMonths.SelectMany(offset => new[] { Name("trips", offset), Name("safety_events", offset) }).ToList();
        var partitionsAfter = await PartitionsAsync();
        partitionsAfter.Should().NotContain(name => IsBefore(name, "trips", -24)).And.NotContain(name => IsBefore(name, "safety_events", -24));
        partitionsBefore.Except(partitionsAfter).Should().Contain(dropped);
        partitionsAfter.Should().Contain(KeptMonths.Select(offset => Name("trips", offset)))
            .And.Contain(Name("trips", 0)).And.Contain(Name("safety_events", 0)).And.Contain(Name("trips", 2));
        (await ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = ANY($1)", (object)dropped.ToArray())).Should().Be(0,
            "detached partitions are dropped too, not left behind as tables");
        result.Output.Should().Contain($"before {Cutoff:yyyy-MM-dd}").And.Contain(Name("trips", -30)).And.Contain(Name("safety_events", -25));

        (await RollupFiguresAsync(prunedDay)).Should().Be(rollupsBefore, "the roll-ups keep counting pruned history");
        (await ScalarAsync<long>("SELECT count(*) FROM trips WHERE started_at < $1", Cutoff)).Should().Be(0);
        (await ScalarAsync<long>("SELECT count(*) FROM trips WHERE started_at >= $1 AND started_at < $2", Cutoff, CurrentMonth.AddMonths(-19)))
            .Should().Be(6, "the kept months' trips stay");
        (await ScalarAsync<long>("SELECT count(*) FROM trip_external_ids WHERE started_at < $1", Cutoff)).Should().Be(0);
        (await ScalarAsync<long>("SELECT count(*) FROM safety_event_external_ids WHERE occurred_at < $1", Cutoff)).Should().Be(0);
        (await ScalarAsync<long>("SELECT count(*) FROM trip_external_ids")).Should().Be(6);
        (await ScalarAsync<long>("SELECT count(*) FROM safety_event_external_ids")).Should().Be(2);
        result.Output.Should().Contain("deleted 9 trip and 3 safety event ingestion ledger rows");
    }

    [Test]
    public async Task Prune_Twice_SecondRunFindsNothingAndSucceeds()
    {
        (await PruneAsync("24months")).ExitCode.Should().Be(0);

        var second = await PruneAsync("24months");

        second.ExitCode.Should().Be(0, second.Error);
        second.Output.Should().Contain("no partition older than the cutoff");
    }

    [Test]
    public async Task Prune_AfterARunStoppedHalfWay_FinishesTheDetachedPartitionAndItsLedgerRows()
    {
        // As a run interrupted between its detach and its drop leaves it: a detached table, ledger rows still there.
        await ExecuteAsync($"ALTER TABLE trips DETACH PARTITION {Name("trips", -26)}");

        var result = await PruneAsync("24months");

        result.ExitCode.Should().Be(0, result.Error);
        (await ScalarAsync<object>("SELECT to_regclass($1)::text", Name("trips", -26))).Should().Be(DBNull.Value);
        (await ScalarAsync<long>("SELECT count(*) FROM trip_external_ids WHERE started_at < $1", Cutoff)).Should().Be(0);
    }

    [Test]
    public async Task Prune_DaysRetention_DropsOnlyWholeMonthsBeforeTheMonthOfTheCutoffDay()
    {
        // 25 months and a few days back lands in the month 25 months ago (-25), which is kept whole.
        var days = (int)(DateTime.UtcNow.Date - CurrentMonth.AddMonths(-25).AddDays(3)).TotalDays;

        var result = await PruneAsync($"{days}days");

        result.ExitCode.Should().Be(0, result.Error);
        var partitions = await PartitionsAsync();
        partitions.Should().Contain(Name("trips", -25)).And.NotContain(Name("trips", -26)).And.NotContain(Name("trips", -30));
    }

    [Test]
    public async Task Prune_WhileAReportReadsAndRowsAreInserted_InsertsNeverFailAndNeverQueueBehindTheReport()
    {
        // A report holding its read lock on trips for 5 s: a plain DETACH or DROP would wait for it with ACCESS
        // EXCLUSIVE requested, and every insert would queue behind that request until the report ends.
        await using var report = await _dataSource.OpenConnectionAsync();
        await using var reading = await report.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("SELECT count(*) FROM trips", report, reading))
        {
            await read.ExecuteScalarAsync();
        }

        using var stop = new CancellationTokenSource();
        var inserts = InsertContinuouslyAsync(stop.Token);
        var prune = PruneAsync("24months");
        await Task.Delay(TimeSpan.FromSeconds(5));
        await reading.CommitAsync();

        var result = await prune;
        await stop.CancelAsync();
        var (count, slowest) = await inserts;

        result.ExitCode.Should().Be(0, result.Error);
        count.Should().BeGreaterThan(10);
        slowest.Should().BeLessThan(TimeSpan.FromSeconds(3), "the detach waits for the report without blocking inserts, and the drop waits for its lock at most a second at a time");
    }

    [TestCase("0months", "between 1 and")]
    [TestCase("1days", "refusing --older-than 1days")]
    [TestCase("24weeks", "such as 24months or 400days")]
    [TestCase("24", "such as 24months or 400days")]
    public async Task Prune_BadRetention_ExitsWithMessageAndDropsNothing(string olderThan, string message)
    {
        var before = await PartitionsAsync();

        var result = await PruneAsync(olderThan);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain(message);
        (await PartitionsAsync()).Should().Equal(before);
    }

    [Test]
    public async Task Prune_IngestionAcceptsOlderRecords_RefusesToDropTheMonthsTheyMayLandIn()
    {
        var result = await ApiProcess.RunAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Fleet"] = _connectionString,
            ["Ingestion__MaxRecordAge"] = "120.00:00:00",
        }, "prune", "--older-than", "2months");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("records up to 121 days old");
    }

    [Test]
    public async Task Prune_NoRetention_ExitsWithUsage()
    {
        var result = await ApiProcess.RunAsync(new Dictionary<string, string> { ["ConnectionStrings__Fleet"] = _connectionString }, "prune");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("--older-than is required").And.Contain("usage: prune --older-than");
    }

    private Task<ApiProcess.Result> PruneAsync(string olderThan) =>
        ApiProcess.RunAsync(new Dictionary<string, string> { ["ConnectionStrings__Fleet"] = _connectionString }, "prune", "--older-than", olderThan);

    private async Task<(int Count, TimeSpan Slowest)> InsertContinuouslyAsync(CancellationToken stop)
    {
        var (count, slowest) = (0, TimeSpan.Zero);
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await ExecuteAsync("INSERT INTO trips (driver_id, status, started_at, distance_km, duration_seconds) VALUES (2, 1, now(), 0, 0)");
            var elapsed = Stopwatch.GetElapsedTime(started);
            slowest = elapsed > slowest ? elapsed : slowest;
            count++;
            await Task.Delay(20, CancellationToken.None);
        }

        return (count, slowest);
    }

    // Names sort by month within a table: trips_2024_11 < trips_2024_12.
    private static bool IsBefore(string name, string parent, int monthOffset) =>
        name.StartsWith(parent + "_2", StringComparison.Ordinal) && string.CompareOrdinal(name, Name(parent, monthOffset)) < 0;

    private static string Name(string parent, int monthOffset) => $"{parent}_{CurrentMonth.AddMonths(monthOffset):yyyy_MM}";

    private async Task<string> RollupFiguresAsync(DateOnly day) =>
        $"{await ScalarAsync<long>("SELECT coalesce(sum(trips), 0) FROM daily_fleet_trips WHERE day = $1", day)} trips, " +
        $"{await ScalarAsync<decimal>("SELECT coalesce(sum(distance_km), 0) FROM daily_fleet_trips WHERE day = $1", day)} km, " +
        $"{await ScalarAsync<long>("SELECT coalesce(sum(events), 0) FROM daily_fleet_events WHERE day = $1", day)} events, " +
        $"{await ScalarAsync<long>("SELECT coalesce(sum(events), 0) FROM daily_driver_events WHERE day = $1", day)} driver events, " +
        $"{await ScalarAsync<long>("SELECT sum(trips) FROM driver_trip_totals")} trips in driver totals";

    private async Task<List<string>> PartitionsAsync()
    {
        var names = new List<string>();
        await using var command = _dataSource.CreateCommand(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent IN ('trips'::regclass, 'safety_events'::regclass) ORDER BY 1");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }
}
