using System.Diagnostics.Metrics;
using FleetTelematics.Api.Caching;
using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Infrastructure.Caching.Near;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;

namespace Microsoft.Extensions.DependencyInjection;

public static class ResponseCachingRegistration
{
    /// <summary>
    /// Response caching, whole: the generation-stamped store (Redis or in-process, chosen once), the policies read from
    /// <see cref="CachedResponseAttribute"/> and <see cref="InvalidatesCacheAttribute"/>, the filters that act on them,
    /// and their metrics. Bad declarations stop the host while it starts.
    /// </summary>
    public static IServiceCollection AddFleetResponseCaching(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGenerationCacheStore(ResponseCacheMetrics.CacheType);
        services.AddOptions<ResponseCachingOptions>().BindConfiguration(ResponseCachingOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        // With response caching off, an instance keeps no local copies — and still tells the others of its writes.
        services.AddOptions<NearCacheOptions>().Configure<IOptions<ResponseCachingOptions>>((near, caching) =>
            near.Enabled &= caching.Value.Enabled);
        services.AddSingleton<CachePolicyRegistry>();
        services.AddSingleton<IGenerationKeySource, DeclaredPrefixGenerations>();
        services.AddSingleton(sp => new ResponseCacheMetrics(sp.GetRequiredService<IMeterFactory>(),
            sp.GetRequiredService<CachePolicyRegistry>().Prefixes));
        services.AddSingleton<CacheKeyBuilder>();
        services.AddSingleton<SingleFlight<CacheEntry?>>();
        services.AddSingleton<CachedResponseFilter>();
        services.AddSingleton<InvalidatesCacheFilter>();
        services.AddSingleton<IngestInvalidations>();
        services.AddHostedService<IngestInvalidationFlusher>();
        services.AddHostedService<CachePolicyValidator>();
        services.Configure<MvcOptions>(options =>
        {
            options.Filters.AddService<CachedResponseFilter>();
            options.Filters.AddService<InvalidatesCacheFilter>();
        });
        return services;
    }

    /// <summary>
    /// Builds the registry — and the metrics, which publish every prefix's series at zero — while the host starts, so
    /// a bad declaration stops the process there rather than at the first request.
    /// </summary>
    // Being constructed is the whole job: resolving these builds (and so checks) every declaration.
    private sealed class CachePolicyValidator(CachePolicyRegistry registry, ResponseCacheMetrics metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = (registry, metrics);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
