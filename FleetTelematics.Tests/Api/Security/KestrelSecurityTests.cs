using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Security;

/// <summary>Over a real port (the test server never writes a <c>Server</c> header, Kestrel does by default).</summary>
public sealed class KestrelSecurityTests
{
    private KestrelApiHost _api = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartApi()
    {
        _api = KestrelApiHost.Start(await TestDatabases.CreateFromTemplateAsync("kestrelsec"));
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = _api.BaseAddress };
    }

    [OneTimeTearDown]
    public async Task StopApi()
    {
        _client?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    [TestCase("/health/live", HttpStatusCode.OK)]
    [TestCase("/no/such/path", HttpStatusCode.NotFound)]
    [TestCase("/api/v1/admin/drivers", HttpStatusCode.Unauthorized)]
    public async Task Response_OverKestrel_NoServerHeaderAndSecurityHeaders(string url, HttpStatusCode status)
    {
        using var response = await _client.GetAsync(url);

        response.StatusCode.Should().Be(status);
        response.Headers.Server.Should().BeEmpty();
        response.Headers.Contains("Server").Should().BeFalse();
        SecurityHeadersTests.ShouldCarrySecurityHeaders(response);
    }
}
