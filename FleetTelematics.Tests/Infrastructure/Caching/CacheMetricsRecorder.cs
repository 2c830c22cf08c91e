using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FleetTelematics.Api.Caching;
using FleetTelematics.Infrastructure.Caching;

namespace FleetTelematics.Tests.Infrastructure.Caching;

/// <summary>
/// Real <see cref="ResponseCacheMetrics"/> and <see cref="CacheStoreMetrics"/> on meters of their own, with a listener
/// that adds up what their counters record, so a test can read <c>cache_store_errors{operation="get"}</c> the way
/// Prometheus would.
/// </summary>
public sealed class CacheMetricsRecorder : IDisposable
{
    private readonly TestMeterFactory _meters = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public CacheMetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, _meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.Start();
        Responses = new ResponseCacheMetrics(_meters, []);
        Store = new CacheStoreMetrics(_meters, ResponseCacheMetrics.CacheType);
    }

    public ResponseCacheMetrics Responses { get; }

    public CacheStoreMetrics Store { get; }

    /// <summary>The sum a counter recorded under one label value, as <c>sum(counter{label="value"})</c>.</summary>
    public long Total(string instrument, string label, string value) =>
        _measurements
            .Where(m => m.Instrument == instrument && m.Tags.Any(t => t.Key == label && Equals(t.Value, value)))
            .Sum(m => m.Value);

    public void Dispose()
    {
        _listener.Dispose();
        Responses.Dispose();
        Store.Dispose();
        _meters.Dispose();
    }
}
