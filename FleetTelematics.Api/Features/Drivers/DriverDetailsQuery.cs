using FleetTelematics.Domain.Common;
using FleetTelematics.Domain.Safety;
using FleetTelematics.Domain.Trips;
using FleetTelematics.Infrastructure.Persistence.History;
using FleetTelematics.Infrastructure.Persistence.Standby;
using Npgsql;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>
/// A driver's details in two round trips whatever its history: the driver (with totals), then one batch of
/// five statements for vehicle, statistics, events by type and the ten newest trips and events. The statistics come
/// from the roll-ups (<c>driver_trip_totals</c>, <c>daily_driver_events</c>: ADR-013); the newest trips and events are
/// raw rows, from the (driver_id, time desc) indexes of the partitions. Both round trips run on the same server, chosen by
/// <see cref="FleetReads"/>.
/// </summary>
public sealed class DriverDetailsQuery(FleetReads reads, TimeProvider clock)
{
    public const int RecentCount = 10;
    public const int EventWindowDays = 30;

    public Task<DriverDetailsResponse?> FindAsync(int id, CancellationToken cancellationToken) =>
        reads.RunAsync((source, token) => FindAsync(source, id, token), cancellationToken);

    private async Task<DriverDetailsResponse?> FindAsync(ReadSource source, int id, CancellationToken cancellationToken)
    {
        var driver = await DriverQueries.FindAsync(source.Db, id, cancellationToken);
        if (driver is null)
        {
            return null;
        }

        // Whole UTC days: today and the 29 before it. Like the raw window it replaces, it has no end: an event
        // reported with a clock ahead of ours counts too.
        var windowStart = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.Date.AddDays(-(EventWindowDays - 1)));
        await using var batch = source.DataSource.CreateBatch();
        Add(batch, "SELECT v.id, v.make, v.model, v.year, v.license_plate FROM vehicles v JOIN drivers d ON d.vehicle_id = v.id WHERE d.id = $1", id);
        // No row (never drove) or a row of zeros (every trip deleted) is the integer 0 of an aggregate over no trips.
        Add(batch, $"SELECT trips, distance_km, duration_seconds FROM {RollupsSql.DriverTripTotals} WHERE driver_id = $1 AND trips > 0", id);
        Add(batch, $"SELECT type, sum(events)::int FROM {RollupsSql.DailyDriverEvents} WHERE driver_id = $1 AND day >= $2 GROUP BY type", id, windowStart);
        Add(batch, $"SELECT id, vehicle_id, status, started_at, ended_at, distance_km, duration_seconds FROM trips WHERE driver_id = $1 ORDER BY started_at DESC, id DESC LIMIT {RecentCount}", id);
        Add(batch, $"SELECT id, trip_id, type, severity, occurred_at, speed_kmh FROM safety_events WHERE driver_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT {RecentCount}", id);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        VehicleResponse? vehicle = null;
        if (await reader.ReadAsync(cancellationToken))
        {
            vehicle = new VehicleResponse(EntityCode.Vehicle.Format(reader.GetInt32(0)), reader.GetString(1),
                reader.GetString(2), reader.GetInt32(3), reader.GetString(4));
        }

        await reader.NextResultAsync(cancellationToken);
        var (totalTrips, totalDistance, totalSeconds) = await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt32(0), reader.GetDecimal(1), reader.GetInt64(2))
            : (0, 0m, 0L);

        await reader.NextResultAsync(cancellationToken);
        var byType = new Dictionary<SafetyEventType, int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            byType[(SafetyEventType)reader.GetInt16(0)] = reader.GetInt32(1);
        }

        await reader.NextResultAsync(cancellationToken);
        var trips = new List<TripResponse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            trips.Add(new TripResponse(reader.GetInt64(0), driver.DriverId,
                reader.IsDBNull(1) ? null : EntityCode.Vehicle.Format(reader.GetInt32(1)),
                (TripStatus)reader.GetInt16(2), reader.GetDateTime(3), reader.IsDBNull(4) ? null : reader.GetDateTime(4),
                reader.GetDecimal(5), Math.Round(reader.GetInt32(6) / 60m, 1, MidpointRounding.AwayFromZero)));
        }

        await reader.NextResultAsync(cancellationToken);
        var events = new List<SafetyEventResponse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new SafetyEventResponse(reader.GetInt64(0), reader.GetInt64(1), driver.DriverId,
                (SafetyEventType)reader.GetInt16(2), (Severity)reader.GetInt16(3), reader.GetDateTime(4),
                reader.IsDBNull(5) ? null : reader.GetDecimal(5)));
        }

        var stats = new DriverStatsResponse(totalTrips, totalDistance, Math.Round(totalSeconds / 3600m, 2, MidpointRounding.AwayFromZero),
            byType.Values.Sum(),
            Enum.GetValues<SafetyEventType>().Select(type => new EventTypeCount(type, byType.GetValueOrDefault(type))).ToList());
        return new DriverDetailsResponse(driver, vehicle, stats, trips, events);
    }

    private static void Add(NpgsqlBatch batch, string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        batch.BatchCommands.Add(command);
    }
}
