using System.Net;
using FleetTelematics.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FleetTelematics.Tests.Api.Security;

/// <summary>
/// HSTS and HTTPS redirection are off unless switched on. The host name is not localhost, which the HSTS
/// middleware always leaves out (a developer's browser would otherwise pin localhost to HTTPS).
/// </summary>
public sealed class TransportSecurityTests
{
    private string _connectionString = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _connectionString = await TestDatabases.CreateFromTemplateAsync("transport");

    [Test]
    public async Task Hsts_SwitchedOn_HeaderOnHttpsResponses()
    {
        await using var factory = Factory(("Security:Hsts", "true"), ("Security:HstsMaxAge", "30.00:00:00"));
        using var client = Client(factory, "https://fleet.example.com");

        using var response = await client.GetAsync("/health/live");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Strict-Transport-Security").Should().Equal("max-age=2592000");
    }

    [Test]
    public async Task Hsts_SwitchedOnButLocalhost_NoHeader()
    {
        await using var factory = Factory(("Security:Hsts", "true"));
        using var client = Client(factory, "https://localhost");

        using var response = await client.GetAsync("/health/live");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Strict-Transport-Security").Should().BeFalse("a developer's browser must not pin localhost to HTTPS");
    }

    [Test]
    public async Task Hsts_Default_NoHeader()
    {
        await using var factory = Factory();
        using var client = Client(factory, "https://fleet.example.com");

        using var response = await client.GetAsync("/health/live");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
    }

    [Test]
    public async Task HttpsRedirection_SwitchedOn_PlainHttpRedirectedToHttps()
    {
        await using var factory = Factory(("Security:HttpsRedirection", "true"));
        using var client = Client(factory, "http://fleet.example.com");

        using var response = await client.GetAsync("/api/v1/admin/drivers?limit=1");

        response.StatusCode.Should().BeOneOf(HttpStatusCode.TemporaryRedirect, HttpStatusCode.PermanentRedirect);
        response.Headers.Location.Should().Be(new Uri("https://fleet.example.com/api/v1/admin/drivers?limit=1"));
        SecurityHeadersTests.ShouldCarrySecurityHeaders(response);
    }

    [Test]
    public async Task HttpsRedirection_SwitchedOn_HttpsServed()
    {
        await using var factory = Factory(("Security:HttpsRedirection", "true"));
        using var client = Client(factory, "https://fleet.example.com");

        using var response = await client.GetAsync("/health/live");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task HttpsRedirection_Default_PlainHttpServed()
    {
        await using var factory = Factory();
        using var client = Client(factory, "http://fleet.example.com");

        using var response = await client.GetAsync("/health/live");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private FleetApiFactory Factory(params (string Key, string Value)[] settings) =>
        new(_connectionString, settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    private static HttpClient Client(FleetApiFactory factory, string baseAddress) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false });
}
