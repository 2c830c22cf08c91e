using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// Reports the cache store. An unreachable Redis makes the service Degraded, never Unhealthy: the API serves from
/// the database without it. The ping is bounded, so readiness never hangs on a dead store.
/// </summary>
internal sealed class CacheStoreHealthCheck(IConnectionMultiplexer? redis) : IHealthCheck
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromMilliseconds(500);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (redis is null)
        {
            return HealthCheckResult.Healthy("in-process cache store");
        }

        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(PingTimeout, cancellationToken);
            return HealthCheckResult.Healthy($"redis answered in {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded("redis is unreachable; responses are served without the cache");
        }
    }
}
