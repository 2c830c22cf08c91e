using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>
/// Rejects a correctly signed, unexpired token whose user no longer exists or no longer has the token's role,
/// as known to <see cref="UserDirectory"/>. The client gets the usual 401 with <c>WWW-Authenticate: Bearer</c>.
/// </summary>
internal sealed class CurrentUserBearerEvents(UserDirectory directory) : JwtBearerEvents
{
    public const string FailureMessage = "The token's user no longer exists or no longer has the token's role.";

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var principal = context.Principal;
        var subject = principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        var role = principal is null ? null : SingleRole(principal);
        if (subject is null || role is null)
        {
            context.Fail(FailureMessage);
            return;
        }

        var current = await directory.FindRoleAsync(subject, context.HttpContext.RequestAborted);
        if (!string.Equals(current, role, StringComparison.Ordinal))
        {
            context.Fail(FailureMessage);
        }
    }

    // Tokens this API issues carry exactly one role; a token with several would be authorized by any of them.
    private static string? SingleRole(ClaimsPrincipal principal)
    {
        string? role = null;
        foreach (var claim in principal.FindAll(Policies.RoleClaim))
        {
            if (role is not null)
            {
                return null;
            }

            role = claim.Value;
        }

        return role;
    }
}
