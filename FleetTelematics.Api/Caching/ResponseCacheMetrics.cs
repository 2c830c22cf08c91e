using System.Diagnostics.Metrics;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// What response caching did, with the names and labels the operators' dashboards use (the Prometheus exporter adds
/// <c>_total</c>): hits, misses, bypasses, stale answers, invalidations and stored entries per prefix. Labels carry
/// only prefixes and reasons — never keys or ids — so series stay bounded.
/// </summary>
public sealed class ResponseCacheMetrics : IDisposable
{
    public const string MeterName = "FleetTelematics.Caching";

    /// <summary>The <c>cache_type</c> of every series, the store's included.</summary>
    public const string CacheType = "response";

    private static readonly KeyValuePair<string, object?> Type = new("cache_type", CacheType);

    private readonly Meter _meter;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _localHits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _bypasses;
    private readonly Counter<long> _staleServed;
    private readonly Counter<long> _invalidations;
    private readonly Counter<long> _entriesStored;
    private readonly Counter<long> _bytesStored;

    public ResponseCacheMetrics(IMeterFactory meterFactory, IEnumerable<string> prefixes)
    {
        _meter = meterFactory.Create(MeterName);
        _hits = _meter.CreateCounter<long>("cache_hits", description: "Responses served from the cache, including requests that waited for a concurrent computation.");
        _localHits = _meter.CreateCounter<long>("cache_local_hits", description: "The hits this instance answered from its own local copy, without Redis (a part of cache_hits).");
        _misses = _meter.CreateCounter<long>("cache_misses", description: "Responses computed because the cache had no current entry.");
        _bypasses = _meter.CreateCounter<long>("cache_bypasses", description: "Responses served without the cache, by reason: disabled, store_unavailable, too_large.");
        _staleServed = _meter.CreateCounter<long>("cache_stale_served", description: "Responses served from an entry past its TTL because the database could not compute a fresh one.");
        _invalidations = _meter.CreateCounter<long>("cache_invalidations", description: "Generations invalidated by writes, per prefix.");
        _entriesStored = _meter.CreateCounter<long>("cache_entries_stored", description: "Entries written to the cache store.");
        _bytesStored = _meter.CreateCounter<long>("cache_stored_bytes", unit: "By", description: "Bytes of entries written to the cache store.");
        foreach (var prefix in prefixes)
        {
            InitializeSeries(prefix);
        }
    }

    public void Hit(string prefix) => _hits.Add(1, Type, Pattern(prefix));

    /// <summary>A hit answered from the local copy: counted in both series.</summary>
    public void LocalHit(string prefix)
    {
        _hits.Add(1, Type, Pattern(prefix));
        _localHits.Add(1, Type, Pattern(prefix));
    }

    public void Miss(string prefix) => _misses.Add(1, Type, Pattern(prefix));

    public void StaleServed(string prefix) => _staleServed.Add(1, Type, Pattern(prefix));

    public void Bypass(string prefix, string reason) => _bypasses.Add(1, Type, Pattern(prefix), Reason(reason));

    public void Invalidated(string prefix) => _invalidations.Add(1, Type, Pattern(prefix));

    public void Stored(string prefix, int bytes)
    {
        _entriesStored.Add(1, Type, Pattern(prefix));
        _bytesStored.Add(bytes, Type, Pattern(prefix));
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>
    /// Publishes a prefix's series at zero from the start, so rate() and alerts see them before the first event
    /// (an absent series makes a hit-rate alert silently evaluate to nothing).
    /// </summary>
    private void InitializeSeries(string prefix)
    {
        _hits.Add(0, Type, Pattern(prefix));
        _localHits.Add(0, Type, Pattern(prefix));
        _misses.Add(0, Type, Pattern(prefix));
        _staleServed.Add(0, Type, Pattern(prefix));
        _invalidations.Add(0, Type, Pattern(prefix));
        _entriesStored.Add(0, Type, Pattern(prefix));
        _bytesStored.Add(0, Type, Pattern(prefix));
        foreach (var reason in BypassReasons.All)
        {
            _bypasses.Add(0, Type, Pattern(prefix), Reason(reason));
        }
    }

    private static KeyValuePair<string, object?> Pattern(string prefix) => new("cache_key_pattern", prefix);

    private static KeyValuePair<string, object?> Reason(string reason) => new("reason", reason);
}
