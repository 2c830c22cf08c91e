using System.Net;
using FleetTelematics.Api.Hosting;
using FleetTelematics.Infrastructure.Persistence.History;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace FleetTelematics.Tests.Api.Hosting;

/// <summary>The daily pass that keeps partitions ahead, against the real PostgreSQL (reached through a proxy a test can cut).</summary>
public sealed class HistoryPartitionMaintenanceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private string _connectionString = null!;
    private CapturingLoggerProvider _logs = null!;
    private ILoggerFactory _loggers = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        _connectionString = await TestDatabases.CreateFromTemplateAsync("maintenance");
        _logs = new CapturingLoggerProvider();
        _loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(_logs));
    }

    [TearDown]
    public void Dispose()
    {
        _loggers.Dispose();
        _logs.Dispose();
    }

    [Test]
    public async Task DatabaseDownAtStart_LogsKeepsRunningAndCreatesThePartitionsOnceItIsBack()
    {
        var direct = new NpgsqlConnectionStringBuilder(_connectionString);
        await using var proxy = new SwitchableTcpProxy(direct.Host!, direct.Port);
        proxy.Cut();
        await using var proxied = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_connectionString)
            { Host = "127.0.0.1", Port = proxy.Port, Timeout = 2 }.ConnectionString);
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 10, 12, 0, 0, TimeSpan.Zero));
        using var service = Maintenance(proxied, clock);

        await service.StartAsync(CancellationToken.None);
        (await EventuallyAsync(() => Task.FromResult(_logs.Entries.Any(e => e.EventId.Id == 702)))).Should().BeTrue("the failure is logged");
        service.ExecuteTask!.IsCompleted.Should().BeFalse("a database outage does not end the service, nor the host");
        proxy.Restore();

        (await EventuallyAsync(async () =>
        {
            clock.Advance(HistoryPartitionMaintenance.RetryInterval);
            return await ExistsAsync("trips_2031_05");
        })).Should().BeTrue("it tries again after the retry interval");
        _logs.Entries.Should().Contain(e => e.EventId.Id == 700 && e.Message.Contains("safety_events_2031_05"));
        await service.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task Running_NextDayInANewMonth_CreatesTheMonthThatCameIntoTheWindow()
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 3, 31, 12, 0, 0, TimeSpan.Zero));
        using var service = Maintenance(dataSource, clock);

        await service.StartAsync(CancellationToken.None);
        (await EventuallyAsync(() => ExistsAsync("trips_2031_05"))).Should().BeTrue();
        (await ExistsAsync("trips_2031_06")).Should().BeFalse();

        (await EventuallyAsync(async () =>
        {
            clock.Advance(HistoryPartitionMaintenance.Interval);
            return await ExistsAsync("trips_2031_06");
        })).Should().BeTrue("a day later, June 2031 is two months ahead");
        await service.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task ApiStart_NextMonthsMissing_TheHostedPassCreatesThem()
    {
        var lastMonth = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(HistoryPartitions.LookaheadMonths));
        var name = HistoryPartitionsSql.PartitionName("trips", lastMonth);
        await using (var dataSource = NpgsqlDataSource.Create(_connectionString))
        {
            await using var drop = dataSource.CreateCommand($"DROP TABLE {name}");
            await drop.ExecuteNonQueryAsync();
        }

        await using var factory = new FleetApiFactory(_connectionString);
        using var client = factory.CreateClient();
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await EventuallyAsync(() => ExistsAsync(name))).Should().BeTrue("the API makes the months ahead when it starts");
    }

    private HistoryPartitionMaintenance Maintenance(NpgsqlDataSource dataSource, TimeProvider clock) =>
        new(new HistoryPartitions(dataSource, clock, _loggers.CreateLogger<HistoryPartitions>()), clock,
            _loggers.CreateLogger<HistoryPartitionMaintenance>());

    private async Task<bool> ExistsAsync(string table)
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var command = dataSource.CreateCommand("SELECT to_regclass($1) IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = table });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
