using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Security;

/// <summary>
/// Every response carries the security headers: successes, problems of every kind (the exception handler's
/// included, which clears headers), unknown paths, operational endpoints and cached hits.
/// </summary>
public sealed class SecurityHeadersTests : CachingTestFixture
{
    [TestCase("/api/v1/admin/dashboard/stats", HttpStatusCode.Unauthorized)]
    [TestCase("/no/such/path", HttpStatusCode.NotFound)]
    [TestCase("/test/probe/boom", HttpStatusCode.InternalServerError)]
    [TestCase("/metrics", HttpStatusCode.OK)]
    [TestCase("/health/live", HttpStatusCode.OK)]
    [TestCase("/health/ready", HttpStatusCode.OK)]
    [TestCase("/swagger/v1/swagger.json", HttpStatusCode.OK)]
    public async Task AnonymousRequest_AnyOutcome_CarriesSecurityHeaders(string url, HttpStatusCode status)
    {
        using var response = await Anonymous.GetAsync(url);

        response.StatusCode.Should().Be(status);
        ShouldCarrySecurityHeaders(response);
    }

    [Test]
    public async Task CachedHit_Viewer_CarriesSecurityHeaders()
    {
        using var miss = await Viewer.GetAsync("/api/v1/admin/dashboard/summary");
        using var hit = await Viewer.GetAsync("/api/v1/admin/dashboard/summary");

        CacheStatus(hit).Should().Be("HIT");
        ShouldCarrySecurityHeaders(hit);
    }

    [Test]
    public async Task ThrottledLogin_TooManyRequests_CarriesSecurityHeaders()
    {
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
        {
            last?.Dispose();
            last = await Anonymous.PostAsync("/api/v1/auth/token",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "headers", ["password"] = "wrong" }));
        }

        using var throttled = last!;
        throttled.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        ShouldCarrySecurityHeaders(throttled);
    }

    [Test]
    public async Task OversizedBody_PayloadTooLarge_CarriesSecurityHeaders()
    {
        using var content = new StringContent(new string('x', 70_000), System.Text.Encoding.UTF8, "application/json");

        using var response = await Admin.PostAsync("/api/v1/admin/drivers", content);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        ShouldCarrySecurityHeaders(response);
    }

    internal static void ShouldCarrySecurityHeaders(HttpResponseMessage response)
    {
        Header(response, "X-Content-Type-Options").Should().Be("nosniff");
        Header(response, "X-Frame-Options").Should().Be("DENY");
        Header(response, "Referrer-Policy").Should().Be("no-referrer");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
