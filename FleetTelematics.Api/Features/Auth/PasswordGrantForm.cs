using System.ComponentModel.DataAnnotations;
using FleetTelematics.Api.Validation;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>Credentials for the password grant, as the OAuth2 form Swagger UI's Authorize dialog posts.</summary>
public sealed record PasswordGrantForm
{
    /// <summary>Optional; when given it must be <c>password</c>.</summary>
    [FromForm(Name = "grant_type"), RegularExpression("^password$", ErrorMessage = "Only the password grant is supported.")]
    public string? GrantType { get; init; }

    [FromForm(Name = "username"), Required, StringLength(64, MinimumLength = 1), CleanText]
    public string Username { get; init; } = "";

    [FromForm(Name = "password"), Required, StringLength(256, MinimumLength = 1)]
    public string Password { get; init; } = "";

    [FromForm(Name = "scope")]
    public string? Scope { get; init; }

    [FromForm(Name = "client_id")]
    public string? ClientId { get; init; }

    [FromForm(Name = "client_secret")]
    public string? ClientSecret { get; init; }
}
