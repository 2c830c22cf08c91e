using System.ComponentModel.DataAnnotations;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>How quickly token validation learns about user changes, and the test-rig exemption; bound from <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// How often the user snapshot behind token validation is re-read. A deleted user's token, or a token issued
    /// before a role change, stops working at most this long (plus one query) after the change.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00",
        ErrorMessage = "Auth__UserRefreshInterval must be between 00:00:00.100 and 01:00:00.")]
    public TimeSpan UserRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For test rigs only: lets an environment other than Development start with the development signing key,
    /// the development users and their published passwords. Never set it in a deployment.
    /// </summary>
    public bool AllowDevelopmentCredentials { get; set; }
}
