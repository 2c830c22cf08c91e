using Microsoft.Extensions.Hosting;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// Replays invalidations that failed during a store outage as soon as the store answers again, even when no request
/// comes to trigger it.
/// </summary>
internal sealed class CacheRecoveryService(ResilientCacheStore store) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (store.PendingCount > 0)
            {
                await store.TryReplayPendingAsync(stoppingToken);
            }
        }
    }
}
