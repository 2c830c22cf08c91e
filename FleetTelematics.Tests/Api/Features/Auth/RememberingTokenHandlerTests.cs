using System.Security.Claims;
using System.Text;
using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FleetTelematics.Tests.Api.Features.Auth;

[Category(TestKinds.Unit)]
public sealed class RememberingTokenHandlerTests
{
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("unit-test-signing-key-0123456789abcdef-0123456789"));
    private static readonly SymmetricSecurityKey OtherKey = new(Encoding.UTF8.GetBytes("another-signing-key-0123456789abcdef-0123456789ab"));
    private static readonly DateTime Start = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    private ManualClock _clock = null!;
    private RememberingTokenHandler _handler = null!;

    [SetUp]
    public void CreateHandler()
    {
        _clock = new ManualClock(Start);
        _handler = new RememberingTokenHandler(_clock);
    }

    [Test]
    public async Task ValidateTokenAsync_SameTokenAgain_AnsweredWithoutValidatingAgain()
    {
        var token = Token(expires: Start.AddHours(1));
        (await _handler.ValidateTokenAsync(token, Parameters(Key))).IsValid.Should().BeTrue();

        // Parameters that would refuse it now: a remembered token is not validated again.
        var again = await _handler.ValidateTokenAsync(token, Parameters(OtherKey));

        again.IsValid.Should().BeTrue();
        again.ClaimsIdentity.FindFirst("sub")!.Value.Should().Be("viewer");
    }

    [Test]
    public async Task ValidateTokenAsync_AnotherTokenText_ValidatedOnItsOwn()
    {
        var token = Token(expires: Start.AddHours(1));
        await _handler.ValidateTokenAsync(token, Parameters(Key));
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        (await _handler.ValidateTokenAsync(tampered, Parameters(Key))).IsValid.Should().BeFalse();
    }

    [Test]
    public async Task ValidateTokenAsync_InvalidToken_NotRemembered()
    {
        var token = Token(expires: Start.AddHours(1));

        (await _handler.ValidateTokenAsync(token, Parameters(OtherKey))).IsValid.Should().BeFalse();

        _handler.Count.Should().Be(0);
        (await _handler.ValidateTokenAsync(token, Parameters(OtherKey))).IsValid.Should().BeFalse();
    }

    [Test]
    public async Task ValidateTokenAsync_PastTheTokensExpiry_ValidatedAgainAndRefused()
    {
        var token = Token(expires: Start.AddMinutes(2));
        await _handler.ValidateTokenAsync(token, Parameters(Key));

        _clock.Now = Start.AddMinutes(3);

        (await _handler.ValidateTokenAsync(token, Parameters(OtherKey))).IsValid.Should().BeFalse();
    }

    [Test]
    public async Task ValidateTokenAsync_PastFiveMinutes_ValidatedAgain()
    {
        var token = Token(expires: Start.AddHours(1));
        await _handler.ValidateTokenAsync(token, Parameters(Key));

        _clock.Now = Start + RememberingTokenHandler.LongestKept + TimeSpan.FromSeconds(1);

        (await _handler.ValidateTokenAsync(token, Parameters(OtherKey))).IsValid.Should().BeFalse();
    }

    [Test]
    public async Task ValidateTokenAsync_RememberedToken_EachCallerGetsItsOwnIdentity()
    {
        var token = Token(expires: Start.AddHours(1));
        await _handler.ValidateTokenAsync(token, Parameters(Key));

        var first = await _handler.ValidateTokenAsync(token, Parameters(Key));
        first.ClaimsIdentity.AddClaim(new Claim("injected", "yes"));
        var second = await _handler.ValidateTokenAsync(token, Parameters(Key));

        second.ClaimsIdentity.Should().NotBeSameAs(first.ClaimsIdentity);
        second.ClaimsIdentity.FindFirst("injected").Should().BeNull();
    }

    private TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = "fleet",
        ValidAudience = "admin",
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.Zero,
        LifetimeValidator = (notBefore, expires, _, _) => notBefore <= _clock.Now && _clock.Now < expires,
    };

    private static string Token(DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "fleet",
        Audience = "admin",
        IssuedAt = Start,
        NotBefore = Start,
        Expires = expires,
        Subject = new ClaimsIdentity([new Claim("sub", "viewer"), new Claim("role", "viewer")]),
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
    });

    private sealed class ManualClock(DateTime now) : TimeProvider
    {
        public DateTime Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
