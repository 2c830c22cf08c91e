using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.OpenApi;

internal sealed class RequestBodySchemaFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var body in context.MethodInfo.GetCustomAttributes<RequestBodySchemaAttribute>())
        {
            var schema = context.SchemaGenerator.GenerateSchema(body.SchemaType, context.SchemaRepository);
            var requestBody = operation.RequestBody as OpenApiRequestBody ?? new OpenApiRequestBody { Required = true };
            requestBody.Content ??= new Dictionary<string, IOpenApiMediaType>();
            foreach (var contentType in body.ContentTypes)
            {
                requestBody.Content[contentType] = new OpenApiMediaType { Schema = schema };
            }

            operation.RequestBody = requestBody;
        }
    }
}
