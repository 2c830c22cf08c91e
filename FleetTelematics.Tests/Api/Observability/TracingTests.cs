using FleetTelematics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace FleetTelematics.Tests.Api.Observability;

/// <summary>Traces are exported only where a collector is configured; otherwise no tracer provider runs at all.</summary>
public sealed class TracingTests
{
    [TestCase(null, false)]
    [TestCase("http://127.0.0.1:4317", true)]
    public async Task TracerProvider_OtlpEndpoint_RegisteredOnlyWhenSet(string? endpoint, bool expected)
    {
        var settings = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint };
        await using var factory = new FleetApiFactory(await TestDatabases.CreateFromTemplateAsync("tracing"), settings);

        var provider = factory.Services.GetService<TracerProvider>();

        (provider is not null).Should().Be(expected);
    }
}
