using System.Security.Claims;
using System.Text;
using FleetTelematics.Domain.Users;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>Issues and describes the HMAC-signed access tokens.</summary>
public sealed class TokenIssuer(IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public static SymmetricSecurityKey KeyFrom(JwtOptions jwt) => new(Encoding.UTF8.GetBytes(jwt.SigningKey));

    /// <summary>What a token must be to be accepted: this issuer, audience and key, HS256 only, 30 s of clock skew.</summary>
    public static TokenValidationParameters ValidationParameters(JwtOptions jwt) => new()
    {
        ValidIssuer = jwt.Issuer,
        ValidAudience = jwt.Audience,
        IssuerSigningKey = KeyFrom(jwt),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = Policies.RoleClaim,
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    public TokenResponse Issue(User user)
    {
        var jwt = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var lifetime = TimeSpan.FromMinutes(jwt.LifetimeMinutes);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Username),
                new Claim(Policies.RoleClaim, Policies.RoleName(user.Role)),
            ]),
            SigningCredentials = new SigningCredentials(KeyFrom(jwt), SecurityAlgorithms.HmacSha256),
        });
        return new TokenResponse(token, "bearer", (int)lifetime.TotalSeconds, Policies.RoleName(user.Role));
    }
}
