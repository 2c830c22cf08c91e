using System.Collections.Concurrent;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// Invalidations that could not reach the store. They are replayed before the store is trusted again, so a write
/// made during an outage is never followed by a stale hit once the store is back.
/// </summary>
public sealed class PendingInvalidations
{
    // Each key remembers when it was last added, so a replay only clears what it actually replayed.
    private readonly ConcurrentDictionary<string, long> _keys = new(StringComparer.Ordinal);
    private long _sequence;

    public bool IsEmpty => _keys.IsEmpty;

    public int Count => _keys.Count;

    public void Add(IEnumerable<string> generationKeys)
    {
        foreach (var key in generationKeys)
        {
            _keys[key] = Interlocked.Increment(ref _sequence);
        }
    }

    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() => _keys.ToArray();

    public void Clear(IEnumerable<KeyValuePair<string, long>> replayed)
    {
        foreach (var entry in replayed)
        {
            _keys.TryRemove(entry);
        }
    }
}
