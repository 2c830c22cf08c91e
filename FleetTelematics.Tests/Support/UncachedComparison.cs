using System.Text.Json;
using System.Text.Json.Nodes;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// Compares what a cached API answers with what an instance that never caches (<c>Caching:Enabled=false</c>, same
/// database) computes now: any difference beyond <c>generated_at</c> is a stale read.
/// </summary>
public static class UncachedComparison
{
    /// <summary>Every cached route, with a spread of query strings, plus the details of <paramref name="drivers"/>.</summary>
    public static IEnumerable<string> CachedRoutes(IEnumerable<string> drivers) =>
    [
        "/api/v1/admin/dashboard/stats", "/api/v1/admin/dashboard/summary", "/api/v1/admin/dashboard/risk-distribution",
        "/api/v1/admin/dashboard/trip-activity", "/api/v1/admin/dashboard/trip-activity?days=30",
        "/api/v1/admin/dashboard/safety-events-breakdown", "/api/v1/admin/dashboard/safety-events-breakdown?days=365",
        "/api/v1/admin/drivers", "/api/v1/admin/drivers?limit=10&skip=10", "/api/v1/admin/drivers?sort=-risk_score&limit=20",
        "/api/v1/admin/drivers?status=active&risk_category=high", "/api/v1/admin/drivers?search=a&sort=name",
        .. drivers.Select(id => $"/api/v1/admin/drivers/{id}/details"),
    ];

    /// <summary>The routes whose cached answer differs from a fresh computation, each with both bodies.</summary>
    public static async Task<IReadOnlyList<string>> StaleRoutesAsync(HttpClient cached, HttpClient uncached, IEnumerable<string> routes)
    {
        var stale = new List<string>();
        foreach (var route in routes)
        {
            using var fromCache = await cached.GetAsync(route);
            using var fresh = await uncached.GetAsync(route);
            var cachedBody = Normalize(await fromCache.Content.ReadAsStringAsync());
            var freshBody = Normalize(await fresh.Content.ReadAsStringAsync());
            if (fromCache.StatusCode != fresh.StatusCode || cachedBody != freshBody ||
                Header(fromCache, "X-Total-Count") != Header(fresh, "X-Total-Count"))
            {
                stale.Add($"{route}: cached {(int)fromCache.StatusCode} {cachedBody} / fresh {(int)fresh.StatusCode} {freshBody}");
            }
        }

        return stale;
    }

    private static string Normalize(string body)
    {
        if (string.IsNullOrEmpty(body) || JsonNode.Parse(body) is not { } node)
        {
            return body;
        }

        if (node is JsonObject root)
        {
            root.Remove("generated_at");
        }

        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
