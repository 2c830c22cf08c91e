namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// How logical cache names become store keys. Every key of a prefix carries the prefix as a Redis Cluster hash tag
/// (<c>fleet:{dashboard_stats}:...</c>), so an entry and its generations live in one slot and a lookup is one script
/// call — no multi-slot command, no KEYS, no SCAN.
/// </summary>
public sealed class CacheKeyLayout(string keyPrefix)
{
    public string KeyPrefix { get; } = keyPrefix;

    /// <summary>The entry key; <paramref name="variantHash"/> is a hash of everything the response varies by.</summary>
    public string Entry(string prefix, string variantHash) => $"{KeyPrefix}:{{{prefix}}}:e:{variantHash}";

    /// <summary>The generation of a whole prefix, or of one scope under it (such as one driver's details).</summary>
    public string Generation(string prefix, string? scope = null) =>
        scope is null ? $"{KeyPrefix}:{{{prefix}}}:g" : $"{KeyPrefix}:{{{prefix}}}:g:{scope}";
}
