using System.Text.Json;
using FleetTelematics.Api.Http;
using FleetTelematics.Api.Json;
using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Infrastructure.Caching.Near;
using FleetTelematics.Infrastructure.Persistence;
using FleetTelematics.Infrastructure.Persistence.Standby;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// Serves <see cref="CachedResponseAttribute"/> actions from the cache. It runs as a resource filter — after
/// authentication and authorization, before model binding — so a hit costs one store round trip and a byte copy.
/// A miss runs the action once per key per process (concurrent misses wait for it and count as hits), and its
/// result is stored only if no invalidation happened while it was computed. When the database cannot compute it,
/// an entry of the current generations that only aged out stands in (stale if error).
/// </summary>
public sealed partial class CachedResponseFilter(
    CachePolicyRegistry registry,
    CacheKeyBuilder keys,
    ICacheStore store,
    SingleFlight<CacheEntry?> flights,
    NearCache near,
    ResponseCacheMetrics metrics,
    DatabaseOutages outages,
    IOptions<ResponseCachingOptions> options,
    TimeProvider clock,
    ILogger<CachedResponseFilter> logger) : IAsyncResourceFilter, IAsyncResultFilter
{
    private static readonly HashSet<string> UncachedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Set-Cookie", "Cache-Control", "ETag", "Age", CachedEntryResult.CacheStatusHeader, "Content-Type",
        "Content-Length", "Date", "Server", "Transfer-Encoding", "Vary",
    };

    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) || registry.PolicyFor(context.ActionDescriptor.Id) is not { } policy ||
            (http.Features.Get<CacheRequest>() ?? keys.Build(http, context.ActionDescriptor, policy)) is not { } request)
        {
            // Not cached at all — or a malformed route value, which the action refuses and the store never hears of.
            await next();
            return;
        }

        if (!options.Value.Enabled)
        {
            await BypassAsync(StartComputation(http, request, []), BypassReasons.Disabled, next);
            return;
        }

        // Read before the lookup: if an invalidation reaches this instance meanwhile, what the lookup found is not kept.
        var epoch = near.Epoch;
        CacheLookup lookup;
        try
        {
            lookup = await store.GetAsync(request.EntryKey, request.GenerationKeys, GenerationToken.New(), http.RequestAborted);
        }
        catch (CacheStoreUnavailableException)
        {
            await BypassAsync(StartComputation(http, request, []), BypassReasons.StoreUnavailable, next);
            return;
        }

        // Only an entry of the current generations counts at all: an invalidated one is never served, fresh or stale.
        var current = lookup.Entry is { } stored && CacheEntrySerializer.Deserialize(stored) is { } entry &&
                      entry.Tokens.SequenceEqual(lookup.Tokens) ? entry : null;
        if (current is not null && clock.GetUtcNow() - current.CreatedAt < policy.TimeToLive)
        {
            near.Offer(epoch, request.EntryKey, current, current.Body.Length, request.GenerationKeys, lookup.Tokens);
            Serve(context, current, policy.Prefix);
            return;
        }

        var state = StartComputation(http, request, lookup.Tokens);
        state.StaleFallback = current;
        state.Epoch = epoch;
        // Keyed by the tokens too: a request that arrives after a write never joins a computation begun before it.
        var (computed, led) = await flights.RunOnceAsync(string.Join('|', lookup.Tokens.Prepend(request.EntryKey)),
            () => ComputeAndStoreAsync(context, state, next), http.RequestAborted);
        if (led)
        {
            return; // this request ran the action: its pipeline has answered
        }

        if (computed is not null)
        {
            Serve(context, computed, policy.Prefix);
            return;
        }

        // What we waited for was not cacheable (an error, a 404): answer for ourselves.
        await ComputeAndStoreAsync(context, state, next);
    }

    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.HttpContext.Features.Get<CacheRequestState>() is { } state &&
            context.Result is ObjectResult { Value: not ProblemDetails and not null } result &&
            (result.StatusCode ?? StatusCodes.Status200OK) == StatusCodes.Status200OK)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(result.Value, result.Value.GetType(), ApiJson.Options);
            var entry = new CacheEntry(body, RepresentationResult.JsonContentType, EntityTag.FromBody(body), clock.GetUtcNow(),
                HeadersAddedByAction(context.HttpContext, state), state.Tokens);
            state.Entry = entry;
            context.Result = new CachedEntryResult(entry, state.Status, clock);
        }

        await next();
    }

    /// <summary>
    /// Only requests that run the action need state for the result stage; hits skip this. Their reads may use a standby
    /// (ADR-015): this runs after the lookup, so the standby's gate reads the primary's position after the tokens.
    /// </summary>
    private static CacheRequestState StartComputation(HttpContext http, CacheRequest request, IReadOnlyList<string> tokens)
    {
        // Absent only where a request has no services at all (the filter's unit tests): then nothing reads a database.
        http.RequestServices?.GetService<FleetReads>()?.AllowStandby();
        var state = new CacheRequestState(request, http.Response.Headers.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase))
        {
            Tokens = tokens,
        };
        http.Features.Set(state);
        return state;
    }

    private void Serve(ResourceExecutingContext context, CacheEntry entry, string prefix)
    {
        metrics.Hit(prefix);
        context.Result = new CachedEntryResult(entry, CachedEntryResult.Hit, clock);
    }

    private async Task BypassAsync(CacheRequestState state, string reason, ResourceExecutionDelegate next)
    {
        state.Status = CachedEntryResult.Bypass;
        metrics.Bypass(state.Request.Policy.Prefix, reason);
        await next();
    }

    /// <summary>Runs the action; stores its 200 under the tokens read before it ran. Returns the entry, if cacheable.</summary>
    private async Task<CacheEntry?> ComputeAndStoreAsync(ResourceExecutingContext context, CacheRequestState state,
        ResourceExecutionDelegate next)
    {
        var prefix = state.Request.Policy.Prefix;
        var executed = await next();
        if (executed is { Exception: { } failure, ExceptionHandled: false } && await TryServeStaleAsync(context, state, failure))
        {
            executed.ExceptionHandled = true;
            return null;
        }

        metrics.Miss(prefix);
        if (state.Entry is not { } entry)
        {
            return null;
        }

        if (entry.Body.Length > options.Value.MaxEntryBytes)
        {
            metrics.Bypass(prefix, BypassReasons.TooLarge);
            return entry;
        }

        await StoreAsync(state, entry);
        return entry;
    }

    private async Task StoreAsync(CacheRequestState state, CacheEntry entry)
    {
        var prefix = state.Request.Policy.Prefix;
        var bytes = CacheEntrySerializer.Serialize(entry);
        try
        {
            // Stamped with the tokens read before computing: if a write invalidated them meanwhile, nothing is stored.
            // Kept past its TTL by the stale window, so it can stand in while the database is down.
            if (await store.SetAsync(state.Request.EntryKey, bytes, state.Request.GenerationKeys, state.Tokens,
                    state.Request.Policy.TimeToLive + options.Value.StaleIfError, CancellationToken.None))
            {
                metrics.Stored(prefix, bytes.Length);
                near.Offer(state.Epoch, state.Request.EntryKey, entry, entry.Body.Length, state.Request.GenerationKeys, state.Tokens);
            }
            else
            {
                LogStaleWriteSkipped(logger, prefix);
            }
        }
        catch (CacheStoreUnavailableException)
        {
            // Already counted and logged by the store; the response was served.
        }
    }

    /// <summary>
    /// Stale if error: the database could not compute the response, and the entry of the current generations only aged
    /// out (within the stale window), so it is served as it was, with its true Age.
    /// </summary>
    private async Task<bool> TryServeStaleAsync(ResourceExecutingContext context, CacheRequestState state, Exception failure)
    {
        if (state.StaleFallback is not { } stale || context.HttpContext.Response.HasStarted ||
            clock.GetUtcNow() - stale.CreatedAt >= state.Request.Policy.TimeToLive + options.Value.StaleIfError ||
            !outages.TryRecord(failure))
        {
            return false;
        }

        metrics.StaleServed(state.Request.Policy.Prefix);
        await new CachedEntryResult(stale, CachedEntryResult.Stale, clock).ExecuteResultAsync(context);
        return true;
    }

    private static List<KeyValuePair<string, string>> HeadersAddedByAction(HttpContext context, CacheRequestState state) =>
        context.Response.Headers
            .Where(h => !state.HeadersBeforeAction.Contains(h.Key) && !UncachedHeaders.Contains(h.Key))
            .Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()))
            .ToList();
}
