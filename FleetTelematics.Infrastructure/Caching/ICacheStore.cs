namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// Stores cached responses as opaque bytes, guarded by generations: every entry depends on a few generation keys
/// (its prefix, and the route values under it), each holding a random token. Invalidating a generation gives it a
/// new token, so every entry computed under the old one is dead at once — whatever the number of entries.
/// </summary>
public interface ICacheStore
{
    /// <summary>
    /// Reads an entry and the current tokens of its generation keys in one round trip. A generation that does not
    /// exist yet (new, expired or evicted) is created with <paramref name="freshToken"/>, so a lost generation can
    /// never resurrect entries made under an older token.
    /// </summary>
    ValueTask<CacheLookup> GetAsync(string entryKey, IReadOnlyList<string> generationKeys, string freshToken,
        CancellationToken cancellationToken);

    /// <summary>
    /// Stores an entry for <paramref name="timeToLive"/> only if its generations still hold the tokens it was
    /// computed under; returns false (and stores nothing) when an invalidation got there first.
    /// </summary>
    ValueTask<bool> SetAsync(string entryKey, ReadOnlyMemory<byte> entry, IReadOnlyList<string> generationKeys,
        IReadOnlyList<string> expectedTokens, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Gives each generation key a new random token: O(1) per key, whatever is cached under it.</summary>
    ValueTask InvalidateAsync(IReadOnlyCollection<string> generationKeys, CancellationToken cancellationToken);
}
