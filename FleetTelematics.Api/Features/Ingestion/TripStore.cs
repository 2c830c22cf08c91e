using FleetTelematics.Domain.Common;
using FleetTelematics.Domain.Trips;
using FleetTelematics.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;
using static FleetTelematics.Api.Features.Ingestion.SqlArrays;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>
/// Stores one round of trip records (each external id at most once) inside the batch's transaction, set-based:
/// one round trip locks what the external ids already name and reads their drivers and vehicles, one claims the new
/// external ids and inserts their trips, one completes the trips that ended. Claiming an external id in the ledger
/// (a unique key across every partition) is what makes concurrent copies of a batch store each trip once: the later
/// copy waits on the earlier one's key, then finds it taken and judges the stored trip instead.
/// </summary>
public sealed class TripStore
{
    private const string LockStored = $"""
        SELECT l.external_id, t.id, t.driver_id, t.vehicle_id, t.status, t.started_at, t.ended_at, t.distance_km
        FROM {DatabaseNames.TripExternalIds} l
        JOIN {DatabaseNames.Trips} t ON t.id = l.trip_id AND t.started_at = l.started_at
        WHERE l.external_id = ANY($1)
        FOR UPDATE OF t
        """;

    private const string ClaimAndInsert = $"""
        WITH incoming AS (
            SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::smallint[], $5::timestamptz[], $6::timestamptz[], $7::numeric[], $8::int[])
                AS r(external_id, driver_id, vehicle_id, status, started_at, ended_at, distance_km, duration_seconds)),
        claimed AS (
            INSERT INTO {DatabaseNames.TripExternalIds} (external_id, trip_id, started_at)
            SELECT external_id, nextval('{DatabaseNames.Trips}_id_seq'), started_at FROM incoming ORDER BY external_id
            ON CONFLICT (external_id) DO NOTHING
            RETURNING external_id, trip_id),
        stored AS (
            INSERT INTO {DatabaseNames.Trips} (id, driver_id, vehicle_id, status, started_at, ended_at, distance_km, duration_seconds)
            SELECT c.trip_id, i.driver_id, i.vehicle_id, i.status, i.started_at, i.ended_at, i.distance_km, i.duration_seconds
            FROM claimed c JOIN incoming i USING (external_id))
        SELECT external_id FROM claimed
        """;

    private static readonly string Complete = $"""
        UPDATE {DatabaseNames.Trips} AS t
        SET status = {(short)TripStatus.Completed}, ended_at = u.ended_at, distance_km = u.distance_km, duration_seconds = u.duration_seconds
        FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[], $4::numeric[], $5::int[]) AS u(id, started_at, ended_at, distance_km, duration_seconds)
        WHERE t.id = u.id AND t.started_at = u.started_at
        """;

    /// <summary>Judges and stores <paramref name="round"/>; returns the drivers whose history changed.</summary>
    public async Task<IReadOnlyCollection<int>> StoreAsync(NpgsqlConnection connection, IReadOnlyList<(int Index, ValidTrip Trip)> round,
        BatchOutcome outcome, CancellationToken cancellationToken)
    {
        var changedDrivers = new HashSet<int>();
        var pending = round.ToList();
        // A claim lost to a concurrent copy is judged again against what that copy stored; twice is plenty.
        for (var pass = 0; pending.Count > 0 && pass < 3; pass++)
        {
            var (stored, activeDrivers, vehicles) = await ReadAsync(connection, pending, cancellationToken);
            var completions = new List<(long Id, ValidTrip Trip)>();
            var fresh = new List<(int Index, ValidTrip Trip)>();
            foreach (var (index, trip) in pending)
            {
                if (stored.TryGetValue(trip.ExternalId, out var existing))
                {
                    JudgeAgainstStored(index, trip, existing, outcome, completions);
                }
                else if (NewTripErrors(trip, activeDrivers, vehicles) is { } errors)
                {
                    outcome.Reject(index, trip.ExternalId, errors);
                }
                else
                {
                    fresh.Add((index, trip));
                }
            }

            await CompleteAsync(connection, completions, cancellationToken);
            changedDrivers.UnionWith(completions.Select(c => c.Trip.DriverId));
            var claimed = await InsertAsync(connection, fresh, cancellationToken);
            pending = [];
            foreach (var (index, trip) in fresh)
            {
                if (claimed.Contains(trip.ExternalId))
                {
                    outcome.Accept();
                    changedDrivers.Add(trip.DriverId);
                }
                else
                {
                    pending.Add((index, trip));
                }
            }
        }

        foreach (var (index, trip) in pending)
        {
            outcome.Reject(index, trip.ExternalId, RecordErrors.Single("external_id", "Another request is storing this external_id right now; send the record again."));
        }

        return changedDrivers;
    }

    private static void JudgeAgainstStored(int index, ValidTrip trip, StoredTrip existing, BatchOutcome outcome,
        List<(long Id, ValidTrip Trip)> completions)
    {
        var stored = existing.Trip;
        if (trip == stored || trip.IsStartOf(stored))
        {
            // The same report again, or the start of a trip whose end already arrived: at-least-once delivery.
            outcome.Duplicate();
        }
        else if (stored.IsStartOf(trip))
        {
            completions.Add((existing.Id, trip));
            outcome.Accept();
        }
        else
        {
            outcome.Reject(index, trip.ExternalId, ChangeErrors(trip, stored));
        }
    }

    private static IReadOnlyDictionary<string, string[]> ChangeErrors(ValidTrip trip, ValidTrip stored)
    {
        var errors = new RecordErrors();
        var rule = stored.InProgress
            ? "a trip in progress can only be completed (ended_at and distance_km added)"
            : "this trip is completed and cannot change";
        if (trip.DriverId != stored.DriverId)
        {
            errors.Add("driver_id", $"The trip stored under this external_id has driver_id {EntityCode.Driver.Format(stored.DriverId)}: {rule}.");
        }

        if (trip.VehicleId != stored.VehicleId)
        {
            errors.Add("vehicle_id", $"The trip stored under this external_id has vehicle_id {EntityCode.Vehicle.Format(stored.VehicleId)}: {rule}.");
        }

        if (trip.StartedAt != stored.StartedAt)
        {
            errors.Add("started_at", $"The trip stored under this external_id started at {stored.StartedAt:yyyy-MM-ddTHH:mm:ss.FFFFFFZ}: {rule}.");
        }

        if (!errors.Any)
        {
            errors.Add(trip.InProgress ? "ended_at" : "distance_km", $"The trip stored under this external_id ended at " +
                $"{stored.EndedAt:yyyy-MM-ddTHH:mm:ss.FFFFFFZ} after {stored.DistanceKm} km: {rule}.");
        }

        return errors.ToDictionary();
    }

    private static IReadOnlyDictionary<string, string[]>? NewTripErrors(ValidTrip trip, IReadOnlyDictionary<int, bool> activeDrivers,
        IReadOnlySet<int> vehicles)
    {
        var errors = new RecordErrors();
        if (!activeDrivers.TryGetValue(trip.DriverId, out var active))
        {
            errors.Add("driver_id", $"There is no driver {EntityCode.Driver.Format(trip.DriverId)}.");
        }
        else if (!active)
        {
            errors.Add("driver_id", $"Driver {EntityCode.Driver.Format(trip.DriverId)} is archived and takes no new trips.");
        }

        if (!vehicles.Contains(trip.VehicleId))
        {
            errors.Add("vehicle_id", $"There is no vehicle {EntityCode.Vehicle.Format(trip.VehicleId)}.");
        }

        return errors.Any ? errors.ToDictionary() : null;
    }

    private static async Task<(Dictionary<string, StoredTrip> Stored, Dictionary<int, bool> ActiveDrivers, HashSet<int> Vehicles)> ReadAsync(
        NpgsqlConnection connection, List<(int Index, ValidTrip Trip)> records, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(LockStored, Parameter(records.Select(r => r.Trip.ExternalId).ToArray(), NpgsqlDbType.Text)));
        batch.BatchCommands.Add(Command($"SELECT id, archived_at IS NULL FROM {DatabaseNames.Drivers} WHERE id = ANY($1)",
            Parameter(records.Select(r => r.Trip.DriverId).Distinct().ToArray(), NpgsqlDbType.Integer)));
        batch.BatchCommands.Add(Command($"SELECT id FROM {DatabaseNames.Vehicles} WHERE id = ANY($1)",
            Parameter(records.Select(r => r.Trip.VehicleId).Distinct().ToArray(), NpgsqlDbType.Integer)));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var stored = new Dictionary<string, StoredTrip>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var externalId = reader.GetString(0);
            stored[externalId] = new StoredTrip(reader.GetInt64(1), StoredTrip.Read(externalId, reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3), (TripStatus)reader.GetInt16(4), reader.GetDateTime(5),
                reader.IsDBNull(6) ? null : reader.GetDateTime(6), reader.GetDecimal(7)));
        }

        await reader.NextResultAsync(cancellationToken);
        var drivers = new Dictionary<int, bool>();
        while (await reader.ReadAsync(cancellationToken))
        {
            drivers[reader.GetInt32(0)] = reader.GetBoolean(1);
        }

        await reader.NextResultAsync(cancellationToken);
        var vehicles = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            vehicles.Add(reader.GetInt32(0));
        }

        return (stored, drivers, vehicles);
    }

    private static async Task<HashSet<string>> InsertAsync(NpgsqlConnection connection, List<(int Index, ValidTrip Trip)> fresh,
        CancellationToken cancellationToken)
    {
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        if (fresh.Count == 0)
        {
            return claimed;
        }

        var trips = fresh.Select(f => f.Trip).ToList();
        await using var command = new NpgsqlCommand(ClaimAndInsert, connection);
        command.Parameters.Add(Parameter(trips.Select(t => t.ExternalId).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Parameter(trips.Select(t => t.DriverId).ToArray(), NpgsqlDbType.Integer));
        command.Parameters.Add(Parameter(trips.Select(t => t.VehicleId).ToArray(), NpgsqlDbType.Integer));
        command.Parameters.Add(Parameter(trips.Select(t => (short)(t.InProgress ? TripStatus.InProgress : TripStatus.Completed)).ToArray(), NpgsqlDbType.Smallint));
        command.Parameters.Add(Parameter(trips.Select(t => t.StartedAt).ToArray(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Parameter(trips.Select(t => t.EndedAt).ToArray(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Parameter(trips.Select(t => t.DistanceKm ?? 0m).ToArray(), NpgsqlDbType.Numeric));
        command.Parameters.Add(Parameter(trips.Select(t => t.DurationSeconds).ToArray(), NpgsqlDbType.Integer));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(reader.GetString(0));
        }

        return claimed;
    }

    private static async Task CompleteAsync(NpgsqlConnection connection, List<(long Id, ValidTrip Trip)> completions,
        CancellationToken cancellationToken)
    {
        if (completions.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(Complete, connection);
        command.Parameters.Add(Parameter(completions.Select(c => c.Id).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(Parameter(completions.Select(c => c.Trip.StartedAt).ToArray(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Parameter(completions.Select(c => c.Trip.EndedAt!.Value).ToArray(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Parameter(completions.Select(c => c.Trip.DistanceKm!.Value).ToArray(), NpgsqlDbType.Numeric));
        command.Parameters.Add(Parameter(completions.Select(c => c.Trip.DurationSeconds).ToArray(), NpgsqlDbType.Integer));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
