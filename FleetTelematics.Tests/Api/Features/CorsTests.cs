using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Features;

public sealed class CorsTests : ApiTestFixture
{
    private const string AdminApp = "https://admin.fleet.example";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = AdminApp };

    [Test]
    public async Task Preflight_ConfiguredOrigin_AllowedWithExposedHeaders()
    {
        using var preflight = await Anonymous.SendAsync(Preflight(AdminApp));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/drivers?limit=1");
        request.Headers.Add("Origin", AdminApp);
        request.Headers.Authorization = Viewer.DefaultRequestHeaders.Authorization;
        using var actual = await Anonymous.SendAsync(request);

        preflight.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(AdminApp);
        preflight.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("PATCH");
        actual.Headers.GetValues("Access-Control-Expose-Headers").Single().Should()
            .Contain("X-Total-Count").And.Contain("Link").And.Contain("ETag").And.Contain("X-Cache");
    }

    [Test]
    public async Task Preflight_UnknownOrigin_NotAllowed()
    {
        using var preflight = await Anonymous.SendAsync(Preflight("https://evil.example"));

        preflight.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/admin/drivers/DRV-0001");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "PATCH");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,if-match");
        return request;
    }
}
