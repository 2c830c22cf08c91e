using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace FleetTelematics.Api.OpenApi;

/// <summary>Header objects of the document, built one way everywhere.</summary>
internal static class Headers
{
    public static OpenApiHeader Create(string description, JsonSchemaType type = JsonSchemaType.String, bool required = true,
        IEnumerable<string>? values = null) => new()
    {
        Description = description,
        Required = required,
        Schema = new OpenApiSchema
        {
            Type = type,
            Enum = values?.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
        },
    };
}
