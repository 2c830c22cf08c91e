using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using FleetTelematics.Api.Caching;

namespace FleetTelematics.Tests.Faults;

/// <summary>
/// A fixed number of workers, each sending one request after another until told to stop (or until a hard limit,
/// so a test that loses track of it still ends). A request in flight is never cancelled by stopping: a write
/// abandoned half-way could commit after the test has read the database.
/// </summary>
public sealed class LoadDriver
{
    private readonly HttpClient _client;
    private readonly ApiTokens _tokens;
    private readonly TimeSpan _hardLimit;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Task<(List<RequestRecord> Requests, List<WriteAttempt> Writes)>[] _workers;
    private volatile bool _stopping;

    private LoadDriver(HttpClient client, ApiTokens tokens, IReadOnlyList<WorkerPlan> plans, TimeSpan hardLimit)
    {
        _client = client;
        _tokens = tokens;
        _hardLimit = hardLimit;
        _workers = [.. plans.Select(plan => Task.Run(() => WorkAsync(plan)))];
    }

    /// <summary>Starts one worker per plan against <paramref name="client"/>'s base address.</summary>
    public static LoadDriver Start(HttpClient client, ApiTokens tokens, IReadOnlyList<WorkerPlan> plans, TimeSpan hardLimit) =>
        new(client, tokens, plans, hardLimit);

    /// <summary>When the load began (a Stopwatch timestamp); every <see cref="RequestRecord.StartedAtMs"/> counts from here.</summary>
    public long StartedAt => _started;

    /// <summary>Lets each worker finish the request it is sending, then returns what they all recorded.</summary>
    public async Task<LoadResult> StopAsync()
    {
        _stopping = true;
        var results = await Task.WhenAll(_workers);
        return new LoadResult([.. results.SelectMany(r => r.Requests).OrderBy(r => r.StartedAtMs)], [.. results.SelectMany(r => r.Writes)]);
    }

    private async Task<(List<RequestRecord>, List<WriteAttempt>)> WorkAsync(WorkerPlan plan)
    {
        var requests = new List<RequestRecord>();
        var writes = new List<WriteAttempt>();
        while (!_stopping && Stopwatch.GetElapsedTime(_started) < _hardLimit)
        {
            var planned = plan.Next();
            var record = await SendAsync(planned);
            requests.Add(record);
            if (planned.Write is { } write)
            {
                writes.Add(new WriteAttempt(write, record.Status));
            }
        }

        return (requests, writes);
    }

    private async Task<RequestRecord> SendAsync(PlannedRequest planned)
    {
        using var request = new HttpRequestMessage(planned.Write is null ? HttpMethod.Get : HttpMethod.Patch, planned.Url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", planned.Write is null ? _tokens.Viewer : _tokens.Admin);
        if (planned.Write is { } write)
        {
            request.Content = new StringContent(write.Body, Encoding.UTF8, "application/merge-patch+json");
        }

        var startedAt = Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
        var sent = Stopwatch.GetTimestamp();
        try
        {
            // The default completion option reads the whole body: the latency is what a client waits for the answer.
            using var response = await _client.SendAsync(request);
            return new RequestRecord(planned.Kind, planned.Url, (int)response.StatusCode,
                response.Headers.TryGetValues(CachedEntryResult.CacheStatusHeader, out var cache) ? cache.Single() : null,
                Stopwatch.GetElapsedTime(sent).TotalMilliseconds, startedAt,
                response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                response.Headers.RetryAfter is not null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new RequestRecord(planned.Kind, planned.Url, 0, null, Stopwatch.GetElapsedTime(sent).TotalMilliseconds, startedAt, false, false);
        }
    }
}
