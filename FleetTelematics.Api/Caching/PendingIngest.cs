namespace FleetTelematics.Api.Caching;

/// <summary>The changes of the batches since the last invalidation step.</summary>
public sealed class PendingIngest
{
    public HashSet<string> Prefixes { get; } = new(StringComparer.Ordinal);

    /// <summary>Wire ids (<c>DRV-0001</c>): the scope of each driver's <c>driver_detail</c> entries.</summary>
    public HashSet<string> DriverIds { get; } = new(StringComparer.Ordinal);

    /// <summary>When each batch became durable (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public List<long> CommittedAt { get; } = [];

    public bool IsEmpty => CommittedAt.Count == 0;
}
