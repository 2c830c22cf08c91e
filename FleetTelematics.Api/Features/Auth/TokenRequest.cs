using System.ComponentModel.DataAnnotations;
using FleetTelematics.Api.Validation;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>Credentials for the password grant, as JSON.</summary>
public sealed record TokenRequest
{
    /// <example>admin</example>
    [Required, StringLength(64, MinimumLength = 1), CleanText]
    public string Username { get; init; } = "";

    /// <example>fleet-admin-dev</example>
    [Required, StringLength(256, MinimumLength = 1)]
    public string Password { get; init; } = "";
}
