using System.Diagnostics;
using FleetTelematics.Infrastructure.Persistence.History;
using Npgsql;

namespace FleetTelematics.Infrastructure.Persistence.Seeding;

/// <summary>
/// Sets aside, inside the seeder's transaction, what makes a COPY of millions of history rows pay row by row: the
/// secondary indexes of trips and safety events (maintained per row), the foreign keys of the history and its roll-ups
/// (a lookup and a row lock per row) and the roll-up insert triggers (one aggregate over a transition table of the whole
/// load, spilled to disk). <see cref="RestoreAsync"/> puts each back from the definition the catalog held before: every
/// index built once, every key validated by one join per partition, after the caller filled the roll-ups.
/// Nothing commits in between, so a failed seed rolls all of it back; and the ALTERs hold the tables' locks to the end,
/// so no other writer can insert past the disabled triggers.
/// </summary>
internal sealed class HistoryBulkLoad
{
    private static readonly string[] IndexedTables = [DatabaseNames.Trips, DatabaseNames.SafetyEvents];

    private static readonly string[] KeyedTables =
        [DatabaseNames.Trips, DatabaseNames.SafetyEvents, RollupsSql.DriverTripTotals, RollupsSql.DailyDriverEvents];

    private readonly IReadOnlyList<string> _indexes;
    private readonly IReadOnlyList<string> _keys;

    private HistoryBulkLoad(IReadOnlyList<string> indexes, IReadOnlyList<string> keys) => (_indexes, _keys) = (indexes, keys);

    public static async Task<HistoryBulkLoad> SuspendAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // The partitioned tables' own indexes and keys (conparentid = 0): dropping one drops its partitions' copies, and
        // re-creating it on the parent creates them again. Primary keys stay: COPY appends to them in id order.
        // pg_get_indexdef writes a partitioned table's index "ON ONLY" the parent (an empty shell awaiting its partitions'
        // indexes): without ONLY, CREATE INDEX builds it on every partition.
        var indexes = await ReadPairsAsync(connection, """
            SELECT replace(pg_get_indexdef(i.indexrelid), ' ON ONLY ', ' ON '), format('DROP INDEX %s', i.indexrelid::regclass)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = ANY($1::text[]::regclass[]) AND NOT i.indisprimary AND NOT i.indisunique
            ORDER BY c.relname
            """, IndexedTables, ct);
        var keys = await ReadPairsAsync(connection, """
            SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)),
                   format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname)
            FROM pg_constraint
            WHERE contype = 'f' AND conparentid = 0 AND conrelid = ANY($1::text[]::regclass[])
            ORDER BY conname
            """, KeyedTables, ct);

        foreach (var drop in indexes.Select(i => i.Undo).Concat(keys.Select(k => k.Undo)))
        {
            await ExecuteAsync(connection, drop, ct);
        }

        foreach (var (table, trigger) in RollupsSql.InsertTriggers)
        {
            await ExecuteAsync(connection, $"ALTER TABLE {table} DISABLE TRIGGER {trigger}", ct);
        }

        return new HistoryBulkLoad(indexes.Select(i => i.Redo).ToList(), keys.Select(k => k.Redo).ToList());
    }

    /// <summary>
    /// Indexes, then the roll-ups (<paramref name="fillRollups"/>, while their keys are still off), then the keys, checked
    /// over full tables, then the triggers.
    /// </summary>
    public async Task RestoreAsync(NpgsqlConnection connection, Func<Task> fillRollups, IProgress<string>? progress, CancellationToken ct)
    {
        await TimedAsync("indexes built", _indexes, connection, progress, ct);
        await fillRollups();
        await TimedAsync("foreign keys validated", _keys, connection, progress, ct);
        foreach (var (table, trigger) in RollupsSql.InsertTriggers)
        {
            await ExecuteAsync(connection, $"ALTER TABLE {table} ENABLE TRIGGER {trigger}", ct);
        }
    }

    private static async Task TimedAsync(string label, IEnumerable<string> statements, NpgsqlConnection connection,
        IProgress<string>? progress, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        foreach (var statement in statements)
        {
            await ExecuteAsync(connection, statement, ct);
        }

        progress?.Report($"{label} in {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<List<(string Redo, string Undo)>> ReadPairsAsync(NpgsqlConnection connection, string sql,
        string[] tables, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tables });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pairs = new List<(string, string)>();
        while (await reader.ReadAsync(ct))
        {
            pairs.Add((reader.GetString(0), reader.GetString(1)));
        }

        return pairs;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = FleetSeeder.BulkTimeoutSeconds };
        await command.ExecuteNonQueryAsync(ct);
    }
}
