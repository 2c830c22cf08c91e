using FleetTelematics.Domain.Drivers;
using FleetTelematics.Domain.Safety;
using FleetTelematics.Domain.Trips;
using FleetTelematics.Infrastructure.Persistence.Seeding;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Infrastructure.Persistence;

[Category(TestKinds.Unit)]
public sealed class FleetGeneratorTests
{
    private static readonly DateTime Anchor = new(2026, 3, 10, 14, 30, 0, DateTimeKind.Utc);
    private static readonly FleetSeedOptions Options = new(Drivers: 300, Vehicles: 150, Days: 30, Seed: 11);

    [Test]
    public void Activity_SameOptionsAndAnchor_ProducesIdenticalFleet()
    {
        var first = Fingerprint(new FleetGenerator(Options, Anchor));
        var second = Fingerprint(new FleetGenerator(Options, Anchor));

        second.Should().Equal(first);
    }

    [Test]
    public void Activity_DifferentSeed_ProducesDifferentFleet()
    {
        var first = Fingerprint(new FleetGenerator(Options, Anchor));
        var other = Fingerprint(new FleetGenerator(Options with { Seed = 12 }, Anchor));

        other.Should().NotEqual(first);
    }

    [Test]
    public void Drivers_Generated_SpreadOverEveryStatusAndRiskBand()
    {
        var drivers = new FleetGenerator(Options, Anchor).Drivers().ToList();

        drivers.Select(d => d.Status).Distinct().Should().BeEquivalentTo(Enum.GetValues<DriverStatus>());
        drivers.Select(d => d.RiskCategory).Distinct().Should().BeEquivalentTo(RiskBands.All);
        drivers.Count(d => d.Status == DriverStatus.Active).Should().BeGreaterThan(drivers.Count / 2);
        drivers.Select(d => d.Email).Should().OnlyHaveUniqueItems();
        drivers.Select(d => d.LicenseNumber).Should().OnlyHaveUniqueItems();
        drivers.Where(d => d.VehicleId is not null).Select(d => d.VehicleId).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void Activity_Generated_CoversEveryDayAndNothingInTheFuture()
    {
        var generator = new FleetGenerator(Options, Anchor);
        var trips = generator.Activity().SelectMany(a => a.Trips).ToList();

        trips.Select(t => t.StartedAt.Date).Distinct().Should().HaveCount(Options.Days);
        trips.Should().OnlyContain(t => t.StartedAt < Anchor && (t.EndedAt == null || t.EndedAt <= Anchor));
        trips.Should().Contain(t => t.Status == TripStatus.InProgress && t.EndedAt == null);
        trips.Should().OnlyContain(t => t.DistanceKm >= 0 && t.DistanceKm < 400 && t.DurationSeconds <= 4 * 3600);
        trips.Select(t => t.Id).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Test]
    public void Activity_RiskierDrivers_HaveMoreEventsPerTrip()
    {
        var activity = new FleetGenerator(Options, Anchor).Activity().Where(a => a.Trips.Count > 0).ToList();
        double Rate(Func<Driver, bool> filter) => activity.Where(a => filter(a.Driver))
            .Select(a => (double)a.Events.Count / a.Trips.Count).Average();

        var high = Rate(d => d.RiskScore >= 60);
        var low = Rate(d => d.RiskScore < 40);

        high.Should().BeGreaterThan(low * 1.5);
        activity.SelectMany(a => a.Events).Select(e => e.Type).Distinct().Should().HaveCount(Enum.GetValues<SafetyEventType>().Length);
    }

    [Test]
    public void Activity_Events_BelongToTheirTripsAndHappenDuringThem()
    {
        foreach (var activity in new FleetGenerator(Options, Anchor).Activity().Take(50))
        {
            var trips = activity.Trips.ToDictionary(t => t.Id);
            foreach (var safetyEvent in activity.Events)
            {
                var trip = trips[safetyEvent.TripId];
                safetyEvent.DriverId.Should().Be(trip.DriverId);
                safetyEvent.OccurredAt.Should().BeOnOrAfter(trip.StartedAt)
                    .And.BeOnOrBefore(trip.StartedAt.AddSeconds(Math.Max(trip.DurationSeconds, 1)));
            }
        }
    }

    private static List<string> Fingerprint(FleetGenerator generator) =>
        generator.Vehicles().Select(v => $"{v.Id}|{v.Make}|{v.LicensePlate}")
            .Concat(generator.Activity().SelectMany(a =>
                a.Trips.Select(t => $"{t.Id}|{t.DriverId}|{t.StartedAt:O}|{t.DistanceKm}")
                    .Concat(a.Events.Select(e => $"{e.Id}|{e.TripId}|{e.Type}|{e.Severity}|{e.OccurredAt:O}"))
                    .Prepend($"{a.Driver.Id}|{a.Driver.Name}|{a.Driver.RiskScore}|{a.Driver.Status}")))
            .ToList();
}
