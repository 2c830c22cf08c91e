using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Domain.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FleetTelematics.Api.OpenApi;

/// <summary>
/// States each operation's security explicitly — the bearer token, or <c>security: []</c> for the anonymous login — and
/// documents the 401 of the protected ones, and their 403 where some role is refused: read from the policies themselves,
/// so a new role that may not read makes the reads document 403 without anyone remembering to.
/// </summary>
internal sealed class AuthorizationOperationFilter(IOptions<AuthorizationOptions> authorization) : IOperationFilter
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
        if (RefusesSomeRole(metadata.OfType<IAuthorizeData>()))
        {
            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token's role may not do this (viewers cannot write, gateways may only ingest)." });
        }
    }

    private bool RefusesSomeRole(IEnumerable<IAuthorizeData> requirements)
    {
        var allowed = Enum.GetValues<UserRole>().Select(Policies.RoleName).ToHashSet(StringComparer.Ordinal);
        foreach (var data in requirements)
        {
            var policy = data.Policy is { } name ? authorization.Value.GetPolicy(name) : null;
            var roles = policy?.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles)
                ?? data.Roles?.Split(',', StringSplitOptions.TrimEntries);
            if (roles is not null)
            {
                allowed.IntersectWith(roles);
            }
        }

        return allowed.Count < Enum.GetValues<UserRole>().Length;
    }
}
