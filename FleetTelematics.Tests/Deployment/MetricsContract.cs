namespace FleetTelematics.Tests.Deployment;

/// <summary>The metric names and the hit-rate query that the API contract (API.md) and the API's exporter agree on.</summary>
public static class MetricsContract
{
    /// <summary>Hit rate over 5 minutes per prefix, exactly as the contract writes it.</summary>
    public const string HitRatePerPrefix =
        "sum(rate(cache_hits_total[5m])) by (cache_key_pattern) / (sum(rate(cache_hits_total[5m])) by (cache_key_pattern) " +
        "+ sum(rate(cache_misses_total[5m])) by (cache_key_pattern))";

    public static readonly IReadOnlyList<string> Counters =
    [
        "cache_hits_total",
        "cache_misses_total",
        "cache_store_errors_total",
        "cache_invalidations_total",
        "cache_bypasses_total",
        "cache_entries_stored_total",
        "cache_stored_bytes_total",
        "ingest_records_total",
        "database_replica_reads_total",
    ];

    public static readonly IReadOnlyList<string> Gauges = ["cache_circuit_state"];

    public static readonly IReadOnlyList<string> Histograms =
    [
        "cache_operation_duration_seconds",
        "http_server_request_duration_seconds",
        "ingest_batch_duration_seconds",
        "ingest_staleness_seconds",
    ];

    /// <summary>Every family the API exports, plus the <c>_bucket</c>/<c>_sum</c>/<c>_count</c> series of its histograms.</summary>
    public static IReadOnlySet<string> ExportedNames() =>
        Counters.Concat(Gauges).Concat(Histograms)
            .Concat(Histograms.SelectMany(family => new[] { family + "_bucket", family + "_sum", family + "_count" }))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Collapses whitespace so a query folded over several YAML or JSON lines compares equal to the contract's.</summary>
    public static string Normalize(string promQl) => string.Concat(promQl.Where(c => !char.IsWhiteSpace(c)));
}
