using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Security;

/// <summary>
/// Behind a trusted proxy the API sees the client's address and scheme (X-Forwarded-For, X-Forwarded-Proto);
/// from anyone else those headers are ignored. Over a real port, where the connection has a real peer address
/// (127.0.0.1) to check against the known proxies. The login throttle's per-address budget shows which address
/// the API saw.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string FirstClient = "203.0.113.10";
    private const string SecondClient = "203.0.113.20";

    private string _connectionString = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _connectionString = await TestDatabases.CreateFromTemplateAsync("forwarded");

    [Test]
    public async Task ForwardedFor_TrustedLoopbackProxy_EachClientHasItsOwnAddressBudget()
    {
        await using var api = Start(("ForwardedHeaders:Enabled", "true"), ("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));
        using var client = Client(api);

        var first = await ExhaustAddressBudgetAsync(client, FirstClient);
        using var second = await WrongLoginAsync(client, SecondClient, "second-1");

        first.Should().Be(HttpStatusCode.TooManyRequests);
        second.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the second client has a budget of its own");
    }

    [Test]
    public async Task ForwardedFor_TrustedProxyNetwork_EachClientHasItsOwnAddressBudget()
    {
        await using var api = Start(("ForwardedHeaders:Enabled", "true"), ("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8"));
        using var client = Client(api);

        var first = await ExhaustAddressBudgetAsync(client, FirstClient);
        using var second = await WrongLoginAsync(client, SecondClient, "second-1");

        first.Should().Be(HttpStatusCode.TooManyRequests);
        second.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task ForwardedFor_ForwardingOff_ClientsShareTheProxysBudget()
    {
        await using var api = Start();
        using var client = Client(api);

        var first = await ExhaustAddressBudgetAsync(client, FirstClient);
        using var second = await WrongLoginAsync(client, SecondClient, "second-1");

        first.Should().Be(HttpStatusCode.TooManyRequests);
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "without forwarding both are 127.0.0.1");
    }

    [Test]
    public async Task ForwardedFor_UntrustedPeer_HeaderIgnored()
    {
        await using var api = Start(("ForwardedHeaders:Enabled", "true"), ("ForwardedHeaders:KnownProxies:0", "10.9.8.7"));
        using var client = Client(api);

        var first = await ExhaustAddressBudgetAsync(client, FirstClient);
        using var second = await WrongLoginAsync(client, SecondClient, "second-1");

        first.Should().Be(HttpStatusCode.TooManyRequests);
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "127.0.0.1 is not a known proxy, so its X-Forwarded-For is not believed");
    }

    [Test]
    public async Task ForwardedProto_HttpsFromTrustedProxy_ServedWithHstsInsteadOfRedirected()
    {
        await using var api = Start(("ForwardedHeaders:Enabled", "true"), ("ForwardedHeaders:KnownProxies:0", "127.0.0.1"),
            ("Security:HttpsRedirection", "true"), ("Security:Hsts", "true"));
        using var client = Client(api);
        using var viaTls = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        viaTls.Headers.Host = "fleet.example.com";
        viaTls.Headers.Add("X-Forwarded-For", FirstClient);
        viaTls.Headers.Add("X-Forwarded-Proto", "https");
        using var plain = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        plain.Headers.Host = "fleet.example.com";

        using var tlsResponse = await client.SendAsync(viaTls);
        using var plainResponse = await client.SendAsync(plain);

        tlsResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        tlsResponse.Headers.Contains("Strict-Transport-Security").Should().BeTrue();
        plainResponse.StatusCode.Should().Be(HttpStatusCode.TemporaryRedirect);
        plainResponse.Headers.Location!.Scheme.Should().Be("https");
    }

    private KestrelApiHost Start(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Auth:LoginThrottle:FailuresPerAddress"] = "2",
            ["Auth:LoginThrottle:FailuresPerUsername"] = "100",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return KestrelApiHost.Start(_connectionString, all);
    }

    private static HttpClient Client(KestrelApiHost api) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = api.BaseAddress };

    /// <summary>Spends the address's two failures, then returns the answer to a third attempt.</summary>
    private static async Task<HttpStatusCode> ExhaustAddressBudgetAsync(HttpClient client, string forwardedFor)
    {
        for (var i = 0; i < 2; i++)
        {
            using var failed = await WrongLoginAsync(client, forwardedFor, $"first-{i}");
            failed.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using var third = await WrongLoginAsync(client, forwardedFor, "first-2");
        return third.StatusCode;
    }

    private static Task<HttpResponseMessage> WrongLoginAsync(HttpClient client, string forwardedFor, string username)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = username, ["password"] = "wrong" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }
}
