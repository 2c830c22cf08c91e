using FleetTelematics.Api.Caching;
using static System.FormattableString;

namespace FleetTelematics.Tests.Faults;

/// <summary>What one scenario measured: traffic, errors, cache outcomes, latency against its bound, and the checks.</summary>
public sealed record ScenarioFigures(
    string Scenario,
    int Requests,
    IReadOnlyDictionary<int, int> ErrorsByStatus,
    IReadOnlyDictionary<string, int> CacheCounts,
    double P99Ms,
    double MaxMs,
    double BoundMs,
    StaleReadReport StaleReads,
    WriteCheckResult Writes)
{
    /// <summary>The cache outcomes every figure shows, even at zero; STALE is the contract's stale-if-error answer.</summary>
    public static readonly string[] CacheOutcomes = [CachedEntryResult.Hit, CachedEntryResult.Miss, CachedEntryResult.Bypass, CachedEntryResult.Stale];

    public static ScenarioFigures From(string scenario, IReadOnlyList<RequestRecord> requests, StaleReadReport staleReads,
        WriteCheckResult writes, LatencyBound bound)
    {
        var cache = CacheOutcomes.ToDictionary(o => o, o => 0, StringComparer.Ordinal);
        foreach (var outcome in requests.Where(r => r.CacheStatus is not null).GroupBy(r => r.CacheStatus!))
        {
            cache[outcome.Key] = outcome.Count();
        }

        var latencies = requests.Select(r => r.LatencyMs).ToList();
        return new ScenarioFigures(scenario, requests.Count,
            new SortedDictionary<int, int>(requests.Where(r => r.Status is 0 or >= 400).GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count())),
            cache, Percentile(latencies, 0.99), latencies.DefaultIfEmpty(0).Max(), bound.Ms, staleReads, writes);
    }

    /// <summary>Nearest-rank percentile: the smallest value that at least this share of the values do not exceed.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double share)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Length) - 1)];
    }

    /// <summary>Status 0 is a request that got no answer at all.</summary>
    public string ErrorsText => ErrorsByStatus.Count == 0
        ? "none"
        : string.Join(", ", ErrorsByStatus.Select(e => $"{(e.Key == 0 ? "no answer" : e.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {e.Value}"));

    public string CacheText => string.Join(" ", CacheCounts.Select(c => $"{c.Key} {c.Value}"));

    public string StaleText => Invariant($"{StaleReads.StaleReads.Count} of {StaleReads.UrlsChecked} URLs ({StaleReads.HitsCompared} hits compared)");

    public string WritesText => Invariant($"{Writes.Acknowledged} acknowledged / {Writes.Checked} checked (of {Writes.Attempted} sent)");

    public string ToLine() => Invariant(
        $"{Scenario}: {Requests} requests; errors {ErrorsText}; X-Cache {CacheText}; p99 {P99Ms:0.0} ms, max {MaxMs:0.0} ms (bound {BoundMs:0.0} ms); stale reads {StaleText}; writes {WritesText}");

    public string ToMarkdownRow() => Invariant(
        $"| {Scenario} | {Requests} | {ErrorsText} | {string.Join(" | ", CacheOutcomes.Select(o => CacheCounts[o]))} | {P99Ms:0.0} | {MaxMs:0.0} ({BoundMs:0.0}) | {StaleReads.StaleReads.Count} / {StaleReads.UrlsChecked} | {Writes.Acknowledged} / {Writes.Checked} |");
}
