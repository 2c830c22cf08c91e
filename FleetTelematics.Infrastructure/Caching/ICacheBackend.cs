using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// The store chosen at registration — Redis, or the in-process store when no Redis is configured — with what the host
/// needs of it besides caching: to connect it at start-up without blocking, and to report on it.
/// </summary>
public interface ICacheBackend : ICacheStore
{
    /// <summary>Connects, if the backend needs to. Never fails for an unreachable server: the cache is optional.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Healthy, or Degraded when it cannot be reached (the API then serves without it); bounded in time.</summary>
    Task<HealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken);
}
