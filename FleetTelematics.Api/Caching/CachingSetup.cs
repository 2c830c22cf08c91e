using FleetTelematics.Api.Caching;
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

    /// <summary>Builds the registry while the host starts, so a bad declaration stops the process there.</summary>
    private sealed class CachePolicyValidator(CachePolicyRegistry registry) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(registry.Prefixes.Count);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
