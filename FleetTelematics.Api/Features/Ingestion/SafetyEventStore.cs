using FleetTelematics.Domain.Safety;
using FleetTelematics.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;
using static FleetTelematics.Api.Features.Ingestion.SqlArrays;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>
/// Stores one round of safety event records inside the batch's transaction: one round trip resolves their trips, one
/// claims the new ids and inserts the events, and only ids already taken are read back. An event belongs to its
/// trip's driver.
/// </summary>
public sealed class SafetyEventStore
{
    private const string ResolveTrips = $"""
        SELECT l.external_id, t.id, t.driver_id
        FROM {DatabaseNames.TripExternalIds} l
        JOIN {DatabaseNames.Trips} t ON t.id = l.trip_id AND t.started_at = l.started_at
        WHERE l.external_id = ANY($1)
        """;

    private const string ReadStored = $"""
        SELECT l.external_id, e.trip_id, e.type, e.severity, e.occurred_at, e.speed_kmh
        FROM {DatabaseNames.SafetyEventExternalIds} l
        JOIN {DatabaseNames.SafetyEvents} e ON e.id = l.event_id AND e.occurred_at = l.occurred_at
        WHERE l.external_id = ANY($1)
        """;

    private const string ClaimAndInsert = $"""
        WITH incoming AS (
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::smallint[], $5::smallint[], $6::timestamptz[], $7::numeric[])
                AS r(external_id, trip_id, driver_id, type, severity, occurred_at, speed_kmh)),
        claimed AS (
            INSERT INTO {DatabaseNames.SafetyEventExternalIds} (external_id, event_id, occurred_at)
            SELECT external_id, nextval('{DatabaseNames.SafetyEvents}_id_seq'), occurred_at FROM incoming ORDER BY external_id
            ON CONFLICT (external_id) DO NOTHING
            RETURNING external_id, event_id),
        stored AS (
            INSERT INTO {DatabaseNames.SafetyEvents} (id, trip_id, driver_id, type, severity, occurred_at, speed_kmh)
            SELECT c.event_id, i.trip_id, i.driver_id, i.type, i.severity, i.occurred_at, i.speed_kmh
            FROM claimed c JOIN incoming i USING (external_id))
        SELECT external_id FROM claimed
        """;

    private sealed record StoredEvent(long TripId, SafetyEventType Type, Severity Severity, DateTime OccurredAt, decimal? SpeedKmh);

    /// <summary>
    /// Judges and stores <paramref name="round"/>; returns the drivers whose history changed. New ids are claimed
    /// first and only the ids already taken are read back and compared, so a batch of new events (the usual case)
    /// costs two round trips.
    /// </summary>
    public async Task<IReadOnlyCollection<int>> StoreAsync(NpgsqlConnection connection, IReadOnlyList<(int Index, ValidSafetyEvent Event)> round,
        BatchOutcome outcome, CancellationToken cancellationToken)
    {
        var changedDrivers = new HashSet<int>();
        var trips = await ResolveTripsAsync(connection, round, cancellationToken);
        var known = new List<(int Index, ValidSafetyEvent Event, long TripId, int DriverId)>(round.Count);
        foreach (var (index, record) in round)
        {
            if (trips.TryGetValue(record.TripExternalId, out var trip))
            {
                known.Add((index, record, trip.Id, trip.DriverId));
            }
            else
            {
                outcome.Reject(index, record.ExternalId, RecordErrors.Single("trip_external_id",
                    $"No trip has been ingested with external_id {record.TripExternalId}; send the trip first."));
            }
        }

        // A claim lost to a concurrent copy is judged against what that copy stored; a copy that rolled back frees its
        // claims, so the next pass may win them.
        for (var pass = 0; known.Count > 0 && pass < 3; pass++)
        {
            var claimed = await InsertAsync(connection, known, cancellationToken);
            var taken = known.Where(k => !claimed.Contains(k.Event.ExternalId)).ToList();
            foreach (var (_, _, _, driverId) in known.Where(k => claimed.Contains(k.Event.ExternalId)))
            {
                outcome.Accept();
                changedDrivers.Add(driverId);
            }

            var stored = taken.Count == 0 ? [] : await ReadStoredAsync(connection, taken, cancellationToken);
            known = [];
            foreach (var record in taken)
            {
                if (stored.TryGetValue(record.Event.ExternalId, out var existing))
                {
                    Judge(record.Index, record.Event, record.TripId, existing, outcome);
                }
                else
                {
                    known.Add(record);
                }
            }
        }

        foreach (var (index, record, _, _) in known)
        {
            outcome.Reject(index, record.ExternalId, RecordErrors.Single("external_id", "Another request is storing this external_id right now; send the record again."));
        }

        return changedDrivers;
    }

    private static void Judge(int index, ValidSafetyEvent record, long tripId, StoredEvent existing, BatchOutcome outcome)
    {
        if (existing == new StoredEvent(tripId, record.Type, record.Severity, record.OccurredAt, record.SpeedKmh))
        {
            outcome.Duplicate();
        }
        else
        {
            outcome.Reject(index, record.ExternalId, RecordErrors.Single("external_id",
                "This external_id already names a different safety event; a safety event cannot change."));
        }
    }

    private static async Task<Dictionary<string, (long Id, int DriverId)>> ResolveTripsAsync(NpgsqlConnection connection,
        IReadOnlyList<(int Index, ValidSafetyEvent Event)> records, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ResolveTrips, connection);
        command.Parameters.Add(Parameter(records.Select(r => r.Event.TripExternalId).Distinct().ToArray(), NpgsqlDbType.Text));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var trips = new Dictionary<string, (long Id, int DriverId)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            trips[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt32(2));
        }

        return trips;
    }

    private static async Task<Dictionary<string, StoredEvent>> ReadStoredAsync(NpgsqlConnection connection,
        List<(int Index, ValidSafetyEvent Event, long TripId, int DriverId)> records, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ReadStored, connection);
        command.Parameters.Add(Parameter(records.Select(r => r.Event.ExternalId).ToArray(), NpgsqlDbType.Text));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var stored = new Dictionary<string, StoredEvent>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            stored[reader.GetString(0)] = new StoredEvent(reader.GetInt64(1), (SafetyEventType)reader.GetInt16(2),
                (Severity)reader.GetInt16(3), reader.GetDateTime(4), reader.IsDBNull(5) ? null : reader.GetDecimal(5));
        }

        return stored;
    }

    private static async Task<HashSet<string>> InsertAsync(NpgsqlConnection connection,
        List<(int Index, ValidSafetyEvent Event, long TripId, int DriverId)> fresh, CancellationToken cancellationToken)
    {
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        if (fresh.Count == 0)
        {
            return claimed;
        }

        await using var command = new NpgsqlCommand(ClaimAndInsert, connection);
        command.Parameters.Add(Parameter(fresh.Select(f => f.Event.ExternalId).ToArray(), NpgsqlDbType.Text));
        command.Parameters.Add(Parameter(fresh.Select(f => f.TripId).ToArray(), NpgsqlDbType.Bigint));
        command.Parameters.Add(Parameter(fresh.Select(f => f.DriverId).ToArray(), NpgsqlDbType.Integer));
        command.Parameters.Add(Parameter(fresh.Select(f => (short)f.Event.Type).ToArray(), NpgsqlDbType.Smallint));
        command.Parameters.Add(Parameter(fresh.Select(f => (short)f.Event.Severity).ToArray(), NpgsqlDbType.Smallint));
        command.Parameters.Add(Parameter(fresh.Select(f => f.Event.OccurredAt).ToArray(), NpgsqlDbType.TimestampTz));
        command.Parameters.Add(Parameter(fresh.Select(f => f.Event.SpeedKmh).ToArray(), NpgsqlDbType.Numeric));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(reader.GetString(0));
        }

        return claimed;
    }
}
