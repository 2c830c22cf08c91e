using FleetTelematics.Infrastructure.Caching;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// Acts on <see cref="InvalidatesCacheAttribute"/>: after a write answers 2xx, and before the response is sent,
/// gives every generation it declared a new token. The next read of those routes is a miss that sees the write.
/// A write that failed with an exception is invalidated too: it may have committed before the failure (the database
/// went away between the commit and the answer), and an extra miss costs far less than a stale hit.
/// </summary>
public sealed class InvalidatesCacheFilter(
    CachePolicyRegistry registry,
    CacheKeyLayout layout,
    ICacheStore store,
    ResponseCacheMetrics metrics) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var targets = registry.InvalidationsFor(context.ActionDescriptor.Id);
        var executed = await next();
        if (targets.Count == 0 || !MayHaveChangedState(executed, context.HttpContext))
        {
            return;
        }

        var routeValues = context.HttpContext.Request.RouteValues;
        var generations = targets.SelectMany(t => t.ScopeFor(routeValues) is { } scope
            ? [layout.ScopeGeneration(t.Prefix, scope)]
            : layout.PrefixGenerations(t.Prefix)).Distinct().ToArray();
        try
        {
            // Not the request's token: the write has committed, so the invalidation must happen even if the client left.
            await store.InvalidateAsync(generations, CancellationToken.None);
        }
        catch (CacheStoreUnavailableException)
        {
            // The store keeps it as pending and replays it before it serves anything again.
        }

        foreach (var prefix in targets.Select(t => t.Prefix).Distinct())
        {
            metrics.Invalidated(prefix);
        }
    }

    /// <summary>A 2xx answer or an unhandled exception; a 4xx or 5xx result was decided before anything was written.</summary>
    private static bool MayHaveChangedState(ActionExecutedContext executed, HttpContext http)
    {
        if (executed.Exception is not null && !executed.ExceptionHandled)
        {
            return true;
        }

        var status = executed.Result is IStatusCodeActionResult { StatusCode: { } code } ? code : http.Response.StatusCode;
        return status is >= 200 and <= 299;
    }
}
