using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Reliability;

/// <summary>
/// What only a real Kestrel decides: NUL in the path, very long request lines and very large headers. Requests a real
/// client may send (thousands of parameters, a 40 kB header) reach the application; protocol-level garbage is refused
/// with a 4xx before it does.
/// </summary>
[NonParallelizable]
public sealed class RequestLineTests
{
    private KestrelApiHost _host = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartKestrel()
    {
        _host = KestrelApiHost.Start(await TestDatabases.CreateFromTemplateAsync(nameof(RequestLineTests)));
        _client = new HttpClient { BaseAddress = _host.BaseAddress };
        using var login = await _client.PostAsync("/api/v1/auth/token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "admin", ["password"] = "fleet-admin-dev" }));
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    [OneTimeTearDown]
    public async Task StopKestrel()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [TestCase("/api/v1/admin/drivers/DRV-0001%00")]
    [TestCase("/api/v1/admin/drivers/DRV-0001%00/details")]
    [TestCase("/api/v1/admin/drivers%00/DRV-0001")]
    public async Task NulInPath_RefusedWith400(string path)
    {
        using var response = await _client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task TwoThousandQueryParameters_ReachTheApplication()
    {
        var query = string.Join('&', Enumerable.Range(0, 2000).Select(i => $"p{i}={i}"));

        using var response = await _client.GetAsync($"/api/v1/admin/drivers?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task FortyKilobyteHeader_ReachesTheApplication()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/dashboard/stats");
        request.Headers.Add("X-Padding", new string('h', 40_000));

        using var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task HeadersBeyondTheServerLimit_RefusedWith431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/dashboard/stats");
        request.Headers.Add("X-Padding", new string('h', 70_000));

        using var response = await _client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.RequestHeaderFieldsTooLarge);
    }
}
