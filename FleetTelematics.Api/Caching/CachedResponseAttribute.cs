namespace FleetTelematics.Api.Caching;

/// <summary>
/// Declares that a GET action's 200 responses are cached for <see cref="TtlSeconds"/> under <see cref="Prefix"/>.
/// Data only: <see cref="CachedResponseFilter"/> does the work.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class CachedResponseAttribute(int ttlSeconds, string prefix) : Attribute
{
    public int TtlSeconds { get; } = ttlSeconds;

    /// <summary>The cache key pattern: the name invalidations refer to and the <c>cache_key_pattern</c> metric label.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>Who may share an entry. Responses that differ per role or per user must say so here.</summary>
    public CacheScope Scope { get; init; } = CacheScope.Shared;
}
