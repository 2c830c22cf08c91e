namespace FleetTelematics.Tests.Faults;

/// <summary>
/// The slowest a request may be during a fault: the store's operation timeout (the longest the contract lets a
/// request wait on a dead cache) plus a normal miss — the slowest uncached request through the oracle under the
/// same load, measured in the same run — plus <see cref="SlackMs"/> for this noisy, shared 2-core machine: when the
/// store stops answering, every worker's timeout ends at once and their misses reach PostgreSQL together.
/// </summary>
public sealed record LatencyBound(double OperationTimeoutMs, double NormalMissMs)
{
    public const double SlackMs = 50;

    public double Ms => OperationTimeoutMs + NormalMissMs + SlackMs;

    public override string ToString() =>
        FormattableString.Invariant($"{OperationTimeoutMs:0} ms timeout + {NormalMissMs:0.0} ms normal miss + {SlackMs:0} ms slack = {Ms:0.0} ms");
}
