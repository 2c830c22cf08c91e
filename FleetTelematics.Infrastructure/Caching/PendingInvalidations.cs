using System.Collections.Concurrent;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// Invalidations that could not reach the store. They are replayed before the store is trusted again, so a write
/// made during an outage is never followed by a stale hit once the store is back.
/// </summary>
/// <remarks>
/// A process only knows its own failed writes. Another instance may have written during the same outage and died
/// (or not replayed yet), so a process that observes an outage renews <em>every</em> prefix generation: after a real
/// outage the cache starts cold rather than possibly stale. Which generations those are is asked of
/// <see cref="IGenerationKeySource"/> when the replay happens, so an outage seen before start-up finished counts too.
/// </remarks>
public sealed class PendingInvalidations(IGenerationKeySource everyPrefix)
{
    // Each key remembers when it was last added, so a replay only clears what it actually replayed.
    private readonly ConcurrentDictionary<string, long> _keys = new(StringComparer.Ordinal);
    private long _sequence;
    private long _outageMark;

    public bool IsEmpty => _keys.IsEmpty && Volatile.Read(ref _outageMark) == 0;

    /// <summary>Generations waiting (every prefix's, after an observed outage).</summary>
    public int Count => _keys.Count + (Volatile.Read(ref _outageMark) == 0 ? 0 : everyPrefix.PrefixGenerations.Count);

    public void Add(IEnumerable<string> generationKeys)
    {
        foreach (var key in generationKeys)
        {
            _keys[key] = Interlocked.Increment(ref _sequence);
        }
    }

    /// <summary>An outage was observed: whatever any instance wrote meanwhile may be stale, so every prefix is.</summary>
    public void MarkEverythingStale() => Volatile.Write(ref _outageMark, Interlocked.Increment(ref _sequence));

    /// <summary>What to replay now: the failed invalidations, and every prefix generation after an outage.</summary>
    public PendingSnapshot Snapshot()
    {
        var mark = Volatile.Read(ref _outageMark);
        var keys = _keys.ToArray();
        var generations = keys.Select(entry => entry.Key);
        if (mark != 0)
        {
            generations = generations.Union(everyPrefix.PrefixGenerations, StringComparer.Ordinal);
        }

        return new PendingSnapshot(generations.ToArray(), keys, mark);
    }

    /// <summary>Forgets what <paramref name="replayed"/> covered; anything added since stays pending.</summary>
    public void Clear(PendingSnapshot replayed)
    {
        foreach (var entry in replayed.Keys)
        {
            _keys.TryRemove(entry);
        }

        Interlocked.CompareExchange(ref _outageMark, 0, replayed.OutageMark);
    }
}
