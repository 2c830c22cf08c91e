using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FleetTelematics.Api.Caching;

namespace FleetTelematics.Tests.Api.Caching.Cluster;

/// <summary>
/// Reads of driver details from several clients at once while one writer changes the drivers' cities in sequence
/// ("Seq 17"), every request recorded — so a test can show that nothing failed and that no read that began after a
/// write had answered 2xx showed an older city.
/// </summary>
internal sealed class DriverTraffic(HttpClient viewer, HttpClient admin, IReadOnlyList<string> drivers)
{
    private const int Readers = 4;
    private static readonly TimeSpan ReaderPause = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan WriterPause = TimeSpan.FromMilliseconds(40);

    private readonly ConcurrentQueue<Read> _reads = new();
    private readonly ConcurrentQueue<Write> _writes = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public IReadOnlyCollection<Read> Reads => _reads;

    public IReadOnlyCollection<Write> Writes => _writes;

    public void Start(bool withWrites = true)
    {
        var tasks = Enumerable.Range(0, Readers).Select(_ => ReadLoopAsync()).ToList();
        if (withWrites)
        {
            tasks.Add(WriteLoopAsync());
        }

        _running = Task.WhenAll(tasks);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running!.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Reads that began after a write of their driver had answered 2xx, yet showed an earlier city.</summary>
    public List<string> StaleReads()
    {
        var acknowledged = _writes.Where(w => w.Status is >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices)
            .GroupBy(w => w.Driver).ToDictionary(g => g.Key, g => g.OrderBy(w => w.AcknowledgedAt).ToList());
        var stale = new List<string>();
        foreach (var read in _reads.Where(r => r.Status == HttpStatusCode.OK))
        {
            var lastBefore = acknowledged.GetValueOrDefault(read.Driver)?.LastOrDefault(w => w.AcknowledgedAt < read.StartedAt);
            if (lastBefore is not null && read.Sequence < lastBefore.Sequence)
            {
                stale.Add($"{read.Driver}: read Seq {read.Sequence} ({read.CacheStatus}) after Seq {lastBefore.Sequence} was acknowledged");
            }
        }

        return stale;
    }

    /// <summary>Reads the details of every driver once; true when each shows the last acknowledged write of it.</summary>
    public async Task<List<string>> ReadsNotShowingLastWriteAsync()
    {
        var wrong = new List<string>();
        foreach (var driver in drivers)
        {
            var last = _writes.Where(w => w.Driver == driver && w.Status == HttpStatusCode.OK).MaxBy(w => w.Sequence);
            using var response = await viewer.GetAsync(DetailsUrl(driver));
            var sequence = SequenceOf(await response.Content.ReadFromJsonAsync<JsonElement>());
            if (last is not null && sequence != last.Sequence)
            {
                wrong.Add($"{driver}: Seq {sequence} ({CacheStatusOf(response)}), last acknowledged Seq {last.Sequence}");
            }
        }

        return wrong;
    }

    public static string DetailsUrl(string driver) => $"/api/v1/admin/drivers/{driver}/details";

    public static string? CacheStatusOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(CachedEntryResult.CacheStatusHeader, out var values) ? values.Single() : null;

    private async Task ReadLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var driver = drivers[Random.Shared.Next(drivers.Count)];
            var startedAt = Stopwatch.GetTimestamp();
            using var response = await viewer.GetAsync(DetailsUrl(driver));
            var sequence = response.StatusCode == HttpStatusCode.OK ? SequenceOf(await response.Content.ReadFromJsonAsync<JsonElement>()) : -1;
            _reads.Enqueue(new Read(driver, startedAt, response.StatusCode, CacheStatusOf(response), sequence));
            await Pause(ReaderPause);
        }
    }

    private async Task WriteLoopAsync()
    {
        for (var sequence = 1; !_stop.IsCancellationRequested; sequence++)
        {
            var driver = drivers[sequence % drivers.Count];
            using var response = await admin.PatchAsync($"/api/v1/admin/drivers/{driver}", new StringContent(
                $$"""{"city":"Seq {{sequence}}"}""", Encoding.UTF8, "application/merge-patch+json"));
            _writes.Enqueue(new Write(driver, sequence, Stopwatch.GetTimestamp(), response.StatusCode));
            await Pause(WriterPause);
        }
    }

    private async Task Pause(TimeSpan pause)
    {
        try
        {
            await Task.Delay(pause, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    // The seeded cities are not "Seq N": they count as before every write.
    private static int SequenceOf(JsonElement details) =>
        details.GetProperty("driver").GetProperty("city").GetString() is { } city && city.StartsWith("Seq ", StringComparison.Ordinal)
            ? int.Parse(city[4..], CultureInfo.InvariantCulture)
            : 0;

    internal sealed record Read(string Driver, long StartedAt, HttpStatusCode Status, string? CacheStatus, int Sequence);

    internal sealed record Write(string Driver, int Sequence, long AcknowledgedAt, HttpStatusCode Status);
}
