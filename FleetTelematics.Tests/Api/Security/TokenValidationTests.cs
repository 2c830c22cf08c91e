using System.Net;
using System.Net.Http.Headers;
using FleetTelematics.Tests.Support;
using Microsoft.IdentityModel.Tokens;

namespace FleetTelematics.Tests.Api.Security;

/// <summary>
/// Only tokens this API could have issued are accepted: HS256 with its key, its issuer and audience, unexpired.
/// Each rejected token differs from the accepted one in exactly one respect.
/// </summary>
public sealed class TokenValidationTests : ApiTestFixture
{
    private const string ProtectedRoute = "/api/v1/admin/drivers?limit=1";

    [Test]
    public async Task Token_CraftedLikeTheIssuer_Accepted()
    {
        using var response = await GetWithTokenAsync(TestTokens.Create());

        response.StatusCode.Should().Be(HttpStatusCode.OK, "the crafted tokens below differ from this one in one respect only");
    }

    [Test]
    public async Task Token_Expired_UnauthorizedWithBearerChallenge()
    {
        var token = TestTokens.Create(d =>
        {
            d.IssuedAt = d.NotBefore = DateTime.UtcNow.AddHours(-2);
            d.Expires = DateTime.UtcNow.AddHours(-1);
        });

        await ShouldBeRejectedAsync(token);
    }

    [Test]
    public async Task Token_WrongIssuer_Unauthorized() =>
        await ShouldBeRejectedAsync(TestTokens.Create(d => d.Issuer = "someone-else"));

    [Test]
    public async Task Token_WrongAudience_Unauthorized() =>
        await ShouldBeRejectedAsync(TestTokens.Create(d => d.Audience = "another-api"));

    [Test]
    public async Task Token_Unsigned_Unauthorized()
    {
        var token = TestTokens.Create(d => d.SigningCredentials = null);

        TestTokens.Algorithm(token).Should().Be("none");
        await ShouldBeRejectedAsync(token);
    }

    [TestCase(SecurityAlgorithms.HmacSha384, "HS384")]
    [TestCase(SecurityAlgorithms.HmacSha512, "HS512")]
    public async Task Token_SignedWithRightKeyButOtherHmac_Unauthorized(string algorithm, string header)
    {
        var token = TestTokens.Create(d => d.SigningCredentials = new SigningCredentials(TestTokens.SigningKey, algorithm));

        TestTokens.Algorithm(token).Should().Be(header);
        await ShouldBeRejectedAsync(token);
    }

    [Test]
    public async Task Token_SignedWithAnotherKey_Unauthorized()
    {
        var otherKey = new SymmetricSecurityKey("a-different-key-of-the-same-length-0123456789abcdef-0123456789ab"u8.ToArray());

        await ShouldBeRejectedAsync(TestTokens.Create(d =>
            d.SigningCredentials = new SigningCredentials(otherKey, SecurityAlgorithms.HmacSha256)));
    }

    [Test]
    public async Task Token_WithTwoRoles_Unauthorized()
    {
        var descriptor = TestTokens.Descriptor();
        descriptor.Subject.AddClaim(new System.Security.Claims.Claim("role", "viewer"));

        await ShouldBeRejectedAsync(TestTokens.Create(descriptor));
    }

    private async Task<HttpResponseMessage> GetWithTokenAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ProtectedRoute);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Anonymous.SendAsync(request);
    }

    private async Task ShouldBeRejectedAsync(string token)
    {
        using var response = await GetWithTokenAsync(token);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().Contain(h => h.Scheme == "Bearer");
    }
}
