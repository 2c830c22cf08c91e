using System.Diagnostics;
using FleetTelematics.Domain.Drivers;
using FleetTelematics.Domain.Safety;
using FleetTelematics.Domain.Trips;
using FleetTelematics.Domain.Vehicles;
using FleetTelematics.Infrastructure.Persistence.History;
using Npgsql;
using NpgsqlTypes;

namespace FleetTelematics.Infrastructure.Persistence.Seeding;

/// <summary>
/// Loads a generated fleet with PostgreSQL's binary COPY — row-by-row inserts would take minutes for a
/// realistic fleet. The whole load is one transaction: a failed seed leaves the database as it was. The history's
/// indexes, foreign keys and roll-up triggers are set aside for the COPY and restored before the commit
/// (<see cref="HistoryBulkLoad"/>), and the roll-ups are computed from the generated rows (<see cref="SeedRollups"/>):
/// at 10 million trips, the triggers' upkeep was two thirds of the seed's time (ADR-013).
/// </summary>
public sealed class FleetSeeder(NpgsqlDataSource dataSource)
{
    private const int ProgressEvery = 100_000;
    internal const int BulkTimeoutSeconds = 3600;

    public async Task<bool> HasFleetDataAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT EXISTS (SELECT 1 FROM {DatabaseNames.Drivers}) OR EXISTS (SELECT 1 FROM {DatabaseNames.Vehicles})");
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<SeedResult> SeedAsync(FleetSeedOptions options, DateTime anchorUtc, bool replaceExisting,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        // Loading a fleet takes seconds to minutes per COPY by design: not the slow queries operators are warned about.
        using var bulk = BulkWork.Begin();
        var generator = new FleetGenerator(options, anchorUtc);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // BEGIN and COMMIT as statements, with the bulk timeout: the commit of a seed that replaced gigabytes of history
        // can outlast the connection's short command timeout (it did at 10x), and the seed would report a failure it did not
        // have. A failure before COMMIT rolls everything back.
        await ExecuteAsync(connection, "BEGIN", cancellationToken);
        SeedResult result;
        try
        {
            result = await LoadAsync(connection, generator, anchorUtc, replaceExisting, progress, cancellationToken);
            var commit = Stopwatch.StartNew();
            await ExecuteAsync(connection, "COMMIT", cancellationToken);
            progress?.Report($"committed in {commit.Elapsed.TotalSeconds:F1} s");
        }
        catch
        {
            await RollBackAsync(connection);
            throw;
        }

        var vacuum = Stopwatch.StartNew();
        // VACUUM, not just ANALYZE: COPY leaves the visibility map empty, and until autovacuum comes round every
        // "index-only" scan of the dashboards still reads the heap (measured: summary 19 ms instead of 13 ms).
        progress?.Report("vacuuming and analyzing tables");
        await ExecuteAsync(connection,
            $"VACUUM (ANALYZE) {string.Join(", ", FleetTables)}",
            cancellationToken);
        progress?.Report($"vacuumed and analyzed in {vacuum.Elapsed.TotalSeconds:F1} s");
        return result;
    }

    private static async Task RollBackAsync(NpgsqlConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, "ROLLBACK", CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // A broken connection has rolled back already: the server ends the transaction of a session it loses.
        }
    }

    private static async Task<SeedResult> LoadAsync(NpgsqlConnection connection, FleetGenerator generator, DateTime anchorUtc,
        bool replaceExisting, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        // Memory for the index builds of this transaction only.
        await ExecuteAsync(connection, "SET LOCAL maintenance_work_mem = '512MB'", cancellationToken);
        if (replaceExisting)
        {
            await ExecuteAsync(connection,
                // TRUNCATE fires no row triggers: the roll-ups and the ingestion ledgers go with the history they describe.
                $"TRUNCATE {string.Join(", ", FleetTables)} RESTART IDENTITY",
                cancellationToken);
        }

        // Every month the history spans needs its partition before COPY routes a row to it; events never precede
        // the first day, and an in-progress trip may run past the anchor into the next month.
        await ExecuteAsync(connection,
            $"SELECT {HistoryPartitionsSql.EnsureFunction}('{generator.FirstDay:yyyy-MM-dd}', '{anchorUtc.AddDays(1):yyyy-MM-dd}')",
            cancellationToken);

        var bulkLoad = await HistoryBulkLoad.SuspendAsync(connection, cancellationToken);
        var rollups = new SeedRollups();
        var vehicles = await CopyAsync(connection, "vehicles", generator.Vehicles(), VehicleCopy, WriteVehicle, progress, cancellationToken);
        var drivers = await CopyAsync(connection, "drivers", generator.Drivers(), DriverCopy, WriteDriver, progress, cancellationToken);
        // Histories are regenerated per pass (they are deterministic) so trips and events never sit in memory together.
        var trips = await CopyAsync(connection, "trips", rollups.CountTrips(generator.Activity()), TripCopy, WriteTrip, progress, cancellationToken);
        var events = await CopyAsync(connection, "safety events", rollups.CountEvents(generator.Activity()), EventCopy, WriteEvent, progress, cancellationToken);
        await bulkLoad.RestoreAsync(connection, async () =>
        {
            await CopyAsync(connection, RollupsSql.DriverTripTotals, rollups.DriverTotals, DriverTotalsCopy, WriteDriverTotal, progress, cancellationToken);
            await CopyAsync(connection, RollupsSql.DailyFleetTrips, rollups.FleetTrips, FleetTripsCopy, WriteFleetTrips, progress, cancellationToken);
            await CopyAsync(connection, RollupsSql.DailyFleetEvents, rollups.FleetEvents, FleetEventsCopy, WriteFleetEvents, progress, cancellationToken);
            await CopyAsync(connection, RollupsSql.DailyDriverEvents, SeedRollups.DriverEvents(generator.Activity()), DriverEventsCopy,
                WriteDriverEvents, progress, cancellationToken);
        }, progress, cancellationToken);

        // Generated ids run from 1 without gaps, so the sequences continue after the counts.
        foreach (var (table, count) in new[] { (DatabaseNames.Vehicles, vehicles), (DatabaseNames.Drivers, drivers), (DatabaseNames.Trips, trips), (DatabaseNames.SafetyEvents, events) })
        {
            await ExecuteAsync(connection,
                $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {Math.Max(count, 1)}, {(count > 0 ? "true" : "false")})",
                cancellationToken);
        }

        return new SeedResult(vehicles, drivers, trips, events);
    }

    private static readonly string[] FleetTables =
    [
        DatabaseNames.SafetyEvents, DatabaseNames.Trips, DatabaseNames.Drivers, DatabaseNames.Vehicles,
        DatabaseNames.TripExternalIds, DatabaseNames.SafetyEventExternalIds,
        RollupsSql.DriverTripTotals, RollupsSql.DailyFleetTrips, RollupsSql.DailyDriverEvents, RollupsSql.DailyFleetEvents,
    ];

    private const string VehicleCopy =
        "COPY vehicles (id, make, model, year, license_plate, created_at) FROM STDIN (FORMAT BINARY)";

    private const string DriverCopy =
        "COPY drivers (id, name, email, phone, license_number, city, status, risk_score, vehicle_id, hire_date, created_at, updated_at) FROM STDIN (FORMAT BINARY)";

    private const string TripCopy =
        "COPY trips (id, driver_id, vehicle_id, status, started_at, ended_at, distance_km, duration_seconds) FROM STDIN (FORMAT BINARY)";

    private const string EventCopy =
        "COPY safety_events (id, trip_id, driver_id, type, severity, occurred_at, speed_kmh) FROM STDIN (FORMAT BINARY)";

    private const string DriverTotalsCopy =
        $"COPY {RollupsSql.DriverTripTotals} (driver_id, trips, distance_km, duration_seconds, last_trip_at) FROM STDIN (FORMAT BINARY)";

    private const string FleetTripsCopy =
        $"COPY {RollupsSql.DailyFleetTrips} (day, stripe, trips, distance_km, duration_seconds) FROM STDIN (FORMAT BINARY)";

    private const string FleetEventsCopy =
        $"COPY {RollupsSql.DailyFleetEvents} (day, stripe, type, severity, events) FROM STDIN (FORMAT BINARY)";

    private const string DriverEventsCopy =
        $"COPY {RollupsSql.DailyDriverEvents} (driver_id, day, type, events) FROM STDIN (FORMAT BINARY)";

    private static async Task WriteDriverTotal(NpgsqlBinaryImporter importer, SeedRollups.DriverTotalRow r, CancellationToken ct)
    {
        await importer.WriteAsync(r.DriverId, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(r.Trips, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(r.DistanceKm, NpgsqlDbType.Numeric, ct);
        await importer.WriteAsync(r.DurationSeconds, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(r.LastTripAt, NpgsqlDbType.TimestampTz, ct);
    }

    private static async Task WriteFleetTrips(NpgsqlBinaryImporter importer, SeedRollups.FleetTripsRow r, CancellationToken ct)
    {
        await importer.WriteAsync(r.Day, NpgsqlDbType.Date, ct);
        await importer.WriteAsync(r.Stripe, NpgsqlDbType.Smallint, ct);
        await importer.WriteAsync(r.Trips, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(r.DistanceKm, NpgsqlDbType.Numeric, ct);
        await importer.WriteAsync(r.DurationSeconds, NpgsqlDbType.Bigint, ct);
    }

    private static async Task WriteFleetEvents(NpgsqlBinaryImporter importer, SeedRollups.FleetEventsRow r, CancellationToken ct)
    {
        await importer.WriteAsync(r.Day, NpgsqlDbType.Date, ct);
        await importer.WriteAsync(r.Stripe, NpgsqlDbType.Smallint, ct);
        await importer.WriteAsync(r.Type, NpgsqlDbType.Smallint, ct);
        await importer.WriteAsync(r.Severity, NpgsqlDbType.Smallint, ct);
        await importer.WriteAsync(r.Events, NpgsqlDbType.Integer, ct);
    }

    private static async Task WriteDriverEvents(NpgsqlBinaryImporter importer, SeedRollups.DriverEventsRow r, CancellationToken ct)
    {
        await importer.WriteAsync(r.DriverId, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(r.Day, NpgsqlDbType.Date, ct);
        await importer.WriteAsync(r.Type, NpgsqlDbType.Smallint, ct);
        await importer.WriteAsync(r.Events, NpgsqlDbType.Integer, ct);
    }

    private static async Task WriteVehicle(NpgsqlBinaryImporter importer, Vehicle v, CancellationToken ct)
    {
        await importer.WriteAsync(v.Id, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(v.Make, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(v.Model, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(v.Year, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(v.LicensePlate, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(v.CreatedAt, NpgsqlDbType.TimestampTz, ct);
    }

    private static async Task WriteDriver(NpgsqlBinaryImporter importer, Driver d, CancellationToken ct)
    {
        await importer.WriteAsync(d.Id, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(d.Name, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(d.Email, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(d.Phone, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(d.LicenseNumber, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync(d.City, NpgsqlDbType.Varchar, ct);
        await importer.WriteAsync((short)d.Status, NpgsqlDbType.Smallint, ct);
        await importer.WriteAsync(d.RiskScore, NpgsqlDbType.Numeric, ct);
        await WriteNullableAsync(importer, d.VehicleId, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync(d.HireDate, NpgsqlDbType.Date, ct);
        await importer.WriteAsync(d.CreatedAt, NpgsqlDbType.TimestampTz, ct);
        await importer.WriteAsync(d.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
    }

    private static async Task WriteTrip(NpgsqlBinaryImporter importer, Trip t, CancellationToken ct)
    {
        await importer.WriteAsync(t.Id, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(t.DriverId, NpgsqlDbType.Integer, ct);
        await WriteNullableAsync(importer, t.VehicleId, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync((short)t.Status, NpgsqlDbType.Smallint, ct);
        await importer.WriteAsync(t.StartedAt, NpgsqlDbType.TimestampTz, ct);
        await WriteNullableAsync(importer, t.EndedAt, NpgsqlDbType.TimestampTz, ct);
        await importer.WriteAsync(t.DistanceKm, NpgsqlDbType.Numeric, ct);
        await importer.WriteAsync(t.DurationSeconds, NpgsqlDbType.Integer, ct);
    }

    private static async Task WriteEvent(NpgsqlBinaryImporter importer, SafetyEvent e, CancellationToken ct)
    {
        await importer.WriteAsync(e.Id, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(e.TripId, NpgsqlDbType.Bigint, ct);
        await importer.WriteAsync(e.DriverId, NpgsqlDbType.Integer, ct);
        await importer.WriteAsync((short)e.Type, NpgsqlDbType.Smallint, ct);
        await importer.WriteAsync((short)e.Severity, NpgsqlDbType.Smallint, ct);
        await importer.WriteAsync(e.OccurredAt, NpgsqlDbType.TimestampTz, ct);
        await WriteNullableAsync(importer, e.SpeedKmh, NpgsqlDbType.Numeric, ct);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct)
        where T : struct
    {
        if (value is { } present)
        {
            await importer.WriteAsync(present, type, ct);
        }
        else
        {
            await importer.WriteNullAsync(ct);
        }
    }

    private static async Task<long> CopyAsync<T>(NpgsqlConnection connection, string label, IEnumerable<T> rows, string copyCommand,
        Func<NpgsqlBinaryImporter, T, CancellationToken, Task> writeRow, IProgress<string>? progress, CancellationToken ct)
    {
        long count = 0;
        var stopwatch = Stopwatch.StartNew();
        await using (var importer = await connection.BeginBinaryImportAsync(copyCommand, ct))
        {
            importer.Timeout = TimeSpan.FromSeconds(BulkTimeoutSeconds);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(ct);
                await writeRow(importer, row, ct);
                if (++count % ProgressEvery == 0)
                {
                    progress?.Report($"{label}: {count:N0}");
                }
            }

            await importer.CompleteAsync(ct);
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        progress?.Report($"{label}: {count:N0} loaded in {seconds:F1} s ({count / Math.Max(seconds, 0.001):N0} rows/s)");
        return count;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        // Bulk statements (TRUNCATE, VACUUM of millions of rows) are exempt from the short per-request timeout.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = BulkTimeoutSeconds };
        await command.ExecuteNonQueryAsync(ct);
    }
}
