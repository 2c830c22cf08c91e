using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace FleetTelematics.Infrastructure.Caching.Near;

/// <summary>
/// This instance's copies of cached responses, with the generation tokens it last read from Redis. A copy is served
/// only while the lease window is open and every generation it was made under still holds the token it was made
/// with here. An invalidation forgets those tokens — a few dictionary removals, whatever the number of copies — and
/// moves the epoch on, so a Redis read that was in flight meanwhile cannot bring an old copy or token back.
/// </summary>
public sealed class NearCache(long maxBytes)
{
    private readonly ConcurrentDictionary<string, NearCopy> _copies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    // Offers and invalidations are serialised so that "the epoch is unchanged" and "the tokens are written" are one
    // step; reads take no lock.
    private readonly Lock _gate = new();
    private long _epoch;
    private long _servingUntil;
    private long _bytes;

    /// <summary>Read before a Redis lookup and handed back with what it found (<see cref="Offer"/>).</summary>
    public long Epoch => Volatile.Read(ref _epoch);

    /// <summary>Whether the lease window is open: copies may be served.</summary>
    public bool IsServing => Stopwatch.GetTimestamp() < Volatile.Read(ref _servingUntil);

    public int Count => _copies.Count;

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The local copy of an entry, if the lease window is open and every one of its generations is current.</summary>
    public bool TryGet(string entryKey, [NotNullWhen(true)] out object? value)
    {
        value = null;
        if (!IsServing || !_copies.TryGetValue(entryKey, out var copy))
        {
            return false;
        }

        for (var i = 0; i < copy.GenerationKeys.Length; i++)
        {
            if (!_tokens.TryGetValue(copy.GenerationKeys[i], out var token) || !string.Equals(token, copy.Tokens[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        value = copy.Value;
        return true;
    }

    /// <summary>
    /// Keeps a copy of what a Redis lookup begun at <paramref name="epochAtLookup"/> found current, together with its
    /// generation tokens — unless an invalidation arrived since, or the lease window is closed.
    /// </summary>
    public void Offer(long epochAtLookup, string entryKey, object value, int size, IReadOnlyList<string> generationKeys,
        IReadOnlyList<string> tokens)
    {
        if (generationKeys.Count != tokens.Count)
        {
            throw new ArgumentException("Every generation key needs its token.", nameof(tokens));
        }

        lock (_gate)
        {
            if (_epoch != epochAtLookup || !IsServing)
            {
                return;
            }

            for (var i = 0; i < generationKeys.Count; i++)
            {
                _tokens[generationKeys[i]] = tokens[i];
            }

            var copy = new NearCopy(value, size, [.. generationKeys], [.. tokens]);
            _copies.AddOrUpdate(entryKey, copy, (_, old) =>
            {
                Interlocked.Add(ref _bytes, -old.Size);
                return copy;
            });
            if (Interlocked.Add(ref _bytes, size) > maxBytes)
            {
                Shrink();
            }
        }
    }

    /// <summary>Every copy made under these generations is dead from now on, and reads in flight cannot revive them.</summary>
    public void Forget(IEnumerable<string> generationKeys)
    {
        lock (_gate)
        {
            _epoch++;
            foreach (var key in generationKeys)
            {
                _tokens.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Copies may be served until <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void ServeUntil(long timestamp) => Volatile.Write(ref _servingUntil, timestamp);

    /// <summary>Stops serving and drops everything: the lease was lost, so invalidations may have been missed.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            Volatile.Write(ref _servingUntil, 0);
            _epoch++;
            _tokens.Clear();
            _copies.Clear();
            Interlocked.Exchange(ref _bytes, 0);
        }
    }

    // Called under the gate. Drops copies in the dictionary's order until three quarters of the budget remain: cheap,
    // and hot entries come back at the next Redis hit.
    private void Shrink()
    {
        var target = maxBytes / 4 * 3;
        foreach (var (key, copy) in _copies)
        {
            if (Interlocked.Read(ref _bytes) <= target)
            {
                break;
            }

            if (_copies.TryRemove(key, out _))
            {
                Interlocked.Add(ref _bytes, -copy.Size);
            }
        }
    }

    private sealed record NearCopy(object Value, int Size, string[] GenerationKeys, string[] Tokens);
}
