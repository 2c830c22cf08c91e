using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// Access tokens crafted the way <c>TokenIssuer</c> makes them (issuer, audience, HS256 with the test key, sub and
/// role), so a test can change one thing and show that this one thing is what the API rejects.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "fleet-telematics";
    public const string Audience = "fleet-telematics-admin";

    public static SymmetricSecurityKey SigningKey { get; } = new(Encoding.UTF8.GetBytes(FleetApiFactory.SigningKey));

    public static SecurityTokenDescriptor Descriptor(string subject = "admin", string role = "admin")
    {
        var now = DateTime.UtcNow;
        return new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role)]),
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        };
    }

    public static string Create(SecurityTokenDescriptor descriptor) => new JsonWebTokenHandler().CreateToken(descriptor);

    public static string Create(Action<SecurityTokenDescriptor>? change = null)
    {
        var descriptor = Descriptor();
        change?.Invoke(descriptor);
        return Create(descriptor);
    }

    /// <summary>The <c>alg</c> of a token's header, to check that a crafted token really is what the test says.</summary>
    public static string Algorithm(string token) => new JsonWebToken(token).Alg;
}
