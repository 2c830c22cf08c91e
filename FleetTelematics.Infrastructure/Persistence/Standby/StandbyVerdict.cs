namespace FleetTelematics.Infrastructure.Persistence.Standby;

/// <summary>What the replay gate found: whether a computation may run on the standby, and if not, why.</summary>
public enum StandbyVerdict
{
    /// <summary>The standby has replayed everything the primary had inserted when the computation began.</summary>
    Current,

    /// <summary>The standby did not reach that position within <see cref="StandbyOptions.MaxWait"/>.</summary>
    Lagging,

    /// <summary>The standby could not answer, is not in recovery, or failed recently.</summary>
    Unavailable,
}
