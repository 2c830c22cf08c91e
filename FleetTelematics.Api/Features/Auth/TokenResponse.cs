namespace FleetTelematics.Api.Features.Auth;

/// <summary>An OAuth2 token response.</summary>
/// <param name="AccessToken">The JWT to send as <c>Authorization: Bearer ...</c>.</param>
/// <param name="TokenType">Always <c>bearer</c>.</param>
/// <param name="ExpiresIn">Seconds until the token expires.</param>
/// <param name="Role"><c>admin</c> or <c>viewer</c>.</param>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string Role);
