using System.ComponentModel.DataAnnotations;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>Response caching settings, bound from <c>Caching</c> and validated at start-up.</summary>
public sealed class CachingOptions : IValidatableObject
{
    public const string SectionName = "Caching";

    /// <summary>Off: every cached route answers <c>X-Cache: BYPASS</c> and nothing is stored.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Prefix of every key, so two deployments can share one Redis.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,40}$")]
    public string KeyPrefix { get; set; } = "fleet";

    /// <summary>Longest a request waits on the store for one operation before it is served without the cache.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>How long the store is left alone after repeated failures before it is tried again.</summary>
    /// <remarks>At least 0.5 s: Polly's circuit breaker refuses shorter breaks.</remarks>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long past its TTL an entry may still be served (<c>X-Cache: STALE</c>) when its response cannot be computed
    /// because the database is down. Entries stay in the store this much longer; zero turns the fallback off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan StaleIfError { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Responses larger than this are served but not cached.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxEntryBytes { get; set; } = 1024 * 1024;

    /// <summary>Per-prefix TTL overrides in seconds (<c>Caching__Ttl__dashboard_summary=30</c>).</summary>
    public Dictionary<string, int> Ttl { get; set; } = new(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (prefix, seconds) in Ttl)
        {
            if (seconds is < 1 or > 86_400)
            {
                yield return new ValidationResult($"Caching:Ttl:{prefix} must be between 1 and 86400 seconds.", [nameof(Ttl)]);
            }
        }
    }
}
