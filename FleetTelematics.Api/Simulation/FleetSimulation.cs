using FleetTelematics.Domain.Safety;

namespace FleetTelematics.Api.Simulation;

/// <summary>
/// The vehicles' day, as the records a gateway would send: each vehicle parks, starts a trip (reported in progress),
/// has safety events during it, ends it (reported again, with its end and distance), and parks again. Trips are
/// short so that the records add up to the requested rate: a vehicle's trip and stop together last
/// vehicles × <see cref="RecordsPerTrip"/> / rate seconds on average. Timestamps are the real times the things
/// happen, so records are never in the future. Deterministic: the same seed, start and calls give the same records.
/// </summary>
public sealed class FleetSimulation
{
    /// <summary>Two trip records (start, end) and on average 1.5 safety events.</summary>
    public const double RecordsPerTrip = 3.5;

    private static readonly TimeSpan ShortestTrip = TimeSpan.FromSeconds(2);
    private static readonly int[] EventCounts = [0, 1, 1, 2, 2, 3];
    private static readonly string[] Types = Enum.GetNames<SafetyEventType>().Select(SnakeCase).ToArray();
    private static readonly string[] Severities = ["low", "low", "low", "medium", "medium", "high"];

    private readonly Random _random;
    private readonly VehicleState[] _vehicles;
    private readonly TimeSpan _cycle;
    private readonly string _run;

    public FleetSimulation(IReadOnlyList<SimulatedVehicle> vehicles, double recordsPerSecond, int seed, DateTime startUtc)
    {
        ArgumentOutOfRangeException.ThrowIfZero(vehicles.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordsPerSecond);
        _random = new Random(seed);
        _cycle = TimeSpan.FromSeconds(vehicles.Count * RecordsPerTrip / recordsPerSecond);
        // Part of every external id, so a later run (another start, or another seed) never reuses this run's ids.
        _run = $"sim{startUtc:yyyyMMddHHmmss}{_random.Next(36 * 36 * 36):x4}";
        // Spread over a whole cycle, so the first trips do not all start together.
        _vehicles = vehicles.Select(v => new VehicleState(v, Truncate(startUtc + Scale(_cycle, _random.NextDouble())))).ToArray();
    }

    /// <summary>Trips started and not yet ended.</summary>
    public int TripsInProgress => _vehicles.Count(v => v.Trip is not null);

    /// <summary>Every record due at or before <paramref name="nowUtc"/>, in the order things happened.</summary>
    public IReadOnlyList<ITelemetryRecord> Advance(DateTime nowUtc)
    {
        var due = new List<(DateTime At, ITelemetryRecord Record)>();
        foreach (var vehicle in _vehicles)
        {
            while (vehicle.NextAt <= nowUtc)
            {
                due.Add((vehicle.NextAt, Step(vehicle)));
            }
        }

        return due.OrderBy(d => d.At).Select(d => d.Record).ToList();
    }

    /// <summary>Ends every trip in progress at <paramref name="nowUtc"/>, as a gateway does when its vehicles park for the night.</summary>
    public IReadOnlyList<ITelemetryRecord> Finish(DateTime nowUtc)
    {
        var ended = new List<ITelemetryRecord>();
        foreach (var vehicle in _vehicles.Where(v => v.Trip is not null))
        {
            vehicle.Events.Clear();
            vehicle.EndAt = Truncate(nowUtc) > vehicle.Trip!.StartedAt ? Truncate(nowUtc) : vehicle.Trip.StartedAt.AddMilliseconds(1);
            ended.Add(End(vehicle));
        }

        return ended;
    }

    private ITelemetryRecord Step(VehicleState vehicle)
    {
        if (vehicle.Trip is null)
        {
            return Start(vehicle);
        }

        return vehicle.Events.Count > 0 && vehicle.Events.Peek() <= vehicle.EndAt ? Event(vehicle) : End(vehicle);
    }

    private TripRecord Start(VehicleState vehicle)
    {
        var startedAt = vehicle.NextAt;
        var length = Max(ShortestTrip, Scale(_cycle, 0.7 * (0.6 + (0.8 * _random.NextDouble()))));
        vehicle.EndAt = Truncate(startedAt + length);
        vehicle.SpeedKmh = 25 + (65 * _random.NextDouble());
        vehicle.TripNumber++;
        vehicle.EventNumber = 0;
        var times = Enumerable.Range(0, EventCounts[_random.Next(EventCounts.Length)])
            .Select(_ => Truncate(startedAt + Scale(vehicle.EndAt - startedAt, _random.NextDouble())))
            .Order();
        vehicle.Events = new Queue<DateTime>(times);
        vehicle.Trip = new TripRecord($"{_run}.{vehicle.Vehicle.VehicleId}.t{vehicle.TripNumber}", vehicle.Vehicle.DriverId,
            vehicle.Vehicle.VehicleId, startedAt, null, null);
        vehicle.NextAt = vehicle.Events.Count > 0 ? vehicle.Events.Peek() : vehicle.EndAt;
        return vehicle.Trip;
    }

    private SafetyEventRecord Event(VehicleState vehicle)
    {
        var occurredAt = vehicle.Events.Dequeue();
        vehicle.EventNumber++;
        var speed = Math.Round((decimal)(vehicle.SpeedKmh * (0.5 + _random.NextDouble())), 1);
        var record = new SafetyEventRecord($"{vehicle.Trip!.ExternalId}.e{vehicle.EventNumber}", vehicle.Trip.ExternalId,
            Types[_random.Next(Types.Length)], Severities[_random.Next(Severities.Length)], occurredAt, speed);
        vehicle.NextAt = vehicle.Events.Count > 0 ? vehicle.Events.Peek() : vehicle.EndAt;
        return record;
    }

    private TripRecord End(VehicleState vehicle)
    {
        var trip = vehicle.Trip!;
        var hours = (decimal)(vehicle.EndAt - trip.StartedAt).TotalHours;
        var ended = trip with { EndedAt = vehicle.EndAt, DistanceKm = Math.Round((decimal)vehicle.SpeedKmh * hours, 2) };
        vehicle.Trip = null;
        vehicle.NextAt = Truncate(vehicle.EndAt + Scale(_cycle, 0.3 * (0.5 + _random.NextDouble())));
        return ended;
    }

    private static TimeSpan Scale(TimeSpan span, double factor) => TimeSpan.FromTicks((long)(span.Ticks * factor));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // Whole milliseconds: the database keeps microseconds, so a record sent again compares equal to the stored one.
    private static DateTime Truncate(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static string SnakeCase(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private sealed class VehicleState(SimulatedVehicle vehicle, DateTime nextAt)
    {
        public SimulatedVehicle Vehicle { get; } = vehicle;

        public DateTime NextAt { get; set; } = nextAt;

        public TripRecord? Trip { get; set; }

        public DateTime EndAt { get; set; }

        public double SpeedKmh { get; set; }

        public Queue<DateTime> Events { get; set; } = new();

        public int TripNumber { get; set; }

        public int EventNumber { get; set; }
    }
}
