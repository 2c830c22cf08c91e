using System.Net.Http.Headers;
using FleetTelematics.Api.Caching;

namespace FleetTelematics.Tests.Faults;

/// <summary>
/// Reads each URL once through the cached API — so whatever the cache holds after the fault is what is served — and
/// once through the oracle (same database, caching off), with no load running, and compares the answers: status,
/// <c>X-Total-Count</c> and body.
/// </summary>
public static class StaleReadCheck
{
    private const string TotalCountHeader = "X-Total-Count";

    // A hung API must fail the check, not stretch it to one client timeout per URL.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task<StaleReadReport> RunAsync(HttpClient cached, HttpClient oracle, string token, IEnumerable<PlannedRequest> reads)
    {
        using var limit = new CancellationTokenSource(Limit);
        var stale = new List<string>();
        var checkedUrls = 0;
        var hits = 0;
        foreach (var read in reads)
        {
            var fromCache = await GetAsync(cached, token, read.Url, limit.Token);
            var truth = await GetAsync(oracle, token, read.Url, limit.Token);
            checkedUrls++;
            hits += fromCache.CacheStatus == CachedEntryResult.Hit ? 1 : 0;
            var difference = fromCache.Status != truth.Status ? $"status {fromCache.Status} instead of {truth.Status}"
                : fromCache.TotalCount != truth.TotalCount ? $"{TotalCountHeader} {fromCache.TotalCount} instead of {truth.TotalCount}"
                : ResponseComparison.Difference(truth.Body, fromCache.Body);
            if (difference is not null)
            {
                stale.Add($"{read.Url} ({fromCache.CacheStatus}): {difference}");
            }
        }

        return new StaleReadReport(checkedUrls, hits, stale);
    }

    private static async Task<(int Status, string? CacheStatus, string? TotalCount, string Body)> GetAsync(HttpClient client, string token, string url,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode,
            response.Headers.TryGetValues(CachedEntryResult.CacheStatusHeader, out var cache) ? cache.Single() : null,
            response.Headers.TryGetValues(TotalCountHeader, out var total) ? total.Single() : null,
            await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
