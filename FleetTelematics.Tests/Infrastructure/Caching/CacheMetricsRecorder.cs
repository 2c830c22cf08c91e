using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FleetTelematics.Infrastructure.Caching;

namespace FleetTelematics.Tests.Infrastructure.Caching;

/// <summary>
/// A real <see cref="CacheMetrics"/> on a meter of its own, with a listener that adds up what its counters record,
/// so a test can read <c>cache_store_errors{operation="get"}</c> the way Prometheus would.
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
        Metrics = new CacheMetrics(_meters);
    }

    public CacheMetrics Metrics { get; }

    /// <summary>The sum a counter recorded under one label value, as <c>sum(counter{label="value"})</c>.</summary>
    public long Total(string instrument, string label, string value) =>
        _measurements
            .Where(m => m.Instrument == instrument && m.Tags.Any(t => t.Key == label && Equals(t.Value, value)))
            .Sum(m => m.Value);

    public void Dispose()
    {
        _listener.Dispose();
        Metrics.Dispose();
        _meters.Dispose();
    }
}
