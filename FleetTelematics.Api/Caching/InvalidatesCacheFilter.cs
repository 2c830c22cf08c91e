using FleetTelematics.Infrastructure.Caching;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// Acts on <see cref="InvalidatesCacheAttribute"/>: after a write answers 2xx, and before the response is sent,
/// gives every generation it declared a new token. The next read of those routes is a miss that sees the write.
/// </summary>
public sealed class InvalidatesCacheFilter(
    CachePolicyRegistry registry,
    CacheKeyLayout layout,
    ICacheStore store,
    CacheMetrics metrics) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var targets = registry.InvalidationsFor(context.ActionDescriptor.Id);
        var executed = await next();
        if (targets.Count == 0 || (executed.Exception is not null && !executed.ExceptionHandled))
        {
            return;
        }

        var status = executed.Result is IStatusCodeActionResult { StatusCode: { } code } ? code : context.HttpContext.Response.StatusCode;
        if (status is < 200 or > 299)
        {
            return;
        }

        var routeValues = context.HttpContext.Request.RouteValues;
        var generations = targets.Select(t => layout.Generation(t.Prefix, t.ScopeFor(routeValues))).Distinct().ToArray();
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
}
