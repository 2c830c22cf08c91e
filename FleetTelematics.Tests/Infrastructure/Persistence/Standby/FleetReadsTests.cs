using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FleetTelematics.Infrastructure.Persistence.Standby;
using FleetTelematics.Tests.Infrastructure.Caching;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Npgsql;
using NpgsqlTypes;

namespace FleetTelematics.Tests.Infrastructure.Persistence.Standby;

/// <summary>Where <see cref="FleetReads"/> sends a read, with the gate's positions faked and no server behind either data source.</summary>
[Category(TestKinds.Unit)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class FleetReadsTests : IDisposable
{
    private static readonly NpgsqlLogSequenceNumber Position = new(0x1000);

    // Never opened: a read here only compares which data source it was handed.
    private readonly NpgsqlDataSource _primary = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=primary");
    private readonly StandbyDatabase _standby = StandbyDatabase.Of(NpgsqlDataSource.Create("Host=127.0.0.1;Port=2;Database=standby"));
    private readonly Mock<IWalPositions> _positions = new(MockBehavior.Strict);
    private readonly TestMeterFactory _meters = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _counted = new();

    public FleetReadsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, _meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (value > 0)
            {
                var labels = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
                _counted.Enqueue($"{labels["target"]}/{labels["reason"]}");
            }
        });
        _listener.Start();
        _positions.Setup(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Position);
    }

    [Test]
    public async Task RunAsync_NotMarked_PrimaryWithoutAskingAnyPosition()
    {
        await using var reads = Reads();

        var server = await reads.RunAsync(ServerOf, CancellationToken.None);

        server.Should().Be("primary");
        _positions.Verify(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>()), Times.Never);
        _counted.Should().BeEmpty("only computations of cached reads are counted");
    }

    [Test]
    public async Task RunAsync_MarkedAndStandbyCurrent_StandbyCountedOnce()
    {
        _positions.Setup(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Position);
        await using var reads = Reads();
        reads.AllowStandby();

        var first = await reads.RunAsync(ServerOf, CancellationToken.None);
        var second = await reads.RunAsync(ServerOf, CancellationToken.None);

        (first, second).Should().Be(("standby", "standby"));
        _positions.Verify(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>()), Times.Once, "the gate is passed once per request");
        _counted.Should().Equal("standby/current");
    }

    [Test]
    public async Task RunAsync_MarkedAndStandbyBehind_PrimaryCountedAsLagging()
    {
        _positions.Setup(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Position - 1);
        await using var reads = Reads();
        reads.AllowStandby();

        (await reads.RunAsync(ServerOf, CancellationToken.None)).Should().Be("primary");
        _counted.Should().Equal("primary/lagging");
    }

    [Test]
    public async Task RunAsync_StandbyFailsDuringTheRead_SameReadAnsweredByThePrimary()
    {
        _positions.Setup(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Position);
        await using var reads = Reads();
        reads.AllowStandby();
        var attempts = new List<string>();

        var answer = await reads.RunAsync((source, _) =>
        {
            var server = source.DataSource == _primary ? "primary" : "standby";
            attempts.Add(server);
            return server == "standby"
                ? Task.FromException<string>(new PostgresException("canceling statement due to conflict with recovery", "ERROR", "ERROR", "40001"))
                : Task.FromResult(server);
        }, CancellationToken.None);

        answer.Should().Be("primary");
        attempts.Should().Equal("standby", "primary");
        _counted.Should().Equal("primary/unavailable");
        (await reads.RunAsync(ServerOf, CancellationToken.None)).Should().Be("primary", "the request does not go back to a standby that failed it");
    }

    [Test]
    public async Task RunAsync_ReadFailsForItsOwnReason_NotRetried()
    {
        _positions.Setup(p => p.StandbyReplayAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Position);
        await using var reads = Reads();
        reads.AllowStandby();
        var attempts = 0;

        var read = async () => await reads.RunAsync<string>((_, _) =>
        {
            attempts++;
            throw new InvalidOperationException("a bug, not the standby");
        }, CancellationToken.None);

        await read.Should().ThrowAsync<InvalidOperationException>();
        attempts.Should().Be(1);
    }

    [Test]
    public async Task AllowStandby_NoStandbyConfigured_StaysOnThePrimary()
    {
        await using var context = TestDatabases.CreateContext(_primary);
        await using var reads = new FleetReads(context, _primary, StandbyDatabase.None, Gate(StandbyDatabase.None),
            new ReplicaReadMetrics(_meters, StandbyDatabase.None));
        reads.AllowStandby();

        (await reads.RunAsync(ServerOf, CancellationToken.None)).Should().Be("primary");
        _positions.Verify(p => p.PrimaryInsertAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
        _primary.Dispose();
        _standby.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private Task<string> ServerOf(ReadSource source, CancellationToken cancellationToken) =>
        Task.FromResult(source.DataSource == _primary ? "primary" : "standby");

    private FleetReads Reads() =>
        new(TestDatabases.CreateContext(_primary), _primary, _standby, Gate(_standby), new ReplicaReadMetrics(_meters, _standby));

    private ReplayGate Gate(StandbyDatabase standby) =>
        new(_positions.Object, standby, Options.Create(new StandbyOptions { MaxWait = TimeSpan.Zero }), TimeProvider.System,
            NullLogger<ReplayGate>.Instance);
}
