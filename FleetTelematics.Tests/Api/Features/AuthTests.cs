using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using FleetTelematics.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FleetTelematics.Tests.Api.Features;

public sealed class AuthTests : ApiTestFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Auth:LoginThrottle:FailuresPerUsername"] = "3",
    };

    [Test]
    public async Task Token_PasswordForm_ReturnsBearerTokenWithRole()
    {
        using var response = await Anonymous.PostAsync("/api/v1/auth/token", Form("viewer", "fleet-viewer-dev", grantType: "password"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await JsonAsync(response);
        body.GetProperty("token_type").GetString().Should().Be("bearer");
        body.GetProperty("expires_in").GetInt32().Should().Be(3600);
        body.GetProperty("role").GetString().Should().Be("viewer");
        body.GetProperty("access_token").GetString().Should().NotBeNullOrEmpty();
    }

    [Test]
    public async Task Token_Json_ReturnsAdminToken()
    {
        using var response = await Anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = "fleet-admin-dev" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(response)).GetProperty("role").GetString().Should().Be("admin");
    }

    [Test]
    public async Task Token_WrongPasswordOrUnknownUser_SameUnauthorizedAnswer()
    {
        using var wrongPassword = await Anonymous.PostAsync("/api/v1/auth/token", Form("admin", "nope"));
        using var unknownUser = await Anonymous.PostAsync("/api/v1/auth/token", Form("nobody-here", "nope"));

        var first = await wrongPassword.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var second = await unknownUser.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        first.GetProperty("detail").GetString().Should().Be(second.GetProperty("detail").GetString());
    }

    [Test]
    public async Task Token_RepeatedFailuresForOneUsername_ThrottledWithRetryAfter()
    {
        for (var i = 0; i < 3; i++)
        {
            using var failed = await Anonymous.PostAsync("/api/v1/auth/token", Form("throttled-user", "wrong"));
            failed.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using var throttled = await Anonymous.PostAsync("/api/v1/auth/token", Form("throttled-user", "wrong"));

        await throttled.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter.Should().NotBeNull();
    }

    [TestCase("admin")]
    [TestCase("viewer")]
    public async Task Me_WithToken_NamesTheTokensUserAndRole(string user)
    {
        var client = user == "admin" ? Admin : Viewer;

        using var response = await client.GetAsync("/api/v1/auth/me");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await JsonAsync(response);
        body.GetProperty("username").GetString().Should().Be(user);
        body.GetProperty("role").GetString().Should().Be(user);
    }

    [Test]
    public async Task Me_WithoutToken_Unauthorized()
    {
        using var response = await Anonymous.GetAsync("/api/v1/auth/me");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Token_UnsupportedGrantType_BadRequest()
    {
        using var response = await Anonymous.PostAsync("/api/v1/auth/token", Form("admin", "fleet-admin-dev", grantType: "client_credentials"));

        await response.ShouldBeValidationProblemAsync("grant_type");
    }

    [Test]
    public async Task Token_MissingFields_BadRequestNamingThem()
    {
        using var response = await Anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin" });

        await response.ShouldBeValidationProblemAsync("password");
    }

    [Test]
    public async Task AdminRoute_NoToken_UnauthorizedWithChallenge()
    {
        using var response = await Anonymous.GetAsync("/api/v1/admin/dashboard/stats");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Should().Contain(h => h.Scheme == "Bearer");
    }

    [TestCase("not-a-jwt")]
    [TestCase("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl")]
    public async Task AdminRoute_MalformedToken_Unauthorized(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/drivers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await Anonymous.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task AdminRoute_ExpiredToken_Unauthorized()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/drivers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1), "admin"));

        using var response = await Anonymous.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task AdminRoute_TokenWithRoleTheUserDoesNotHave_Unauthorized()
    {
        // Signed with the right key, but "admin" is not a guest: the token is checked against the user's current role.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/drivers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(DateTime.UtcNow, DateTime.UtcNow.AddHours(1), "guest"));

        using var response = await Anonymous.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Write_ValidTokenOfTheViewer_Forbidden()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/admin/drivers/DRV-0001");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(TestTokens.Descriptor("viewer", "viewer")));

        using var response = await Anonymous.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Write_AsViewer_Forbidden()
    {
        using var response = await Viewer.DeleteAsync("/api/v1/admin/drivers/DRV-0001");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await ScalarAsync<long>("SELECT count(*) FROM drivers WHERE id = 1 AND archived_at IS NULL")).Should().Be(1);
    }

    private static FormUrlEncodedContent Form(string username, string password, string? grantType = null)
    {
        var fields = new Dictionary<string, string> { ["username"] = username, ["password"] = password };
        if (grantType is not null)
        {
            fields["grant_type"] = grantType;
        }

        return new FormUrlEncodedContent(fields);
    }

    private static string Token(DateTime notBefore, DateTime expires, string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "fleet-telematics",
        Audience = "fleet-telematics-admin",
        IssuedAt = notBefore,
        NotBefore = notBefore,
        Expires = expires,
        Subject = new ClaimsIdentity([new Claim("sub", "admin"), new Claim("role", role)]),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(FleetApiFactory.SigningKey)), SecurityAlgorithms.HmacSha256),
    });
}
