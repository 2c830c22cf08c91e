using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.OpenApi;

/// <summary>Writes the headers declared with <see cref="ResponseHeaderAttribute"/> into their responses.</summary>
internal sealed class ResponseHeadersOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var header in context.MethodInfo.GetCustomAttributes<ResponseHeaderAttribute>())
        {
            var status = header.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses?.GetValueOrDefault(status) is not OpenApiResponse response)
            {
                throw new InvalidOperationException(
                    $"{context.MethodInfo.Name} documents header {header.Name} on a {status} response it does not declare.");
            }

            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[header.Name] = Headers.Create(header.Description,
                header.IsInteger ? JsonSchemaType.Integer : JsonSchemaType.String, header.Required);
        }
    }
}
