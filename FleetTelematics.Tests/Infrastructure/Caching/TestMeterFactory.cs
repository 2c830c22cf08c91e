using System.Diagnostics.Metrics;

namespace FleetTelematics.Tests.Infrastructure.Caching;

/// <summary>
/// Creates plain meters scoped to this factory, so a test can build <c>CacheMetrics</c> without a host and listen
/// to its meter alone — not to the meters of API hosts that other tests run in the same process.
/// </summary>
public sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }

            _meters.Clear();
        }
    }
}
