using System.Globalization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// Lists every status an operation can answer, each with the body it really has. Runs after the other operation
/// filters, so what they add is held to the same rules:
/// <list type="bullet">
/// <item>2xx bodies are <c>application/json</c> only (ApiExplorer also offers text/plain and text/json, which no
/// client of this API asks for).</item>
/// <item>Every 4xx and 5xx is <c>application/problem+json</c>: <see cref="ApiValidationProblem"/> for 400,
/// <see cref="ApiProblem"/> otherwise. A 400 of an operation with a body may also be a plain problem: a body that is
/// not even well-formed HTTP (a broken chunked encoding) fails before any field can be named.</item>
/// <item>Every operation can answer 400: query and route text is judged before any action runs
/// (QueryAndRouteTextFilter). Operations with a body can also answer 413 (over the size limit) and 415.</item>
/// </list>
/// </summary>
internal sealed class ResponseContentOperationFilter : IOperationFilter
{
    private const string Json = "application/json";
    private const string ProblemJson = "application/problem+json";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("400", new OpenApiResponse
        {
            Description = "A query or route value is not valid (control characters, too long, out of range); `errors` names each.",
        });
        if (operation.RequestBody is not null)
        {
            operation.Responses.TryAdd("413", new OpenApiResponse { Description = "The body is larger than 64 kB." });
            operation.Responses.TryAdd("415", new OpenApiResponse { Description = "The body's Content-Type is not one this operation reads." });
        }

        var problem = context.SchemaGenerator.GenerateSchema(typeof(ApiProblem), context.SchemaRepository);
        var validationProblem = context.SchemaGenerator.GenerateSchema(typeof(ApiValidationProblem), context.SchemaRepository);
        var badRequest = operation.RequestBody is null
            ? validationProblem
            : new OpenApiSchema { OneOf = [validationProblem, problem] };
        foreach (var (code, value) in operation.Responses.ToList())
        {
            if (value is not OpenApiResponse response || !int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                continue;
            }

            if (status >= 400)
            {
                response.Content = new Dictionary<string, IOpenApiMediaType>
                {
                    [ProblemJson] = new OpenApiMediaType { Schema = status == 400 ? badRequest : problem },
                };
            }
            else if (response.Content is not null && response.Content.TryGetValue(Json, out var json))
            {
                response.Content = new Dictionary<string, IOpenApiMediaType> { [Json] = json };
            }
        }

        // Status order, so the document reads the same whichever filter added a response.
        var sorted = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (code, response) in sorted)
        {
            operation.Responses[code] = response;
        }
    }
}
