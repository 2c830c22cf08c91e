using FleetTelematics.Api.Caching;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// Writes the caching behaviour into the document, read from the same attributes the filters act on: TTL and
/// prefix, the caching headers and 304 on cached GETs, and what each write invalidates.
/// </summary>
internal sealed class CachingOperationFilter : IOperationFilter
{
    /// <summary>The values of <c>X-Cache</c>.</summary>
    public static readonly string[] CacheStates =
        [CachedEntryResult.Hit, CachedEntryResult.Miss, CachedEntryResult.Bypass, CachedEntryResult.Stale];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<CachedResponseAttribute>().FirstOrDefault() is { } cached)
        {
            var scope = cached.Scope == CacheScope.Shared ? "" : $", one entry per {cached.Scope.ToString().ToLowerInvariant()}";
            Append(operation, $"Cached for {cached.TtlSeconds} s under `{cached.Prefix}`{scope} (configurable: `Caching__Ttl__{cached.Prefix}`). " +
                "Send `If-None-Match` with the ETag to get 304.");
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("304", new OpenApiResponse { Description = "Not modified: the If-None-Match ETag is current." });
            // A 304 carries the same caching headers as the 200 it stands for, so a client can tell a HIT from a MISS either way.
            foreach (var status in new[] { "200", "304" })
            {
                if (operation.Responses.GetValueOrDefault(status) is OpenApiResponse response)
                {
                    response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    AddCachingHeaders(response.Headers);
                }
            }
        }

        if (metadata.OfType<InvalidatesCacheAttribute>().FirstOrDefault() is { } invalidates)
        {
            Append(operation, $"On success, invalidates the cached responses of: {string.Join(", ", invalidates.Patterns.Select(p => $"`{p}`"))}.");
        }
    }

    private static void AddCachingHeaders(IDictionary<string, IOpenApiHeader> headers)
    {
        headers["X-Cache"] = Headers.Create("HIT (served from the cache), MISS (computed now), BYPASS (caching off or the store " +
            "unreachable) or STALE (the database is down: an entry past its TTL, within Caching__StaleIfError, never one a write invalidated).",
            values: CacheStates);
        headers["ETag"] = Headers.Create("Strong ETag of the body.");
        headers["Cache-Control"] = Headers.Create("private, no-cache: browsers keep the body but revalidate every time.");
        headers["Age"] = Headers.Create("Seconds since the cached response was computed (HIT and STALE only).", JsonSchemaType.Integer, required: false);
    }

    private static void Append(OpenApiOperation operation, string text) =>
        operation.Description = string.IsNullOrEmpty(operation.Description) ? text : $"{operation.Description}\n\n{text}";
}
