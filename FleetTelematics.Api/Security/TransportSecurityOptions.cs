using System.ComponentModel.DataAnnotations;

namespace FleetTelematics.Api.Security;

/// <summary>
/// HTTPS redirection and HSTS, bound from <c>Security</c>. Both are off by default: the API speaks plain HTTP on
/// its port, and a deployment behind TLS switches them on.
/// </summary>
public sealed class TransportSecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Answers plain-HTTP requests with a 307 redirect to HTTPS.</summary>
    public bool HttpsRedirection { get; set; }

    /// <summary>The port HTTPS clients use (the proxy's, behind one); 443 is left out of redirect URLs.</summary>
    [Range(1, 65535, ErrorMessage = "Security__HttpsPort must be a TCP port (1-65535).")]
    public int HttpsPort { get; set; } = 443;

    /// <summary>Sends <c>Strict-Transport-Security</c> on HTTPS responses (never for localhost).</summary>
    public bool Hsts { get; set; }

    [Range(typeof(TimeSpan), "00:05:00", "730.00:00:00",
        ErrorMessage = "Security__HstsMaxAge must be between 00:05:00 and 730.00:00:00.")]
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    public bool HstsIncludeSubDomains { get; set; }
}
