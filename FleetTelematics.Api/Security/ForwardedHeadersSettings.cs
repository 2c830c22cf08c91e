using System.ComponentModel.DataAnnotations;
using System.Net;

namespace FleetTelematics.Api.Security;

/// <summary>
/// Which proxies may tell the API the client's address and scheme (<c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c>),
/// bound from <c>ForwardedHeaders</c>. Off by default: without a proxy in front, those headers are whatever a
/// client chose to send.
/// </summary>
public sealed class ForwardedHeadersSettings : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    public bool Enabled { get; set; }

    /// <summary>Addresses of trusted proxies (<c>10.0.0.5</c>, <c>::1</c>).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation (<c>10.0.0.0/8</c>).</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies deep to read <c>X-Forwarded-For</c>.</summary>
    [Range(1, 20, ErrorMessage = "ForwardedHeaders__ForwardLimit must be between 1 and 20.")]
    public int ForwardLimit { get; set; } = 1;

    public IEnumerable<IPAddress> ProxyAddresses() => KnownProxies.Select(IPAddress.Parse);

    public IEnumerable<System.Net.IPNetwork> ProxyNetworks() => KnownNetworks.Select(n => System.Net.IPNetwork.Parse(n));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < KnownProxies.Length; i++)
        {
            if (!IsAddress(KnownProxies[i]))
            {
                yield return new ValidationResult(
                    $"ForwardedHeaders__KnownProxies__{i} = '{KnownProxies[i]}' is not an IP address (e.g. 10.0.0.5 or ::1).",
                    [nameof(KnownProxies)]);
            }
        }

        for (var i = 0; i < KnownNetworks.Length; i++)
        {
            if (!IsNetwork(KnownNetworks[i]))
            {
                yield return new ValidationResult(
                    $"ForwardedHeaders__KnownNetworks__{i} = '{KnownNetworks[i]}' is not a network in CIDR notation " +
                    "(e.g. 10.0.0.0/8, with no bits set after the prefix).",
                    [nameof(KnownNetworks)]);
            }
        }

        if (Enabled && KnownProxies.Length == 0 && KnownNetworks.Length == 0)
        {
            yield return new ValidationResult(
                "ForwardedHeaders__Enabled=true needs ForwardedHeaders__KnownProxies or ForwardedHeaders__KnownNetworks: " +
                "without them any client could choose the address the login throttle sees.",
                [nameof(Enabled)]);
        }
    }

    // IPNetwork.TryParse takes "10.0.0.1/8" as 10.0.0.0/8; a host address with a prefix is a typo worth stopping for.
    private static bool IsNetwork(string text) =>
        System.Net.IPNetwork.TryParse(text, out var network)
        && text.IndexOf('/', StringComparison.Ordinal) is var slash and > 0
        && IsAddress(text[..slash])
        && IPAddress.Parse(text[..slash]).Equals(network.BaseAddress);

    // IPAddress.Parse also takes shorthands such as "10.1" (10.0.0.1); a proxy list with one is a typo, not intent.
    private static bool IsAddress(string text) =>
        IPAddress.TryParse(text, out _) && (text.Contains(':', StringComparison.Ordinal) || text.Count(c => c == '.') == 3);
}
