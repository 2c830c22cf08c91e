using System.Text.Json;
using FleetTelematics.Api.Simulation;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FleetTelematics.Tests.Api.Simulation;

/// <summary>The simulator against <see cref="StubIngestionHandler"/>: HTTP without a network, time without waiting.</summary>
[Category(TestKinds.Unit)]
public sealed class GatewaySimulatorTests
{
    private static readonly SimulatedVehicle[] Fleet =
        Enumerable.Range(1, 10).Select(i => new SimulatedVehicle($"VEH-{i:D4}", $"DRV-{i:D4}")).ToArray();

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private StubIngestionHandler _server = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void StartServer()
    {
        _server = new StubIngestionHandler();
        _http = new HttpClient(_server) { BaseAddress = new Uri("http://gateway.test") };
    }

    [TearDown]
    public void StopServer()
    {
        _http.Dispose();
        _server.Dispose();
    }

    [Test]
    public async Task Tick_FewMinutes_EveryRecordAcceptedAndRepeatsAnsweredAsDuplicates()
    {
        var simulator = Simulator(out var simulation);

        await TickAsync(simulator, TimeSpan.FromMinutes(5));

        var total = Total(simulator);
        total.Accepted.Should().BeGreaterThan(100);
        total.Rejected.Should().Be(0, "every event's trip was sent before it, and every record is well-formed");
        total.RepeatedOnPurpose.Should().BeGreaterThan(0);
        total.Duplicates.Should().Be(total.RepeatedOnPurpose, "a repeat changes nothing and is counted as a duplicate");
        _server.Trips.Count.Should().Be(_server.Trips.Values.Select(t => t.GetProperty("external_id").GetString()).Distinct().Count());
        _server.Trips.Values.Count(t => t.GetProperty("ended_at").ValueKind == JsonValueKind.Null)
            .Should().Be(simulation.TripsInProgress, "the server knows exactly the trips still in progress");
    }

    [TestCase(StubIngestionHandler.Fault.Unavailable)]
    [TestCase(StubIngestionHandler.Fault.ConnectionLost)]
    [TestCase(StubIngestionHandler.Fault.AnswerLost)]
    public async Task Tick_PostFails_SameBatchSentAgainUntilAnswered(StubIngestionHandler.Fault fault)
    {
        var simulator = Simulator(out _);
        await TickAsync(simulator, TimeSpan.FromSeconds(20));
        var sent = _server.Bodies.Count;

        _server.FailNext(fault, fault);
        await TickAsync(simulator, TimeSpan.FromSeconds(20));

        _server.Bodies.Count.Should().BeGreaterThan(sent + 2);
        _server.Bodies[sent + 1].Should().Be(_server.Bodies[sent]).And.Be(_server.Bodies[sent + 2], "at-least-once: the very same batch again");
        Total(simulator).Rejected.Should().Be(0, "nothing overtook the batch that was being retried");
        if (fault == StubIngestionHandler.Fault.AnswerLost)
        {
            Total(simulator).Duplicates.Should().BeGreaterThan(Total(simulator).RepeatedOnPurpose, "the stored batch came back as duplicates");
        }
    }

    [Test]
    public async Task Tick_TokenRefused_LogsInAgainAndSendsTheBatch()
    {
        var simulator = Simulator(out _);
        await TickAsync(simulator, TimeSpan.FromSeconds(20));

        _server.FailNext(StubIngestionHandler.Fault.Unauthorized);
        await TickAsync(simulator, TimeSpan.FromSeconds(20));

        _server.Logins.Should().Be(2);
        Total(simulator).Rejected.Should().Be(0);
    }

    [Test]
    public async Task Run_Stopped_EndsEveryTripInProgressBeforeReturning()
    {
        var simulation = new FleetSimulation(Fleet, 20, seed: 3, DateTime.UtcNow);
        var client = new GatewayClient(_http, new GatewayCredentials("gateway", "secret"), TimeProvider.System, NullLogger.Instance, TimeSpan.Zero);
        var simulator = new GatewaySimulator(simulation, client, TimeProvider.System, NullLogger<GatewaySimulator>.Instance, seed: 3);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        await simulator.RunAsync(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), stop.Token);

        _server.Trips.Should().NotBeEmpty();
        _server.Trips.Values.Should().OnlyContain(t => t.GetProperty("ended_at").ValueKind != JsonValueKind.Null,
            "a stopped gateway leaves no trip in progress");
        simulation.TripsInProgress.Should().Be(0);
    }

    [Test]
    public async Task ChooseAsync_DriversWithVehicles_OnePerVehicleInASeededOrder()
    {
        using var server = new StubIngestionHandler
        {
            Drivers = [("DRV-0001", "VEH-0001"), ("DRV-0002", null), ("DRV-0003", "VEH-0001"), ("DRV-0004", "VEH-0004"), ("DRV-0005", "VEH-0005")],
        };
        using var http = new HttpClient(server) { BaseAddress = new Uri("http://gateway.test") };
        var client = new GatewayClient(http, new GatewayCredentials("gateway", "secret"), _clock, NullLogger.Instance);

        var chosen = await FleetDirectory.ChooseAsync(http, client, new GatewayCredentials("viewer", "secret"), 10, seed: 1, CancellationToken.None);
        var again = await FleetDirectory.ChooseAsync(http, client, new GatewayCredentials("viewer", "secret"), 2, seed: 1, CancellationToken.None);

        chosen.Select(v => v.VehicleId).Should().BeEquivalentTo(["VEH-0001", "VEH-0004", "VEH-0005"]);
        chosen.Should().Contain(new SimulatedVehicle("VEH-0001", "DRV-0001"), "the first driver listed for a vehicle drives it");
        again.Should().Equal(chosen.Take(2));
    }

    private GatewaySimulator Simulator(out FleetSimulation simulation)
    {
        simulation = new FleetSimulation(Fleet, 10, seed: 7, _clock.GetUtcNow().UtcDateTime);
        var client = new GatewayClient(_http, new GatewayCredentials("gateway", "secret"), _clock, NullLogger.Instance, TimeSpan.Zero);
        return new GatewaySimulator(simulation, client, _clock, NullLogger<GatewaySimulator>.Instance, seed: 7);
    }

    private async Task TickAsync(GatewaySimulator simulator, TimeSpan length)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < length; elapsed += TimeSpan.FromSeconds(1))
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await simulator.TickAsync(CancellationToken.None);
        }
    }

    private static SimulationProgress Total(GatewaySimulator simulator)
    {
        var total = new SimulationProgress();
        total.Add(simulator.Total);
        total.Add(simulator.Interval);
        return total;
    }
}
