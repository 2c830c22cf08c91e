using System.ComponentModel.DataAnnotations;

namespace FleetTelematics.Infrastructure.Persistence;

/// <summary>Database settings beyond the connection string, bound from <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Commands slower than this are logged (rate-limited per statement).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan SlowQueryThreshold { get; set; } = TimeSpan.FromMilliseconds(500);
}
