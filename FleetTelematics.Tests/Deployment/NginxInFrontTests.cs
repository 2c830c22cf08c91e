using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FleetTelematics.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FleetTelematics.Tests.Deployment;

/// <summary>
/// deploy/nginx/nginx.conf for real (see <see cref="NginxInstance"/>) in front of two API instances on one database
/// and one Redis: both get requests, a write through nginx is read back through nginx whichever instance answers,
/// and with one instance stopped every request still answers 200. The instances trust nginx (loopback) to name the
/// client, as compose.scale.yaml's replicas trust nginx's address, and the login throttle shows which address they saw.
/// </summary>
[NonParallelizable]
public sealed class NginxInFrontTests
{
    private const string InstanceHeader = "X-Test-Instance";
    private const int Requests = 20;
    private const int FailuresPerAddress = 3;

    private KestrelApiHost _first = null!;
    private KestrelApiHost? _second;
    private NginxInstance _nginx = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartInstancesBehindNginx()
    {
        var connectionString = await TestDatabases.CreateFromTemplateAsync("nginx_front");
        var settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = TestServices.Redis,
            ["Caching:KeyPrefix"] = "nginx" + Guid.NewGuid().ToString("N")[..12],
            ["ForwardedHeaders:Enabled"] = "true",
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["Auth:LoginThrottle:FailuresPerAddress"] = FailuresPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _first = KestrelApiHost.Start(connectionString, settings, services => NameInstance(services, "first"));
        _second = KestrelApiHost.Start(connectionString, settings, services => NameInstance(services, "second"));
        _nginx = await NginxInstance.StartAsync([_first.BaseAddress, _second.BaseAddress]);
        _client = new HttpClient { BaseAddress = _nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LoginAsync());
    }

    [OneTimeTearDown]
    public async Task StopAll()
    {
        _client.Dispose();
        _nginx.Dispose();
        await _first.DisposeAsync();
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
    }

    [Test]
    [Order(1)]
    public async Task Requests_TwoInstances_ReachBoth()
    {
        var served = await ServedByAsync("api/v1/admin/dashboard/summary");

        served.Should().OnlyContain(answer => answer.Status == HttpStatusCode.OK, _nginx.ErrorLog);
        served.Select(answer => answer.Instance).Distinct().Should().BeEquivalentTo(["first", "second"]);
    }

    [Test]
    [Order(2)]
    public async Task Write_ThroughNginx_IsReadBackThroughNginxByEitherInstance()
    {
        var city = $"Behind Nginx {Guid.NewGuid():N}"[..24];
        const string details = "api/v1/admin/drivers/DRV-0003/details";
        // Both instances cache the details first, so the read-back below shows invalidation, not a first miss.
        (await ServedByAsync(details)).Select(answer => answer.Instance).Distinct().Should().HaveCount(2);

        using var write = await _client.PatchAsync("api/v1/admin/drivers/DRV-0003",
            new StringContent($$"""{"city":"{{city}}"}""", Encoding.UTF8, "application/merge-patch+json"));
        var reads = await ServedByAsync(details);

        write.StatusCode.Should().Be(HttpStatusCode.OK, await write.Content.ReadAsStringAsync());
        reads.Select(answer => answer.Instance).Distinct().Should().HaveCount(2, "the read-back must cover both instances");
        reads.Should().OnlyContain(answer => answer.Status == HttpStatusCode.OK && answer.Body.Contains(city));
    }

    [Test]
    [Order(3)]
    public async Task Requests_OneInstanceStopped_StillAnswer200()
    {
        await _second!.DisposeAsync();
        _second = null;

        var served = await ServedByAsync("api/v1/admin/drivers?limit=5");

        served.Should().OnlyContain(answer => answer.Status == HttpStatusCode.OK, _nginx.ErrorLog);
        served.Should().OnlyContain(answer => answer.Instance == "first");
    }

    [Test]
    [Order(4)]
    public async Task ForwardedFor_SpoofedByTheClient_IsIgnoredSoTheAddressBudgetHolds()
    {
        using var anonymous = new HttpClient { BaseAddress = _nginx.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= FailuresPerAddress; attempt++)
        {
            using var login = new HttpRequestMessage(HttpMethod.Post, "api/v1/auth/token")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = $"nobody-{attempt}", ["password"] = "wrong" }),
            };
            // A client inventing a new address each time: nginx appends the real one, and that is the one the API reads.
            login.Headers.Add("X-Forwarded-For", $"203.0.113.{attempt + 1}");
            using var response = await anonymous.SendAsync(login);
            answers.Add(response.StatusCode);
        }

        answers.Take(FailuresPerAddress).Should().OnlyContain(status => status == HttpStatusCode.Unauthorized);
        answers.Last().Should().Be(HttpStatusCode.TooManyRequests, "every attempt came from one address, whatever the header said");
    }

    private sealed record Answer(HttpStatusCode Status, string Instance, string Body);

    private async Task<List<Answer>> ServedByAsync(string path)
    {
        var answers = new List<Answer>();
        for (var i = 0; i < Requests; i++)
        {
            using var response = await _client.GetAsync(path);
            var instance = response.Headers.TryGetValues(InstanceHeader, out var values) ? values.Single() : "(none)";
            answers.Add(new Answer(response.StatusCode, instance, await response.Content.ReadAsStringAsync()));
        }

        return answers;
    }

    private async Task<string> LoginAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = _nginx.BaseAddress };
        using var response = await anonymous.PostAsync("api/v1/auth/token", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["username"] = "admin", ["password"] = "fleet-admin-dev" }));
        response.StatusCode.Should().Be(HttpStatusCode.OK, _nginx.ErrorLog);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    // Every response says which instance wrote it, so the test sees nginx's choice rather than guessing it.
    private static void NameInstance(IServiceCollection services, string name) =>
        services.AddSingleton<IStartupFilter>(new InstanceNameFilter(name));

    private sealed class InstanceNameFilter(string name) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Response.Headers[InstanceHeader] = name;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
