namespace FleetTelematics.Api.Caching;

/// <summary>What the cache filter knows about the current request, passed from its resource stage to its result stage.</summary>
internal sealed class CacheRequestState(CacheRequest request, IReadOnlySet<string> headersBeforeAction)
{
    public CacheRequest Request { get; } = request;

    /// <summary>Headers present before the action ran (CORS and the like); only headers the action adds are cached.</summary>
    public IReadOnlySet<string> HeadersBeforeAction { get; } = headersBeforeAction;

    public string Status { get; set; } = CachedEntryResult.Miss;

    /// <summary>The generation tokens read before computing; the entry is stamped with them.</summary>
    public IReadOnlyList<string> Tokens { get; set; } = [];

    /// <summary>The local copies' epoch before the lookup: a stored entry is kept locally only if it has not moved.</summary>
    public long Epoch { get; set; }

    /// <summary>A current-generation entry past its TTL: served only if the database cannot compute a fresh one.</summary>
    public CacheEntry? StaleFallback { get; set; }

    /// <summary>The entry the action produced, when it answered 200.</summary>
    public CacheEntry? Entry { get; set; }
}
