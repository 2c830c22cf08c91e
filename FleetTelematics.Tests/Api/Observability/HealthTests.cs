using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Observability;

public sealed class HealthTests
{
    [Test]
    public async Task Ready_PostgresUnreachable_ServiceUnavailableQuicklyWhileLiveStaysUp()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Startup:CreateDevelopmentUsers"] = "false",
            ["ConnectionStrings:Fleet"] = "Host=127.0.0.1;Port=1;Database=nowhere;Username=postgres;Timeout=2",
        };
        await using var factory = new FleetApiFactory("Host=127.0.0.1;Port=1;Database=nowhere;Username=postgres;Timeout=2", settings);
        using var client = factory.CreateClient();

        var started = Stopwatch.GetTimestamp();
        using var ready = await client.GetAsync("/health/ready");
        var elapsed = Stopwatch.GetElapsedTime(started);
        using var live = await client.GetAsync("/health/live");

        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "postgresql")
            .GetProperty("status").GetString().Should().Be("Unhealthy");
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "readiness never hangs on a dead dependency");
        live.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task Ready_AllUp_HealthyWithEveryCheckNamed()
    {
        await using var factory = new FleetApiFactory(await TestDatabases.CreateFromTemplateAsync("health"),
            new Dictionary<string, string?> { ["Redis:Configuration"] = TestServices.Redis });
        using var client = factory.CreateClient();

        using var ready = await client.GetAsync("/health/ready");

        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("Healthy");
        body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().BeEquivalentTo(["postgresql", "cache_store", "shutdown"]);
    }
}
