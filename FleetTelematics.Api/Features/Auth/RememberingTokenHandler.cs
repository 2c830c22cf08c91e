using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>
/// Validates a bearer token once, then remembers that exact token until it expires (at most five minutes), so a
/// dashboard polling with one token pays a dictionary lookup instead of decoding, signature checking and claim
/// parsing on every request. Only valid tokens are remembered, keyed by the whole token text; every request still
/// goes through <see cref="CurrentUserBearerEvents"/>, so a deleted user or a changed role is refused as before.
/// </summary>
/// <remarks>
/// The validation parameters are fixed at start-up (one issuer, audience and key), which is what makes a remembered
/// answer the same answer. Each request gets its own copy of the identity, so nothing it does can leak into another.
/// </remarks>
public sealed class RememberingTokenHandler(TimeProvider clock) : JsonWebTokenHandler
{
    /// <summary>Enough for every user of a fleet's admin app many times over; when full, it starts again empty.</summary>
    public const int Capacity = 10_000;

    public static readonly TimeSpan LongestKept = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Remembered> _valid = new(StringComparer.Ordinal);

    public int Count => _valid.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (token is not null && _valid.TryGetValue(token, out var remembered) && now < remembered.Until)
        {
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = remembered.Result.ClaimsIdentity.Clone(),
                SecurityToken = remembered.Result.SecurityToken,
                Issuer = remembered.Result.Issuer,
                TokenType = remembered.Result.TokenType,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (token is not null && result is { IsValid: true, SecurityToken: JsonWebToken { ValidTo: var expires } } &&
            expires > now)
        {
            if (_valid.Count >= Capacity)
            {
                _valid.Clear();
            }

            var until = expires < now + LongestKept ? expires : now + LongestKept;
            _valid[token] = new Remembered(result, until);
        }

        return result;
    }

    private sealed record Remembered(TokenValidationResult Result, DateTime Until);
}
