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
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<CachedResponseAttribute>().FirstOrDefault() is { } cached)
        {
            var scope = cached.Scope == CacheScope.Shared ? "" : $", one entry per {cached.Scope.ToString().ToLowerInvariant()}";
            Append(operation, $"Cached for {cached.TtlSeconds} s under `{cached.Prefix}`{scope} (configurable: `Caching__Ttl__{cached.Prefix}`). " +
                "Send `If-None-Match` with the ETag to get 304.");
            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["X-Cache"] = Header("HIT (served from the cache), MISS (computed now), BYPASS (caching off or the store " +
                    "unreachable) or STALE (the database is down: an entry past its TTL, within Caching__StaleIfError, never one a write invalidated).");
                response.Headers["ETag"] = Header("Strong ETag of the body.");
                response.Headers["Cache-Control"] = Header("private, no-cache: browsers keep the body but revalidate every time.");
                response.Headers["Age"] = Header("Seconds since the cached response was computed (HIT and STALE only).");
            }

            operation.Responses?.TryAdd("304", new OpenApiResponse { Description = "Not modified: the If-None-Match ETag is current." });
        }

        if (metadata.OfType<InvalidatesCacheAttribute>().FirstOrDefault() is { } invalidates)
        {
            Append(operation, $"On success, invalidates the cached responses of: {string.Join(", ", invalidates.Patterns.Select(p => $"`{p}`"))}.");
        }
    }

    private static void Append(OpenApiOperation operation, string text) =>
        operation.Description = string.IsNullOrEmpty(operation.Description) ? text : $"{operation.Description}\n\n{text}";

    private static OpenApiHeader Header(string description) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
