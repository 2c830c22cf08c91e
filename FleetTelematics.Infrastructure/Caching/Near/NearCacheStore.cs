namespace FleetTelematics.Infrastructure.Caching.Near;

/// <summary>
/// The store as callers see it when instances keep local copies: an invalidation returns only once Redis has the new
/// generations and every instance's <see cref="NearCache"/> has forgotten the old ones (<see cref="NearCacheCoordinator"/>).
/// </summary>
public sealed class NearCacheStore(ICacheStore inner, NearCacheCoordinator coordinator) : ICacheStore
{
    public ValueTask<CacheLookup> GetAsync(string entryKey, IReadOnlyList<string> generationKeys, string freshToken,
        CancellationToken cancellationToken) => inner.GetAsync(entryKey, generationKeys, freshToken, cancellationToken);

    public ValueTask<bool> SetAsync(string entryKey, ReadOnlyMemory<byte> entry, IReadOnlyList<string> generationKeys,
        IReadOnlyList<string> expectedTokens, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        inner.SetAsync(entryKey, entry, generationKeys, expectedTokens, timeToLive, cancellationToken);

    public async ValueTask InvalidateAsync(IReadOnlyCollection<string> generationKeys, CancellationToken cancellationToken)
    {
        var reachedRedis = false;
        try
        {
            await inner.InvalidateAsync(generationKeys, cancellationToken);
            reachedRedis = true;
        }
        finally
        {
            // Also when Redis refused the new generations (they are replayed later): the local copies must go now.
            await coordinator.InvalidateEverywhereAsync(generationKeys, reachedRedis);
        }
    }
}
