using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FleetTelematics.Api.Hosting.Shutdown;

/// <summary>Unhealthy from the moment the instance starts draining, so readiness answers 503 while it still serves.</summary>
public sealed class DrainingHealthCheck(DrainSignal signal) : IHealthCheck
{
    public const string Name = "shutdown";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(signal.IsDraining
            ? new HealthCheckResult(context.Registration.FailureStatus,
                "draining: the instance is stopping and serves only what is already routed to it")
            : HealthCheckResult.Healthy("serving"));
}
