using System.Collections.Concurrent;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// Invalidations that could not reach the store. They are replayed before the store is trusted again, so a write
/// made during an outage is never followed by a stale hit once the store is back.
/// </summary>
/// <remarks>
/// A process only knows its own failed writes. Another instance may have written during the same outage and died
/// (or not replayed yet), so a process that observes an outage marks <em>every</em> prefix generation as pending:
/// after a real outage the cache starts cold rather than possibly stale.
/// </remarks>
public sealed class PendingInvalidations
{
    private string[] _everyPrefix = [];
    private bool _everythingStaleBeforeDeclared;

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

    /// <summary>The generation key of every cached prefix, declared once the endpoints are known.</summary>
    public void DeclarePrefixGenerations(IEnumerable<string> generationKeys)
    {
        _everyPrefix = generationKeys.ToArray();
        if (Volatile.Read(ref _everythingStaleBeforeDeclared))
        {
            Add(_everyPrefix);
        }
    }

    /// <summary>An outage was observed: whatever any instance wrote meanwhile may be stale, so every prefix is.</summary>
    public void MarkEverythingStale()
    {
        // The connection can fail before start-up has declared the prefixes: remember it for then.
        Volatile.Write(ref _everythingStaleBeforeDeclared, true);
        Add(_everyPrefix);
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
