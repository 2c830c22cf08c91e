using FleetTelematics.Infrastructure.Persistence.History;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace FleetTelematics.Tests.Infrastructure.Persistence.History;

/// <summary>Partitions made ahead of time, against the real PostgreSQL, on a copy of the seeded template.</summary>
public sealed class HistoryPartitionsTests
{
    // Far past the template's partitions (now + 2 months), so every month of this window is missing.
    private static readonly DateTimeOffset FarFuture = new(2031, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] FarFutureWindow =
    [
        "safety_events_2031_02", "safety_events_2031_03", "safety_events_2031_04", "safety_events_2031_05",
        "trips_2031_02", "trips_2031_03", "trips_2031_04", "trips_2031_05",
    ];

    private NpgsqlDataSource _dataSource = null!;
    private CapturingLoggerProvider _logs = null!;
    private ILoggerFactory _loggers = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        _dataSource = await TestDatabases.OpenAsync(await TestDatabases.CreateFromTemplateAsync("partitions"));
        _logs = new CapturingLoggerProvider();
        _loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(_logs));
    }

    [TearDown]
    public async Task Dispose()
    {
        _loggers.Dispose();
        _logs.Dispose();
        await _dataSource.DisposeAsync();
    }

    [Test]
    public async Task EnsureAheadAsync_MonthsMissing_CreatesTheWindowAndReturnsWhatItCreated()
    {
        var created = await Partitions(FarFuture).EnsureAheadAsync(CancellationToken.None);

        created.Should().Equal(FarFutureWindow);
        (await ScalarAsync<long>("SELECT count(*) FROM pg_inherits WHERE inhrelid::regclass::text = ANY($1)", (object)FarFutureWindow))
            .Should().Be(FarFutureWindow.Length, "each is a partition of its table");
        (await ScalarAsync<string>("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'trips_2031_05'"))
            .Should().Be("FOR VALUES FROM ('2031-05-01 00:00:00+00') TO ('2031-06-01 00:00:00+00')", "a month is a UTC month");
        _logs.Entries.Should().ContainSingle(e => e.EventId.Id == 700)
            .Which.Message.Should().Contain("trips_2031_05").And.Contain("2031-02-01").And.Contain("2031-05-10");
    }

    [Test]
    public async Task EnsureAheadAsync_SecondCall_CreatesNothing()
    {
        await Partitions(FarFuture).EnsureAheadAsync(CancellationToken.None);

        var again = await Partitions(FarFuture).EnsureAheadAsync(CancellationToken.None);

        again.Should().BeEmpty();
        _logs.Entries.Where(e => e.EventId.Id == 700).Should().HaveCount(1, "only the call that created something says so");
    }

    [Test]
    public async Task EnsureAheadAsync_LastInstantOfTheWindow_AcceptsARow()
    {
        await Partitions(FarFuture).EnsureAheadAsync(CancellationToken.None);

        var partition = await ScalarAsync<string>("""
            INSERT INTO trips (driver_id, status, started_at, distance_km, duration_seconds)
            VALUES (1, 1, '2031-05-31T23:59:59Z', 0, 0) RETURNING tableoid::regclass::text
            """);

        partition.Should().Be("trips_2031_05");
    }

    [Test]
    public async Task EnsureAheadAsync_ConcurrentCallers_EachPartitionCreatedOnce()
    {
        var calls = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Partitions(FarFuture).EnsureAheadAsync(CancellationToken.None)));

        calls.SelectMany(created => created).Should().BeEquivalentTo(FarFutureWindow,
            "the callers take turns, and each reports only what it created itself");
    }

    private HistoryPartitions Partitions(DateTimeOffset now) =>
        new(_dataSource, new FakeTimeProvider(now), _loggers.CreateLogger<HistoryPartitions>());

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
