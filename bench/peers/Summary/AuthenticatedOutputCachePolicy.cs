using Microsoft.AspNetCore.OutputCaching;

namespace FleetTelematics.Bench.Peers.Summary;

/// <summary>
/// Caches authorized requests, which Output Caching's default policy refuses (it skips any request with an
/// Authorization header). The middleware runs after UseAuthorization, so 401/403 were decided before a lookup.
/// </summary>
/// <remarks>
/// This is the unsafe-by-default thing peers make you do: the entry varies by nothing beyond the path, so one user's
/// response is served to every other authorized user. Harmless for this summary, which is the same for every reader;
/// wrong for any route whose body depends on who asks, and nothing in the library warns about it.
/// </remarks>
public sealed class AuthenticatedOutputCachePolicy(TimeSpan lifetime) : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cacheable = HttpMethods.IsGet(context.HttpContext.Request.Method);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = lifetime;
        context.CacheVaryByRules.VaryByHost = false;
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    /// <summary>Storage must be allowed here again, for the response as it turned out: only a 200 is kept.</summary>
    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AllowCacheStorage = context.HttpContext.Response.StatusCode == StatusCodes.Status200OK;
        return ValueTask.CompletedTask;
    }
}
