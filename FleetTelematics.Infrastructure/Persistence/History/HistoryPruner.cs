using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace FleetTelematics.Infrastructure.Persistence.History;

/// <summary>
/// Drops the months of history older than a cutoff (ADR-012): every <c>trips_YYYY_MM</c> and
/// <c>safety_events_YYYY_MM</c> partition whose month ends at or before it, and the ingestion ledger rows of those
/// months. The roll-ups are not touched (detaching and dropping fire no trigger), so dashboards keep counting the
/// history. Runs take turns (an advisory lock), and a run that stopped half-way is finished by the next one.
/// </summary>
public sealed partial class HistoryPruner(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>A detach waits for every transaction that may still read the partition; it blocks nobody meanwhile.</summary>
    private const int DetachTimeoutSeconds = 30 * 60;

    // DROP TABLE of a detached partition removes its foreign keys' triggers from drivers and vehicles, which takes an
    // ACCESS EXCLUSIVE lock on them for a moment. A request for it that waits would hold up every later reader of
    // drivers, so it gives up quickly and tries again.
    private const string DropLockTimeout = "1s";
    private const int DropAttempts = 6;
    private static readonly TimeSpan DropRetryDelay = TimeSpan.FromSeconds(1);

    private const string LockKey = "prune_history";

    public async Task<PruneResult> PruneAsync(DateTimeOffset cutoff, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var latest = RetentionPeriod.LatestCutoffAt(clock.GetUtcNow());
        if (cutoff.Offset != TimeSpan.Zero || cutoff.UtcDateTime != new DateTime(cutoff.Year, cutoff.Month, 1, 0, 0, 0, DateTimeKind.Utc))
        {
            throw new ArgumentException($"The cutoff must be the start of a UTC month, not {cutoff:O}.", nameof(cutoff));
        }

        if (cutoff > latest)
        {
            throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff,
                $"The cutoff may not be after {latest:yyyy-MM-dd}: ingestion may still write the months from then on.");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock(hashtext('{LockKey}'))", DetachTimeoutSeconds, cancellationToken);
        try
        {
            var dropped = new List<string>();
            foreach (var partition in await FindOlderThanAsync(connection, cutoff, cancellationToken))
            {
                await DetachAsync(connection, partition, progress, cancellationToken);
                await DropAsync(connection, partition.Name, cancellationToken);
                progress?.Report($"dropped {partition.Name} ({partition.Month:yyyy-MM})");
                dropped.Add(partition.Name);
            }

            // Also when nothing was dropped: a run that stopped after its drops left these behind.
            var tripIds = await ExecuteAsync(connection,
                $"DELETE FROM {DatabaseNames.TripExternalIds} WHERE started_at < $1", DetachTimeoutSeconds, cancellationToken, cutoff);
            var eventIds = await ExecuteAsync(connection,
                $"DELETE FROM {DatabaseNames.SafetyEventExternalIds} WHERE occurred_at < $1", DetachTimeoutSeconds, cancellationToken, cutoff);
            return new PruneResult(cutoff, dropped, tripIds, eventIds);
        }
        finally
        {
            await UnlockAsync(connection);
        }
    }

    /// <summary>
    /// The history's partitions of months that end at or before <paramref name="cutoff"/>, oldest first — attached,
    /// half-detached, or detached by an earlier run and not yet dropped. The names are the history's own
    /// (<see cref="HistoryPartitionsSql.PartitionName"/>) and are reserved for it.
    /// </summary>
    private static async Task<List<HistoryPartition>> FindOlderThanAsync(NpgsqlConnection connection, DateTimeOffset cutoff,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT c.relname, p.relname, coalesce(i.inhdetachpending, false)
            FROM pg_class c
            LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
            LEFT JOIN pg_class p ON p.oid = i.inhparent
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname ~ $1
            """, connection)
        {
            Parameters = { new NpgsqlParameter { Value = NamePattern } },
        };
        var partitions = new List<HistoryPartition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var match = Name().Match(reader.GetString(0));
            var month = new DateOnly(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture), 1);
            var parent = reader.IsDBNull(1) ? null : reader.GetString(1);
            // A table of that name inside some other partitioned table is not ours.
            if (parent is not null && parent != match.Groups[1].Value)
            {
                continue;
            }

            if (new DateTimeOffset(month.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) <= cutoff)
            {
                partitions.Add(new HistoryPartition(reader.GetString(0), match.Groups[1].Value, month, parent is not null, reader.GetBoolean(2)));
            }
        }

        return partitions.OrderBy(p => p.Month).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    // DETACH ... CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on the parent, which inserts and reads do not conflict with:
    // ingestion and dashboards go on while it waits for the transactions that may still see the partition. A plain
    // DETACH or a DROP of an attached partition would take ACCESS EXCLUSIVE on trips instead. It cannot run inside a
    // transaction block, so each runs on its own; one interrupted after its first step is finished with FINALIZE.
    private static async Task DetachAsync(NpgsqlConnection connection, HistoryPartition partition, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        if (!partition.Attached)
        {
            return;
        }

        var mode = partition.DetachPending ? "FINALIZE" : "CONCURRENTLY";
        progress?.Report($"detaching {partition.Name} ({mode}; waits for the transactions that may still read it)");
        await ExecuteAsync(connection, $"ALTER TABLE \"{partition.Parent}\" DETACH PARTITION \"{partition.Name}\" {mode}",
            DetachTimeoutSeconds, cancellationToken);
    }

    private async Task DropAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, $"SET LOCAL lock_timeout = '{DropLockTimeout}'", 0, cancellationToken);
                await ExecuteAsync(connection, $"DROP TABLE IF EXISTS \"{name}\"", 0, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable && attempt < DropAttempts)
            {
                await Task.Delay(DropRetryDelay * attempt, clock, cancellationToken);
            }
        }
    }

    // A connection that broke has lost the session lock with the session; the failure that broke it is the one to report.
    private static async Task UnlockAsync(NpgsqlConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock(hashtext('{LockKey}'))", 0, CancellationToken.None);
        }
        catch (NpgsqlException)
        {
        }
    }

    private static async Task<long> ExecuteAsync(NpgsqlConnection connection, string sql, int timeoutSeconds,
        CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (timeoutSeconds > 0)
        {
            command.CommandTimeout = timeoutSeconds;
        }

        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record HistoryPartition(string Name, string Parent, DateOnly Month, bool Attached, bool DetachPending);

    private const string NamePattern = "^(" + DatabaseNames.Trips + "|" + DatabaseNames.SafetyEvents + ")_([0-9]{4})_([0-9]{2})$";

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex Name();
}
