using System.ComponentModel.DataAnnotations;

namespace FleetTelematics.Api.Caching;

/// <summary>Response caching settings, bound from <c>Caching</c> beside the store's own, and validated at start-up.</summary>
public sealed class ResponseCachingOptions : IValidatableObject
{
    public const string SectionName = "Caching";

    /// <summary>Off: every cached route answers <c>X-Cache: BYPASS</c> and nothing is stored.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long past its TTL an entry may still be served (<c>X-Cache: STALE</c>) when its response cannot be computed
    /// because the database is down. Entries stay in the store this much longer; zero turns the fallback off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan StaleIfError { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long ingested telemetry may take to show on the dashboards, the driver list and its drivers' details.
    /// Ingestion invalidates in coalesced steps within this bound instead of once per batch; admin writes stay immediate.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan IngestStaleness { get; set; } = TimeSpan.FromSeconds(5);

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
