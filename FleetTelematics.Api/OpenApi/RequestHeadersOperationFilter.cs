using System.Reflection;
using FleetTelematics.Api.Caching;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// Adds the optional request headers an operation honours: those declared with <see cref="RequestHeaderAttribute"/>,
/// and <c>If-None-Match</c> on every cached GET (the cache answers 304 for it on hits and misses alike).
/// </summary>
internal sealed class RequestHeadersOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var headers = context.MethodInfo.GetCustomAttributes<RequestHeaderAttribute>().ToList();
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<CachedResponseAttribute>().Any())
        {
            headers.Add(new RequestHeaderAttribute(RequestHeaderAttribute.IfNoneMatch, "The ETag of a body you hold: 304 without a body while it is current."));
        }

        foreach (var header in headers.DistinctBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Required = false,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }
}
