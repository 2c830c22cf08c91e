using System.ComponentModel.DataAnnotations;

namespace FleetTelematics.Infrastructure.Caching.Near;

/// <summary>
/// The in-process first level in front of Redis (<c>Caching:NearCache</c>). An instance serves its local copies only
/// while it holds a lease in Redis; a write does not answer before every live lease holder has acknowledged the
/// invalidation, or has lost its lease and with it the right to serve (see <see cref="NearCacheCoordinator"/>).
/// </summary>
public sealed class NearCacheOptions
{
    public const string SectionName = "Caching:NearCache";

    /// <summary>Off: every hit reads Redis, as before. Only used when Redis is configured.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a lease lasts without renewal. It bounds how long a write waits for an instance that has stopped
    /// answering (it is revoked, then its lease is waited out) and how long an instance cut off from Redis serves.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the lease is renewed; a fraction of <see cref="LeaseDuration"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.020", "00:00:20")]
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a write waits for the other instances to acknowledge before it revokes those that did not.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan AcknowledgementTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Bytes of response bodies kept per instance; past it, about a quarter of the copies are dropped.</summary>
    [Range(1L << 20, 1L << 34)]
    public long MaxBytes { get; set; } = 64L << 20;
}
