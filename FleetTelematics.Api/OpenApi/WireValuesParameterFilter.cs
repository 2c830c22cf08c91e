using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.OpenApi;

/// <summary>Gives query parameters marked with <see cref="WireValuesAttribute"/> their <c>enum</c>.</summary>
internal sealed class WireValuesParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        var values = context.PropertyInfo?.GetCustomAttribute<WireValuesAttribute>()
            ?? context.ParameterInfo?.GetCustomAttribute<WireValuesAttribute>();
        if (values is not null && parameter.Schema is OpenApiSchema schema)
        {
            schema.Enum = [.. values.Values.Select(v => (JsonNode)JsonValue.Create(v))];
        }
    }
}
