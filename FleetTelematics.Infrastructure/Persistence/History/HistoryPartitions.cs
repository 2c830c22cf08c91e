using Microsoft.Extensions.Logging;
using Npgsql;

namespace FleetTelematics.Infrastructure.Persistence.History;

/// <summary>
/// Keeps the monthly partitions of the history ready ahead of the records that need them (ADR-012): from the start of
/// the month <see cref="Lookback"/> ago through the month <see cref="LookaheadMonths"/> from now. Start-up and a daily
/// service call it; ingestion still creates a missing month on demand.
/// </summary>
public sealed partial class HistoryPartitions(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<HistoryPartitions> logger)
{
    /// <summary>
    /// How far back partitions are kept ready: one day more than the oldest record ingestion accepts by default
    /// (<c>Ingestion__MaxRecordAge</c>, 30 days). Pruning never drops a month this window touches.
    /// </summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(31);

    public const int LookaheadMonths = 2;

    // Creating a partition takes an ACCESS EXCLUSIVE lock on trips and safety_events (CREATE TABLE ... PARTITION OF),
    // and a lock request that waits makes every later reader and writer of the table wait behind it. Months are made
    // two months ahead, so giving up after a short wait and trying again later costs nothing.
    private const string LockTimeout = "2s";

    /// <summary>The first and last day the partitions must cover at <paramref name="now"/>.</summary>
    public static (DateOnly First, DateOnly Last) Window(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var first = DateOnly.FromDateTime(utc - Lookback);
        return (new DateOnly(first.Year, first.Month, 1), DateOnly.FromDateTime(utc.AddMonths(LookaheadMonths)));
    }

    /// <summary>Creates the partitions of <see cref="Window"/> that are missing; returns the names it created.</summary>
    public async Task<IReadOnlyList<string>> EnsureAheadAsync(CancellationToken cancellationToken)
    {
        var (first, last) = Window(clock.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SET LOCAL lock_timeout = '{LockTimeout}'", cancellationToken);
        // The function's own advisory lock, taken first (it is re-entrant), so the names read next are exactly what the
        // function is about to create: no concurrent caller can create them in between.
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock(hashtext('{HistoryPartitionsSql.EnsureFunction}'))", cancellationToken);

        var created = new List<string>();
        await using (var missing = new NpgsqlCommand(
            "SELECT w.name FROM unnest($1::text[]) AS w(name) WHERE to_regclass(w.name) IS NULL ORDER BY w.name", connection))
        {
            missing.Parameters.Add(new NpgsqlParameter { Value = PartitionNames(first, last).ToArray() });
            await using var reader = await missing.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                created.Add(reader.GetString(0));
            }
        }

        await ExecuteAsync(connection, $"SELECT {HistoryPartitionsSql.EnsureFunction}($1, $2)", cancellationToken, first, last);
        await transaction.CommitAsync(cancellationToken);
        if (created.Count > 0)
        {
            LogCreated(logger, created.Count, string.Join(", ", created), Iso(first), Iso(last));
        }
        else
        {
            LogUpToDate(logger, Iso(first), Iso(last));
        }

        return created;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken,
        params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<string> PartitionNames(DateOnly first, DateOnly last)
    {
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            yield return HistoryPartitionsSql.PartitionName(DatabaseNames.Trips, month);
            yield return HistoryPartitionsSql.PartitionName(DatabaseNames.SafetyEvents, month);
        }
    }
}
