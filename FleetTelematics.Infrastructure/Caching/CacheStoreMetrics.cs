using System.Diagnostics.Metrics;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// The store's own instruments: how long its operations take, how often they fail, and its circuit. They carry the
/// <c>cache_type</c> label of what the store holds, given at registration, and only operation names — never keys.
/// </summary>
public sealed class CacheStoreMetrics : IDisposable
{
    public const string MeterName = "FleetTelematics.Caching.Store";

    /// <summary>Sub-millisecond resolution where Redis operations live; the default buckets start at 5 ms.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly Meter _meter;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _duration;
    private readonly KeyValuePair<string, object?> _type;
    private int _circuitState;

    public CacheStoreMetrics(IMeterFactory meterFactory, string cacheType)
    {
        _type = new("cache_type", cacheType);
        _meter = meterFactory.Create(MeterName);
        _errors = _meter.CreateCounter<long>("cache_store_errors", description: "Failed or timed-out cache store operations.");
        _duration = _meter.CreateHistogram("cache_operation_duration", unit: "s",
            description: "Duration of cache store operations.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _meter.CreateObservableGauge("cache_circuit_state", () => new Measurement<int>(Volatile.Read(ref _circuitState), _type),
            description: "The cache store's circuit breaker: 0 closed, 1 open, 2 half-open.");

        // Published at zero from the start: an absent series makes an error alert silently evaluate to nothing.
        foreach (var operation in CacheOperations.All)
        {
            _errors.Add(0, _type, Operation(operation));
        }
    }

    public void Failed(string operation) => _errors.Add(1, _type, Operation(operation));

    public void Took(string operation, TimeSpan elapsed) => _duration.Record(elapsed.TotalSeconds, Operation(operation), _type);

    public void CircuitChanged(CircuitState state) => Volatile.Write(ref _circuitState, (int)state);

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Operation(string operation) => new("operation", operation);
}
