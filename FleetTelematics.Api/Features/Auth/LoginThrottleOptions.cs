using System.ComponentModel.DataAnnotations;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>How many failed logins are allowed per window, bound from <c>Auth:LoginThrottle</c>.</summary>
public sealed class LoginThrottleOptions
{
    public const string SectionName = "Auth:LoginThrottle";

    [Range(1, 10_000)]
    public int FailuresPerUsername { get; set; } = 5;

    [Range(1, 100_000)]
    public int FailuresPerAddress { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
}
