using FleetTelematics.Domain.Safety;
using FleetTelematics.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;
using static FleetTelematics.Api.Features.Ingestion.TripStore;

namespace FleetTelematics.Api.Features.Ingestion;

/// <summary>
/// Stores one round of safety event records inside the batch's transaction: one round trip resolves their trips and
/// reads what their external ids already name, one claims the new ids and inserts the events. An event belongs to
/// its trip's driver.
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
            SELECT external_id, nextval(pg_get_serial_sequence('{DatabaseNames.SafetyEvents}', 'id')), occurred_at FROM incoming ORDER BY external_id
            ON CONFLICT (external_id) DO NOTHING
            RETURNING external_id, event_id),
        stored AS (
            INSERT INTO {DatabaseNames.SafetyEvents} (id, trip_id, driver_id, type, severity, occurred_at, speed_kmh)
            SELECT c.event_id, i.trip_id, i.driver_id, i.type, i.severity, i.occurred_at, i.speed_kmh
            FROM claimed c JOIN incoming i USING (external_id))
        SELECT external_id FROM claimed
        """;

    private sealed record StoredEvent(long TripId, SafetyEventType Type, Severity Severity, DateTime OccurredAt, decimal? SpeedKmh);

    /// <summary>Judges and stores <paramref name="round"/>; returns the drivers whose history changed.</summary>
    public async Task<IReadOnlyCollection<int>> StoreAsync(NpgsqlConnection connection, IReadOnlyList<(int Index, ValidSafetyEvent Event)> round,
        BatchOutcome outcome, CancellationToken cancellationToken)
    {
        var changedDrivers = new HashSet<int>();
        var pending = round.ToList();
        for (var pass = 0; pending.Count > 0 && pass < 3; pass++)
        {
            var (trips, stored) = await ReadAsync(connection, pending, cancellationToken);
            var fresh = new List<(int Index, ValidSafetyEvent Event, long TripId, int DriverId)>();
            foreach (var (index, record) in pending)
            {
                if (!trips.TryGetValue(record.TripExternalId, out var trip))
                {
                    outcome.Reject(index, record.ExternalId, RecordErrors.Single("trip_external_id",
                        $"No trip has been ingested with external_id {record.TripExternalId}; send the trip first."));
                }
                else if (stored.TryGetValue(record.ExternalId, out var existing))
                {
                    Judge(index, record, trip.Id, existing, outcome);
                }
                else
                {
                    fresh.Add((index, record, trip.Id, trip.DriverId));
                }
            }

            var claimed = await InsertAsync(connection, fresh, cancellationToken);
            pending = [];
            foreach (var (index, record, _, driverId) in fresh)
            {
                if (claimed.Contains(record.ExternalId))
                {
                    outcome.Accept();
                    changedDrivers.Add(driverId);
                }
                else
                {
                    pending.Add((index, record));
                }
            }
        }

        foreach (var (index, record) in pending)
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

    private static async Task<(Dictionary<string, (long Id, int DriverId)> Trips, Dictionary<string, StoredEvent> Stored)> ReadAsync(
        NpgsqlConnection connection, List<(int Index, ValidSafetyEvent Event)> records, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(ResolveTrips, Parameter(records.Select(r => r.Event.TripExternalId).Distinct().ToArray(), NpgsqlDbType.Text)));
        batch.BatchCommands.Add(Command(ReadStored, Parameter(records.Select(r => r.Event.ExternalId).ToArray(), NpgsqlDbType.Text)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var trips = new Dictionary<string, (long Id, int DriverId)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            trips[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt32(2));
        }

        await reader.NextResultAsync(cancellationToken);
        var stored = new Dictionary<string, StoredEvent>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            stored[reader.GetString(0)] = new StoredEvent(reader.GetInt64(1), (SafetyEventType)reader.GetInt16(2),
                (Severity)reader.GetInt16(3), reader.GetDateTime(4), reader.IsDBNull(5) ? null : reader.GetDecimal(5));
        }

        return (trips, stored);
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
