using System.Diagnostics.Metrics;

namespace FleetTelematics.Infrastructure.Persistence.Standby;

/// <summary>
/// Where the computations of cached reads ran (the exporter adds <c>_total</c>):
/// <c>database_replica_reads_total{target="standby"|"primary", reason="current"|"lagging"|"unavailable"}</c>. One count
/// per computation, once its target is final (a standby that fails mid-query counts as the primary, unavailable).
/// </summary>
public sealed class ReplicaReadMetrics : IDisposable
{
    public const string MeterName = "FleetTelematics.Database";

    private readonly Meter _meter;
    private readonly Counter<long> _reads;

    public ReplicaReadMetrics(IMeterFactory meterFactory, StandbyDatabase standby)
    {
        _meter = meterFactory.Create(MeterName);
        _reads = _meter.CreateCounter<long>("database_replica_reads",
            description: "Computations of cached reads (misses and bypasses) by where they ran: the standby once it had replayed the primary's position, else the primary, and why.");
        if (standby.IsConfigured)
        {
            // Published at zero, so a ratio or an alert has its series before the first miss.
            foreach (var (target, reason) in ReplicaReadReasons.All)
            {
                _reads.Add(0, Target(target), Reason(reason));
            }
        }
    }

    public void Ran(string target, string reason) => _reads.Add(1, Target(target), Reason(reason));

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Target(string target) => new("target", target);

    private static KeyValuePair<string, object?> Reason(string reason) => new("reason", reason);
}
