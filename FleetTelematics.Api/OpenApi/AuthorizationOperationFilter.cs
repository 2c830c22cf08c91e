using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// States each operation's security explicitly — the bearer token, or <c>security: []</c> for the anonymous login — and
/// documents the 401/403 problem responses of the protected ones.
/// </summary>
internal sealed class AuthorizationOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            // Explicitly none, not "whatever the document's default is": a client must not send a token it does not have yet.
            operation.Security = [];
            return;
        }

        operation.Security =
        [
            new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(SwaggerSetup.SchemeName, context.Document)] = [],
            },
        ];

        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse
        {
            Description = "Missing, malformed or expired bearer token, or one of a user who no longer exists.",
            Headers = new Dictionary<string, IOpenApiHeader> { ["WWW-Authenticate"] = Headers.Create("`Bearer`, with the error when a token was sent.") },
        });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token's role may not do this (viewers cannot write)." });
    }
}
