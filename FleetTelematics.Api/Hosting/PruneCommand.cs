using FleetTelematics.Api.Features.Ingestion;
using FleetTelematics.Infrastructure.Persistence.History;
using Microsoft.Extensions.Options;

namespace FleetTelematics.Api.Hosting;

/// <summary>
/// <c>prune --older-than 24months</c>: drops the months of trips and safety events older than the retention, with their
/// ingestion ledger rows, and keeps the roll-ups (ADR-012). Prints the cutoff and what it dropped.
/// </summary>
internal static class PruneCommand
{
    public const string Usage = "prune --older-than Nmonths|Ndays";

    public static async Task<int> RunAsync(IServiceProvider services, string? olderThan, CancellationToken cancellationToken)
    {
        if (!RetentionPeriod.TryParse(olderThan, out var period, out var error))
        {
            await Console.Error.WriteLineAsync($"{(olderThan is null ? "--older-than is required" : error)}\nusage: {Usage}");
            return 2;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var cutoff = period.CutoffAt(now);
        // Ingestion may be configured to accept records older than the partitions made ahead; the older bound wins.
        var writable = TimeSpan.FromTicks(Math.Max(HistoryPartitions.Lookback.Ticks,
            services.GetRequiredService<IOptions<IngestionOptions>>().Value.MaxRecordAge.Ticks + TimeSpan.TicksPerDay));
        var latest = RetentionPeriod.LatestCutoffAt(now, writable);
        if (cutoff > latest)
        {
            await Console.Error.WriteLineAsync(
                $"refusing --older-than {period}: it would drop the months before {cutoff:yyyy-MM-dd}, but the months from " +
                $"{latest:yyyy-MM-dd} on are kept for ingestion (records up to {writable.TotalDays:F0} days old may still " +
                "arrive), and the current month always stays; keep more history");
            return 2;
        }

        Console.WriteLine($"pruning history older than {period}: whole months before {cutoff:yyyy-MM-dd} (UTC) go; roll-ups stay");
        var progress = new Progress<string>(Console.WriteLine);
        PruneResult result;
        try
        {
            result = await services.GetRequiredService<HistoryPruner>().PruneAsync(cutoff, progress, cancellationToken);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            // Every step is whole on its own; the next run picks up where this one stopped.
            await Console.Error.WriteLineAsync($"database error: {ex.Message}; run prune again to finish");
            return 1;
        }

        Console.WriteLine(result.Dropped.Count == 0
            ? "no partition older than the cutoff"
            : $"dropped {result.Dropped.Count} partitions: {string.Join(", ", result.Dropped)}");
        Console.WriteLine($"deleted {result.TripLedgerRows:N0} trip and {result.EventLedgerRows:N0} safety event ingestion ledger rows");
        return 0;
    }
}
