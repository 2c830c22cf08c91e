using System.ComponentModel.DataAnnotations;

namespace FleetTelematics.Infrastructure.Persistence;

/// <summary>Database settings beyond the connection string, bound from <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Commands slower than this are logged (rate-limited per statement).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan SlowQueryThreshold { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Longest wait for a new connection, unless the connection string sets <c>Timeout</c>. Npgsql's 15 s would hold a
    /// request that long when PostgreSQL is unreachable; the contract wants a 503 within a few seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Longest a request's statement may run, unless the connection string sets <c>Command Timeout</c>. Bulk work (seed,
    /// migrations) sets its own, longer limit.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
