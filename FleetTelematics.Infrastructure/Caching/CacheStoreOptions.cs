using System.ComponentModel.DataAnnotations;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>The store's own settings, bound from <c>Caching</c> and validated at start-up.</summary>
public sealed class CacheStoreOptions
{
    public const string SectionName = "Caching";

    /// <summary>Prefix of every key, so two deployments can share one Redis.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,40}$")]
    public string KeyPrefix { get; set; } = "fleet";

    /// <summary>Longest a caller waits on the store for one operation before it is told the store is unavailable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>How long the store is left alone after repeated failures before it is tried again.</summary>
    /// <remarks>At least 0.5 s: Polly's circuit breaker refuses shorter breaks.</remarks>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
