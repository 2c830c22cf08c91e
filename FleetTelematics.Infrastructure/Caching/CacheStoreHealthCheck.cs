using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// Reports the cache store. An unreachable Redis makes the service Degraded, never Unhealthy: the API serves from
/// the database without it.
/// </summary>
internal sealed class CacheStoreHealthCheck(ICacheBackend backend) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        backend.CheckHealthAsync(cancellationToken);
}
