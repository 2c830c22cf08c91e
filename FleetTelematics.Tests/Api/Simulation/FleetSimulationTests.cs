using System.Text.Json;
using System.Text.RegularExpressions;
using FleetTelematics.Api.Simulation;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Simulation;

[Category(TestKinds.Unit)]
public sealed partial class FleetSimulationTests
{
    private static readonly DateTime Start = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly SimulatedVehicle[] Fleet =
        Enumerable.Range(1, 20).Select(i => new SimulatedVehicle($"VEH-{i:D4}", $"DRV-{i:D4}")).ToArray();

    [Test]
    public void Advance_SameSeedAndTimes_SameRecords()
    {
        var first = Drive(new FleetSimulation(Fleet, 20, seed: 5, Start), TimeSpan.FromMinutes(3));
        var second = Drive(new FleetSimulation(Fleet, 20, seed: 5, Start), TimeSpan.FromMinutes(3));
        var other = Drive(new FleetSimulation(Fleet, 20, seed: 6, Start), TimeSpan.FromMinutes(3));

        JsonSerializer.Serialize(second).Should().Be(JsonSerializer.Serialize(first));
        JsonSerializer.Serialize(other).Should().NotBe(JsonSerializer.Serialize(first));
    }

    [Test]
    public void Advance_ThenFinish_EveryTripStartsInProgressAndEndsOnce()
    {
        var simulation = new FleetSimulation(Fleet, 20, seed: 1, Start);
        var records = Drive(simulation, TimeSpan.FromMinutes(10));
        records.AddRange(simulation.Finish(Start.AddMinutes(10)).Select(r => (Start.AddMinutes(10), r)));

        var trips = records.Select(r => r.Record).OfType<TripRecord>().GroupBy(t => t.ExternalId).ToList();
        trips.Should().HaveCountGreaterThan(100);
        trips.Should().OnlyContain(t => t.Count() == 2, "a trip is sent when it starts and when it ends");
        trips.Select(t => t.First()).Should().OnlyContain(t => t.EndedAt == null && t.DistanceKm == null);
        trips.Select(t => t.Last()).Should().OnlyContain(t => t.EndedAt > t.StartedAt && t.DistanceKm >= 0 && t.DistanceKm < 2000);
        foreach (var trip in trips)
        {
            trip.Last().Should().Be(trip.First() with { EndedAt = trip.Last().EndedAt, DistanceKm = trip.Last().DistanceKm },
                "the end repeats the start's driver, vehicle and start");
        }

        simulation.TripsInProgress.Should().Be(0);
    }

    [Test]
    public void Advance_Events_FallInsideTheirTripAndFollowItsStart()
    {
        var simulation = new FleetSimulation(Fleet, 20, seed: 2, Start);
        var records = Drive(simulation, TimeSpan.FromMinutes(10)).Select(r => r.Record).ToList();

        var ends = records.OfType<TripRecord>().Where(t => t.EndedAt != null).ToDictionary(t => t.ExternalId);
        var events = records.OfType<SafetyEventRecord>().ToList();
        events.Should().HaveCountGreaterThan(100);
        foreach (var safetyEvent in events)
        {
            var position = records.IndexOf(safetyEvent);
            records.Take(position).OfType<TripRecord>().Should().Contain(t => t.ExternalId == safetyEvent.TripExternalId,
                "an event comes after its trip's start");
            if (ends.TryGetValue(safetyEvent.TripExternalId, out var trip))
            {
                safetyEvent.OccurredAt.Should().BeOnOrAfter(trip.StartedAt).And.BeOnOrBefore(trip.EndedAt!.Value);
            }
        }

        events.Select(e => e.Type).Distinct().Should().HaveCount(6);
        events.Select(e => e.Severity).Distinct().Should().BeEquivalentTo(["low", "medium", "high"]);
    }

    [Test]
    public void Advance_Records_ValidIdsUtcTimesNeverAfterNow()
    {
        var records = Drive(new FleetSimulation(Fleet, 50, seed: 3, Start), TimeSpan.FromMinutes(5));

        records.Select(r => r.Record.ExternalId).Should().OnlyContain(id => ExternalId().IsMatch(id));
        records.Select(r => r.Record).OfType<SafetyEventRecord>().Select(e => e.ExternalId).Should().OnlyHaveUniqueItems();
        foreach (var (now, record) in records)
        {
            var at = record switch
            {
                TripRecord { EndedAt: { } ended } => ended,
                TripRecord trip => trip.StartedAt,
                SafetyEventRecord safetyEvent => safetyEvent.OccurredAt,
                _ => throw new InvalidOperationException(),
            };
            at.Kind.Should().Be(DateTimeKind.Utc);
            at.Should().BeOnOrBefore(now, "a gateway reports what happened, never what will");
        }
    }

    [TestCase(20, 20)]
    [TestCase(20, 3)]
    [TestCase(100, 50)]
    public void Advance_LongRun_RecordsPerSecondNearTheRate(int vehicles, double rate)
    {
        var fleet = Enumerable.Range(1, vehicles).Select(i => new SimulatedVehicle($"VEH-{i:D4}", $"DRV-{i:D4}")).ToArray();

        var records = Drive(new FleetSimulation(fleet, rate, seed: 4, Start), TimeSpan.FromMinutes(30));

        (records.Count / TimeSpan.FromMinutes(30).TotalSeconds).Should().BeApproximately(rate, rate * 0.2);
    }

    [Test]
    public void Advance_TwoRuns_NeverShareAnId()
    {
        var morning = Drive(new FleetSimulation(Fleet, 20, seed: 5, Start), TimeSpan.FromMinutes(2));
        var later = Drive(new FleetSimulation(Fleet, 20, seed: 5, Start.AddSeconds(1)), TimeSpan.FromMinutes(2));

        morning.Select(r => r.Record.ExternalId).Intersect(later.Select(r => r.Record.ExternalId)).Should().BeEmpty();
    }

    private static List<(DateTime Now, ITelemetryRecord Record)> Drive(FleetSimulation simulation, TimeSpan length)
    {
        var records = new List<(DateTime, ITelemetryRecord)>();
        for (var now = Start; now <= Start + length; now = now.AddSeconds(1))
        {
            records.AddRange(simulation.Advance(now).Select(r => (now, r)));
        }

        return records;
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex ExternalId();
}
