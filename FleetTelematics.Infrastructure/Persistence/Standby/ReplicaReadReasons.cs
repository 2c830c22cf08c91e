namespace FleetTelematics.Infrastructure.Persistence.Standby;

/// <summary>The <c>target</c> and <c>reason</c> labels of <c>database_replica_reads_total</c>: an operator contract.</summary>
public static class ReplicaReadReasons
{
    public const string Standby = "standby";
    public const string Primary = "primary";

    public const string Current = "current";
    public const string Lagging = "lagging";
    public const string Unavailable = "unavailable";

    /// <summary>The three series that can occur: the standby only when current, the primary for either reason.</summary>
    public static IReadOnlyList<(string Target, string Reason)> All { get; } =
        [(Standby, Current), (Primary, Lagging), (Primary, Unavailable)];

    public static string Of(StandbyVerdict verdict) => verdict switch
    {
        StandbyVerdict.Current => Current,
        StandbyVerdict.Lagging => Lagging,
        _ => Unavailable,
    };
}
