using FleetTelematics.Api.OpenApi;
using FleetTelematics.Domain.Users;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>An OAuth2 token response.</summary>
/// <param name="AccessToken">The JWT to send as <c>Authorization: Bearer ...</c>.</param>
/// <param name="TokenType">Always <c>bearer</c>.</param>
/// <param name="ExpiresIn">Seconds until the token expires.</param>
/// <param name="Role"><c>admin</c> or <c>viewer</c>.</param>
public sealed record TokenResponse(
    string AccessToken,
    [property: WireValues("bearer")] string TokenType,
    int ExpiresIn,
    [property: WireValues(typeof(UserRole))] string Role);
