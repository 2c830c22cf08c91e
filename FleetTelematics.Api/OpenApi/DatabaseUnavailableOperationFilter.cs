using FleetTelematics.Api.Caching;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// Documents the 503 every API operation answers when PostgreSQL cannot (login included), with its Retry-After, and
/// the stale answer a cached read may give instead. Its problem body is set by <see cref="ResponseContentOperationFilter"/>.
/// </summary>
internal sealed class DatabaseUnavailableOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true)
        {
            return;
        }

        var cached = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<CachedResponseAttribute>().Any();
        var description = cached
            ? "The database is not answering and no cached answer may stand in (none, too old, or invalidated by a write)."
            : "The database is not answering; nothing was changed. Retry after Retry-After seconds.";
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("503", new OpenApiResponse
        {
            Description = description,
            Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = Headers.Create("Seconds to wait before retrying.", JsonSchemaType.Integer),
            },
        });
    }
}
