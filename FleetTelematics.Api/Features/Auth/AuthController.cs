using System.Globalization;
using FleetTelematics.Api.Errors;
using FleetTelematics.Api.OpenApi;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>OAuth2 password grant: exchanges a username and password for a bearer token.</summary>
[ApiController]
[Route("api/v1/auth")]
public sealed class AuthController(UserAccounts accounts, TokenIssuer issuer, LoginThrottle throttle) : ControllerBase
{
    /// <summary>Log in with the OAuth2 password form (what Swagger UI's Authorize dialog sends).</summary>
    /// <response code="200">A bearer token for the user's role.</response>
    /// <response code="401">The username or password is incorrect (the same answer whether the user exists or not).</response>
    /// <response code="429">Too many failed logins for this username or client address; wait Retry-After seconds.</response>
    [HttpPost("token")]
    [EndpointName("login")]
    [Consumes("application/x-www-form-urlencoded", "multipart/form-data")]
    [RequestBodySchema(typeof(TokenRequest), "application/json")]
    [ProducesResponseType<TokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    [ResponseHeader(StatusCodes.Status200OK, "Cache-Control", "no-store: a token is never kept by a cache.")]
    [ResponseHeader(StatusCodes.Status401Unauthorized, "WWW-Authenticate", "`Bearer`.")]
    [ResponseHeader(StatusCodes.Status429TooManyRequests, "Retry-After", "Seconds to wait before the next attempt.", IsInteger = true)]
    public Task<IActionResult> TokenFromForm([FromForm] PasswordGrantForm form, CancellationToken cancellationToken) =>
        IssueAsync(form.Username, form.Password, cancellationToken);

    /// <summary>Log in with a JSON body <c>{"username", "password"}</c>; documented on the form action's operation.</summary>
    [HttpPost("token")]
    [ApiExplorerSettings(IgnoreApi = true)]
    [Consumes("application/json")]
    [ProducesResponseType<TokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ApiProblem>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public Task<IActionResult> TokenFromJson([FromBody] TokenRequest request, CancellationToken cancellationToken) =>
        IssueAsync(request.Username, request.Password, cancellationToken);

    /// <summary>The user and role of the bearer token, as the API sees them now (for the app's header and Swagger UI).</summary>
    /// <response code="200">The token's user and role.</response>
    [HttpGet("me")]
    [EndpointName("getCurrentUser")]
    [Authorize]
    [ProducesResponseType<CurrentUserResponse>(StatusCodes.Status200OK)]
    public CurrentUserResponse Me() =>
        // The bearer handler has checked that the user still exists with exactly this one role.
        new(User.Identity!.Name!, User.FindFirst(Policies.RoleClaim)!.Value);

    private async Task<IActionResult> IssueAsync(string username, string password, CancellationToken cancellationToken)
    {
        // Behind a proxy this is the client's address when forwarded headers are switched on (see TransportSecurityRegistration).
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var attempt = await throttle.AttemptAsync(username, address,
            token => accounts.AuthenticateAsync(username, password, token), cancellationToken);
        if (attempt.RetryAfter is { } wait)
        {
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return this.ProblemResponse(StatusCodes.Status429TooManyRequests,
                "Too many failed logins; wait before trying again.");
        }

        if (attempt.User is not { } user)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
            return this.ProblemResponse(StatusCodes.Status401Unauthorized, "The username or password is incorrect.");
        }

        Response.Headers.CacheControl = "no-store";
        return Ok(issuer.Issue(user));
    }
}
