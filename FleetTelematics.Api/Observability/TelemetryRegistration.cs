using FleetTelematics.Api.Caching;
using FleetTelematics.Api.Features.Ingestion;
using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Infrastructure.Persistence.Standby;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// OpenTelemetry: the cache meter, ASP.NET Core HTTP server metrics, .NET runtime and Npgsql metrics, all exported
/// for Prometheus at <c>/metrics</c>; traces go to an OTLP collector only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class TelemetryRegistration
{
    public const string ServiceName = "fleet-telematics-api";
    private const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(ResponseCacheMetrics.MeterName, CacheStoreMetrics.MeterName, IngestMetrics.MeterName, ReplicaReadMetrics.MeterName)
                .AddMeter("Npgsql")
                .AddAspNetCoreInstrumentation()
                // Recorded on every request (a histogram lookup each), and read by no rule or dashboard: profiling the
                // cached hit showed OpenTelemetry's aggregation as its largest cost after Kestrel's own.
                .AddView("aspnetcore.authentication.authenticate.duration", MetricStreamConfiguration.Drop)
                .AddView("aspnetcore.routing.match_attempts", MetricStreamConfiguration.Drop)
                .AddRuntimeInstrumentation()
                // Prometheus scrapes every 15 s; a cached scrape would only hide the latest counts.
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperationalPath(context.Request.Path))
                .AddNpgsql()
                .AddOtlpExporter());
        }

        return builder;
    }

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static bool IsOperationalPath(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");
}
