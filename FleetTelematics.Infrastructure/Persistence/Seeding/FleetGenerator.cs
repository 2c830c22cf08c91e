using FleetTelematics.Domain.Drivers;
using FleetTelematics.Domain.Safety;
using FleetTelematics.Domain.Trips;
using FleetTelematics.Domain.Vehicles;

namespace FleetTelematics.Infrastructure.Persistence.Seeding;

/// <summary>
/// Generates a plausible, deterministic fleet. Every driver's history comes from its own random stream
/// (seeded by the fleet seed and the driver's number), so histories can be regenerated one driver at a time
/// without holding the whole fleet in memory, and the result does not depend on the order of generation.
/// </summary>
public sealed class FleetGenerator(FleetSeedOptions options, DateTime anchorUtc)
{
    private const double InProgressShareOfActiveDrivers = 0.2;
    private static readonly TimeSpan DayLength = TimeSpan.FromDays(1);

    private readonly DateTime _now = DateTime.SpecifyKind(anchorUtc, DateTimeKind.Utc);

    public DateTime FirstDay => _now.Date.AddDays(-(options.Days - 1));

    public IEnumerable<Vehicle> Vehicles()
    {
        var random = new Random(Mix(options.Seed, 0, 1));
        for (var id = 1; id <= options.Vehicles; id++)
        {
            var (make, models) = SeedVocabulary.Vehicles[random.Next(SeedVocabulary.Vehicles.Length)];
            var letters = string.Concat(Enumerable.Range(0, 3).Select(_ => (char)('A' + random.Next(26))));
            yield return new Vehicle
            {
                Id = id,
                Make = make,
                Model = models[random.Next(models.Length)],
                Year = 2014 + random.Next(12),
                LicensePlate = $"{letters}-{id:D4}",
                CreatedAt = FirstDay.AddDays(-random.Next(30, 900)),
            };
        }
    }

    public IEnumerable<Driver> Drivers()
    {
        for (var id = 1; id <= options.Drivers; id++)
        {
            yield return CreateDriver(id, new Random(Mix(options.Seed, id, 2)));
        }
    }

    /// <summary>Trips and events of every driver, with trip and event ids numbered in generation order.</summary>
    public IEnumerable<DriverActivity> Activity()
    {
        long nextTripId = 1, nextEventId = 1;
        foreach (var driver in Drivers())
        {
            var activity = CreateActivity(driver, new Random(Mix(options.Seed, driver.Id, 3)), ref nextTripId, ref nextEventId);
            yield return activity;
        }
    }

    private Driver CreateDriver(int id, Random random)
    {
        var first = SeedVocabulary.FirstNames[random.Next(SeedVocabulary.FirstNames.Length)];
        var last = SeedVocabulary.LastNames[random.Next(SeedVocabulary.LastNames.Length)];
        var roll = random.NextDouble();
        var status = roll < 0.80 ? DriverStatus.Active : roll < 0.92 ? DriverStatus.Inactive : DriverStatus.Suspended;
        var hired = DateOnly.FromDateTime(FirstDay.AddDays(-random.Next(30, 3000)));
        var created = hired.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
        return new Driver
        {
            Id = id,
            Name = $"{first} {last}",
            Email = $"{Ascii(first)}.{Ascii(last)}.{id}@fleet.example".ToLowerInvariant(),
            Phone = $"+1-555-{random.Next(100, 1000):D3}-{random.Next(0, 10000):D4}",
            LicenseNumber = $"DL{id:D7}{random.Next(10, 100)}",
            City = SeedVocabulary.Cities[random.Next(SeedVocabulary.Cities.Length)],
            Status = status,
            RiskScore = DrawRiskScore(random, status),
            VehicleId = id <= options.Vehicles && random.NextDouble() < 0.9 ? id : null,
            HireDate = hired,
            CreatedAt = created,
            UpdatedAt = created,
        };
    }

    /// <summary>Mostly low-risk drivers with a long tail, suspended drivers skewed towards the high bands.</summary>
    private static decimal DrawRiskScore(Random random, DriverStatus status)
    {
        var roll = random.NextDouble();
        if (status == DriverStatus.Suspended)
        {
            roll = 0.45 + roll * 0.55;
        }

        var (from, to) = roll switch
        {
            < 0.50 => (5.0, 40.0),
            < 0.78 => (40.0, 60.0),
            < 0.93 => (60.0, 80.0),
            _ => (80.0, 99.0),
        };
        return decimal.Round((decimal)(from + random.NextDouble() * (to - from)), 1);
    }

    private DriverActivity CreateActivity(Driver driver, Random random, ref long nextTripId, ref long nextEventId)
    {
        var trips = new List<Trip>();
        var events = new List<SafetyEvent>();
        var tripsPerDay = driver.Status switch
        {
            DriverStatus.Active => 3.2,
            DriverStatus.Inactive => 1.0,
            _ => 1.5,
        };

        for (var day = FirstDay; day <= _now.Date; day += DayLength)
        {
            var count = Poisson(random, tripsPerDay);
            for (var i = 0; i < count; i++)
            {
                var start = day.AddMinutes(random.Next(5 * 60, 21 * 60));
                var trip = CreateTrip(driver, random, nextTripId, start, TimeSpan.FromMinutes(random.Next(10, 180)));
                if (trip is null)
                {
                    continue;
                }

                nextTripId++;
                trips.Add(trip);
                AddEvents(driver, trip, random, events, ref nextEventId);
            }
        }

        // Some active drivers are on the road right now, so "active trips" is never an empty dashboard.
        if (driver.Status == DriverStatus.Active && random.NextDouble() < InProgressShareOfActiveDrivers)
        {
            var start = _now.AddMinutes(-random.Next(5, 90));
            var trip = CreateTrip(driver, random, nextTripId, start, TimeSpan.FromMinutes(random.Next(120, 240)))!;
            nextTripId++;
            trips.Add(trip);
            AddEvents(driver, trip, random, events, ref nextEventId);
        }

        return new DriverActivity(driver, trips, events);
    }

    private Trip? CreateTrip(Driver driver, Random random, long id, DateTime start, TimeSpan plannedDuration)
    {
        if (start >= _now)
        {
            return null;
        }

        var end = start + plannedDuration;
        var inProgress = end > _now;
        var driven = (inProgress ? _now : end) - start;
        var averageSpeedKmh = 25 + random.NextDouble() * 55;
        return new Trip
        {
            Id = id,
            DriverId = driver.Id,
            VehicleId = driver.VehicleId,
            Status = inProgress ? TripStatus.InProgress : TripStatus.Completed,
            StartedAt = start,
            EndedAt = inProgress ? null : end,
            DistanceKm = decimal.Round((decimal)(driven.TotalHours * averageSpeedKmh), 2),
            DurationSeconds = (int)driven.TotalSeconds,
        };
    }

    /// <summary>Riskier drivers have more events and more severe ones; longer trips have more of them.</summary>
    private static void AddEvents(Driver driver, Trip trip, Random random, List<SafetyEvent> events, ref long nextEventId)
    {
        var risk = (double)driver.RiskScore / 100.0;
        var hours = trip.DurationSeconds / 3600.0;
        var count = Poisson(random, (0.3 + risk * 4.5) * Math.Max(hours, 0.1) * 0.8);
        for (var i = 0; i < count; i++)
        {
            var type = (SafetyEventType)(1 + WeightedIndex(random, EventTypeWeights));
            var severityRoll = random.NextDouble() - risk * 0.3;
            events.Add(new SafetyEvent
            {
                Id = nextEventId++,
                TripId = trip.Id,
                DriverId = driver.Id,
                Type = type,
                Severity = severityRoll < 0.25 ? Severity.High : severityRoll < 0.6 ? Severity.Medium : Severity.Low,
                OccurredAt = trip.StartedAt.AddSeconds(random.Next(0, Math.Max(trip.DurationSeconds, 1))),
                SpeedKmh = decimal.Round((decimal)(type == SafetyEventType.Speeding
                    ? 90 + random.NextDouble() * 60
                    : 20 + random.NextDouble() * 80), 1),
            });
        }
    }

    private static readonly double[] EventTypeWeights = [0.26, 0.18, 0.28, 0.14, 0.09, 0.05];

    private static int WeightedIndex(Random random, double[] weights)
    {
        var roll = random.NextDouble();
        for (var i = 0; i < weights.Length - 1; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static int Poisson(Random random, double mean)
    {
        // Knuth's method: exact and fast enough for the small means used here.
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    private static int Mix(int seed, int id, int stream) =>
        unchecked((seed * 73_856_093) ^ (id * 19_349_663) ^ (stream * 83_492_791));

    private static string Ascii(string name) =>
        new(name.Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z').ToArray());
}
