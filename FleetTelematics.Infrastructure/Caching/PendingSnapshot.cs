namespace FleetTelematics.Infrastructure.Caching;

/// <summary>One replay's worth of <see cref="PendingInvalidations"/>: the generations to renew and what they cover.</summary>
/// <param name="Generations">Every generation key to give a new token.</param>
/// <param name="Keys">The failed invalidations it covers, each with the sequence it was added at.</param>
/// <param name="OutageMark">The observed outage it covers, or 0.</param>
public sealed record PendingSnapshot(
    IReadOnlyList<string> Generations,
    IReadOnlyList<KeyValuePair<string, long>> Keys,
    long OutageMark);
