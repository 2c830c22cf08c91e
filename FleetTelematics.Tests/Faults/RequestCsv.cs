using System.Globalization;

namespace FleetTelematics.Tests.Faults;

/// <summary>
/// Every request of a run as CSV next to the figures table: when a figure looks wrong (a slow tail, a burst of
/// 503s), the raw timeline says when and on which route it happened.
/// </summary>
public static class RequestCsv
{
    public static void Write(string path, IEnumerable<RequestRecord> requests) =>
        File.WriteAllLines(path, requests.Select(r => string.Join(',',
            r.StartedAtMs.ToString("0.0", CultureInfo.InvariantCulture),
            r.Kind,
            r.Kind == PlannedRequest.DriverPatchKind ? "PATCH" : "GET",
            '"' + r.Url + '"',
            r.Status.ToString(CultureInfo.InvariantCulture),
            r.CacheStatus ?? "",
            r.LatencyMs.ToString("0.0", CultureInfo.InvariantCulture),
            r.IsProblemJson ? "problem" : "",
            r.HasRetryAfter ? "retry-after" : "")).Prepend("started_ms,kind,method,url,status,x_cache,latency_ms,problem,retry_after"));
}
