using FleetTelematics.Infrastructure.Persistence.Standby;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FleetTelematics.Api.Health;

/// <summary>
/// The standby of <c>ConnectionStrings:FleetReplica</c>: healthy while it answers and is in recovery. Registered with
/// failure status Degraded, since without it cached reads are computed on the primary and nothing else changes.
/// </summary>
internal sealed class StandbyHealthCheck(StandbyDatabase standby) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = standby.DataSource.CreateCommand("SELECT pg_is_in_recovery()");
            return await command.ExecuteScalarAsync(cancellationToken) is true
                ? HealthCheckResult.Healthy("A streaming standby; cached reads run on it once it has replayed the primary's position.")
                : new HealthCheckResult(context.Registration.FailureStatus, "Not in recovery: cached reads run on the primary.");
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The standby does not answer: cached reads run on the primary.", failure);
        }
    }
}
