using System.ComponentModel.DataAnnotations;

namespace FleetTelematics.Infrastructure.Persistence.Standby;

/// <summary>How cached reads use the streaming standby of <c>ConnectionStrings:FleetReplica</c>, bound from <c>Database:Replica</c>.</summary>
public sealed class StandbyOptions
{
    public const string SectionName = "Database:Replica";

    /// <summary>
    /// Longest a computation waits for the standby to replay up to the primary's position before it runs on the primary.
    /// It bounds what a lagging standby adds to a miss.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Pause between two reads of the standby's replay position while waiting.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>After the standby failed, how long every computation runs on the primary before the standby is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
