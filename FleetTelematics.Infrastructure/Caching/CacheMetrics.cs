using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// The cache layer's meter and instruments, with the names and labels the operators' existing dashboards use
/// (the Prometheus exporter adds <c>_total</c> to counters and <c>_seconds</c> to the histogram). Labels carry
/// only prefixes, operations and reasons — never keys or ids — so series stay bounded.
/// </summary>
public sealed class CacheMetrics : IDisposable
{
    public const string MeterName = "FleetTelematics.Caching";
    public const string ResponseCacheType = "response";

    /// <summary>Sub-millisecond resolution where Redis operations live; the default buckets start at 5 ms.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly Meter _meter;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _bypasses;
    private readonly Counter<long> _staleServed;
    private readonly Counter<long> _invalidations;
    private readonly Counter<long> _storeErrors;
    private readonly Counter<long> _entriesStored;
    private readonly Counter<long> _bytesStored;
    private readonly Histogram<double> _operationDuration;
    private int _circuitState;

    public CacheMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _hits = _meter.CreateCounter<long>("cache_hits", description: "Responses served from the cache, including requests that waited for a concurrent computation.");
        _misses = _meter.CreateCounter<long>("cache_misses", description: "Responses computed because the cache had no current entry.");
        _bypasses = _meter.CreateCounter<long>("cache_bypasses", description: "Responses served without the cache, by reason: disabled, store_unavailable, too_large.");
        _staleServed = _meter.CreateCounter<long>("cache_stale_served", description: "Responses served from an entry past its TTL because the database could not compute a fresh one.");
        _invalidations = _meter.CreateCounter<long>("cache_invalidations", description: "Generations invalidated by writes, per prefix.");
        _storeErrors = _meter.CreateCounter<long>("cache_store_errors", description: "Failed or timed-out cache store operations.");
        _entriesStored = _meter.CreateCounter<long>("cache_entries_stored", description: "Entries written to the cache store.");
        _bytesStored = _meter.CreateCounter<long>("cache_stored_bytes", unit: "By", description: "Bytes of entries written to the cache store.");
        _operationDuration = _meter.CreateHistogram("cache_operation_duration", unit: "s",
            description: "Duration of cache store operations.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _meter.CreateObservableGauge("cache_circuit_state", () => new Measurement<int>(Volatile.Read(ref _circuitState),
            new KeyValuePair<string, object?>("cache_type", ResponseCacheType)),
            description: "The cache store's circuit breaker: 0 closed, 1 open, 2 half-open.");
    }

    /// <summary>
    /// Publishes every series at zero from the start, so rate() and alerts see them before the first event
    /// (an absent series makes a hit-rate or error alert silently evaluate to nothing).
    /// </summary>
    public void InitializeSeries(IEnumerable<string> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            _hits.Add(0, Type, Pattern(prefix));
            _misses.Add(0, Type, Pattern(prefix));
            _staleServed.Add(0, Type, Pattern(prefix));
            _invalidations.Add(0, Type, Pattern(prefix));
            _entriesStored.Add(0, Type, Pattern(prefix));
            _bytesStored.Add(0, Type, Pattern(prefix));
            foreach (var reason in BypassReasons.All)
            {
                _bypasses.Add(0, Type, Pattern(prefix), new KeyValuePair<string, object?>("reason", reason));
            }
        }

        foreach (var operation in new[] { CacheOperations.Get, CacheOperations.Set, CacheOperations.Invalidate })
        {
            _storeErrors.Add(0, Type, Operation(operation));
        }
    }

    public void Hit(string prefix) => _hits.Add(1, Type, Pattern(prefix));

    public void Miss(string prefix) => _misses.Add(1, Type, Pattern(prefix));

    public void StaleServed(string prefix) => _staleServed.Add(1, Type, Pattern(prefix));

    public void Bypass(string prefix, string reason) =>
        _bypasses.Add(1, Type, Pattern(prefix), new KeyValuePair<string, object?>("reason", reason));

    public void Invalidated(string prefix) => _invalidations.Add(1, Type, Pattern(prefix));

    public void StoreError(string operation) => _storeErrors.Add(1, Type, Operation(operation));

    public void Stored(string prefix, int bytes)
    {
        _entriesStored.Add(1, Type, Pattern(prefix));
        _bytesStored.Add(bytes, Type, Pattern(prefix));
    }

    public void OperationTook(string operation, TimeSpan elapsed) =>
        _operationDuration.Record(elapsed.TotalSeconds, Operation(operation), Type);

    public void CircuitChanged(CircuitState state) => Volatile.Write(ref _circuitState, (int)state);

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Type => new("cache_type", ResponseCacheType);

    private static KeyValuePair<string, object?> Pattern(string prefix) => new("cache_key_pattern", prefix);

    private static KeyValuePair<string, object?> Operation(string operation) => new("operation", operation);
}
