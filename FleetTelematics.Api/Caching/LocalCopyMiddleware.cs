using FleetTelematics.Api.Validation;
using FleetTelematics.Infrastructure.Caching.Near;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.Extensions.Options;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// The hit path at its shortest: after authentication and authorization, before MVC, a GET of a cached route whose
/// entry this instance holds a current local copy of (<see cref="NearCache"/>) is answered here — no Redis round
/// trip, no controller, no filters. Everything else goes on to MVC, where <see cref="CachedResponseFilter"/> does the
/// full work and reuses the key built here.
/// </summary>
public sealed class LocalCopyMiddleware(
    RequestDelegate next,
    CachePolicyRegistry registry,
    CacheKeyBuilder keys,
    NearCache near,
    ResponseCacheMetrics metrics,
    IOptions<ResponseCachingOptions> options,
    TimeProvider clock)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!near.IsServing || !HttpMethods.IsGet(context.Request.Method) || !options.Value.Enabled ||
            context.GetEndpoint()?.Metadata.GetMetadata<ActionDescriptor>() is not { } action ||
            registry.PolicyFor(action.Id) is not { } policy ||
            // A value the text rules refuse gets its 400 from MVC; a malformed route value its 400 or 404.
            !QueryAndRouteTextFilter.Admits(context.Request) ||
            keys.Build(context, action, policy) is not { } request)
        {
            return next(context);
        }

        context.Features.Set(request);
        if (near.TryGet(request.EntryKey, out var copy) && copy is CacheEntry entry &&
            clock.GetUtcNow() - entry.CreatedAt < policy.TimeToLive)
        {
            metrics.LocalHit(policy.Prefix);
            return CachedEntryResult.WriteAsync(context, entry, CachedEntryResult.Hit, clock);
        }

        return next(context);
    }
}
