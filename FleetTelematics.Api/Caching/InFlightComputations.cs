using System.Collections.Concurrent;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// Collapses concurrent misses of one key into one computation per process. The key includes the generation tokens
/// the computation started under, so a request that arrives after an invalidation never joins a computation that
/// began before it.
/// </summary>
public sealed class InFlightComputations
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<CacheEntry?>> _flights = new(StringComparer.Ordinal);

    /// <summary>Joins the computation of <paramref name="flightKey"/>, or starts it when there is none (the caller leads).</summary>
    public bool TryLead(string flightKey, out TaskCompletionSource<CacheEntry?> flight)
    {
        var mine = new TaskCompletionSource<CacheEntry?>(TaskCreationOptions.RunContinuationsAsynchronously);
        flight = _flights.GetOrAdd(flightKey, mine);
        return ReferenceEquals(flight, mine);
    }

    /// <summary>Forgets a finished computation; later requests go to the store.</summary>
    public void Finish(string flightKey, TaskCompletionSource<CacheEntry?> flight) =>
        _flights.TryRemove(new KeyValuePair<string, TaskCompletionSource<CacheEntry?>>(flightKey, flight));

    public static string KeyOf(CacheRequest request, IReadOnlyList<string> tokens) =>
        string.Join('|', tokens.Prepend(request.EntryKey));
}
