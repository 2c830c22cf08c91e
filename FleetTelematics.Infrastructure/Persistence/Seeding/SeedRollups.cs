using FleetTelematics.Infrastructure.Persistence.History;

namespace FleetTelematics.Infrastructure.Persistence.Seeding;

/// <summary>
/// The roll-ups of a generated fleet, computed from the generated rows as they stream past the COPY, for a load that
/// runs with the roll-up triggers disabled. The definitions are the triggers' (<see cref="RollupsSql"/>): UTC days,
/// stripes by driver id, every trip counted; RollupTriggersTests holds the seeded roll-ups equal to a GROUP BY of the
/// history. Aggregating here costs a pass over each driver's rows in memory; the same GROUP BYs in PostgreSQL took 210 s
/// of the 10x seed (an 11.6-million-group aggregate spilled to disk, then sorted).
/// </summary>
internal sealed class SeedRollups
{
    private readonly List<DriverTotalRow> _driverTotals = [];
    private readonly Dictionary<(DateOnly Day, short Stripe), FleetTripsRow> _fleetTrips = [];
    private readonly Dictionary<(DateOnly Day, short Stripe, short Type, short Severity), int> _fleetEvents = [];

    public IReadOnlyList<DriverTotalRow> DriverTotals => _driverTotals;

    public IEnumerable<FleetTripsRow> FleetTrips => _fleetTrips.Values.OrderBy(r => r.Day).ThenBy(r => r.Stripe);

    public IEnumerable<FleetEventsRow> FleetEvents => _fleetEvents
        .OrderBy(e => e.Key)
        .Select(e => new FleetEventsRow(e.Key.Day, e.Key.Stripe, e.Key.Type, e.Key.Severity, e.Value));

    /// <summary>Counts a driver's trips, passing them on to the COPY.</summary>
    public IEnumerable<Domain.Trips.Trip> CountTrips(IEnumerable<DriverActivity> activity)
    {
        foreach (var driver in activity)
        {
            if (driver.Trips.Count == 0)
            {
                continue;
            }

            var stripe = Stripe(driver.Driver.Id);
            foreach (var trip in driver.Trips)
            {
                var key = (DateOnly.FromDateTime(trip.StartedAt), stripe);
                _fleetTrips[key] = _fleetTrips.GetValueOrDefault(key, new FleetTripsRow(key.Item1, stripe, 0, 0m, 0)).Add(trip);
                yield return trip;
            }

            _driverTotals.Add(new DriverTotalRow(driver.Driver.Id, driver.Trips.Count, driver.Trips.Sum(t => t.DistanceKm),
                driver.Trips.Sum(t => (long)t.DurationSeconds), driver.Trips.Max(t => t.StartedAt)));
        }
    }

    /// <summary>Counts a driver's events, passing them on to the COPY.</summary>
    public IEnumerable<Domain.Safety.SafetyEvent> CountEvents(IEnumerable<DriverActivity> activity)
    {
        foreach (var driver in activity)
        {
            var stripe = Stripe(driver.Driver.Id);
            foreach (var e in driver.Events)
            {
                var key = (DateOnly.FromDateTime(e.OccurredAt), stripe, (short)e.Type, (short)e.Severity);
                _fleetEvents[key] = _fleetEvents.GetValueOrDefault(key) + 1;
                yield return e;
            }
        }
    }

    /// <summary>Each driver's events per UTC day and type, in key order; one driver's history in memory at a time.</summary>
    public static IEnumerable<DriverEventsRow> DriverEvents(IEnumerable<DriverActivity> activity) =>
        activity.SelectMany(driver => driver.Events
            .GroupBy(e => (Day: DateOnly.FromDateTime(e.OccurredAt), Type: (short)e.Type))
            .OrderBy(g => g.Key)
            .Select(g => new DriverEventsRow(driver.Driver.Id, g.Key.Day, g.Key.Type, g.Count())));

    private static short Stripe(int driverId) => (short)(driverId % RollupsSql.FleetStripes);

    public readonly record struct DriverTotalRow(int DriverId, int Trips, decimal DistanceKm, long DurationSeconds, DateTime LastTripAt);

    public readonly record struct FleetTripsRow(DateOnly Day, short Stripe, int Trips, decimal DistanceKm, long DurationSeconds)
    {
        public FleetTripsRow Add(Domain.Trips.Trip trip) =>
            this with { Trips = Trips + 1, DistanceKm = DistanceKm + trip.DistanceKm, DurationSeconds = DurationSeconds + trip.DurationSeconds };
    }

    public readonly record struct DriverEventsRow(int DriverId, DateOnly Day, short Type, int Events);

    public readonly record struct FleetEventsRow(DateOnly Day, short Stripe, short Type, short Severity, int Events);
}
