using System.Text.Json;
using FleetTelematics.Api.Health;
using FleetTelematics.Api.Json;
using FleetTelematics.Infrastructure.Persistence.Standby;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// <c>/health/live</c> answers whenever the process does; <c>/health/ready</c> depends on PostgreSQL (503 without
/// it). The cache store and the standby (when there is one) can only make readiness Degraded, since the API serves
/// without them.
/// </summary>
public static class HealthRegistration
{
    public const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public static IServiceCollection AddFleetHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddNpgSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), name: "postgresql",
                failureStatus: HealthStatus.Unhealthy, tags: [ReadyTag], timeout: CheckTimeout)
            .AddCacheStoreCheck("cache_store", [ReadyTag]);
        // Only with a standby configured, which is known once configuration is complete (the test host adds it late).
        services.AddOptions<HealthCheckServiceOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(InfrastructureRegistration.ReplicaConnectionStringName)))
            {
                options.Registrations.Add(new HealthCheckRegistration("postgresql_standby",
                    sp => new StandbyHealthCheck(sp.GetRequiredService<StandbyDatabase>()), HealthStatus.Degraded, [ReadyTag], CheckTimeout));
            }
        });
        return services;
    }

    public static WebApplication MapFleetHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            Status = report.Status.ToString(),
            DurationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            Checks = report.Entries.Select(e => new
            {
                Name = e.Key,
                Status = e.Value.Status.ToString(),
                DurationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                e.Value.Description,
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ApiJson.Options, context.RequestAborted);
    }
}
