using FleetTelematics.Api.Caching;
using FleetTelematics.Infrastructure.Caching;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.Extensions.DependencyInjection;

public static class CachingSetup
{
    /// <summary>The response-caching filters, and a start-up check of every cache declaration.</summary>
    public static IServiceCollection AddResponseCachingFilters(this IServiceCollection services)
    {
        services.AddSingleton<CachePolicyRegistry>();
        services.AddSingleton<CacheKeyBuilder>();
        services.AddSingleton<InFlightComputations>();
        services.AddSingleton<CachedResponseFilter>();
        services.AddSingleton<InvalidatesCacheFilter>();
        services.AddHostedService<CachePolicyValidator>();
        services.Configure<MvcOptions>(options =>
        {
            options.Filters.AddService<CachedResponseFilter>();
            options.Filters.AddService<InvalidatesCacheFilter>();
        });
        return services;
    }

    /// <summary>
    /// Builds the registry while the host starts, so a bad declaration stops the process there; publishes the cache
    /// series of every prefix at zero; and tells the store which generations an observed outage must invalidate.
    /// </summary>
    private sealed class CachePolicyValidator(
        CachePolicyRegistry registry,
        CacheMetrics metrics,
        PendingInvalidations pending,
        CacheKeyLayout layout) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            metrics.InitializeSeries(registry.Prefixes);
            pending.DeclarePrefixGenerations(registry.Prefixes.Select(prefix => layout.Generation(prefix)));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
