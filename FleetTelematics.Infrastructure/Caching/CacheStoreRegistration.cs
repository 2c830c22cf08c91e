using System.Diagnostics.Metrics;
using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Infrastructure.Caching.Near;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class CacheStoreRegistration
{
    public const string RedisConfigurationKey = "Redis:Configuration";

    /// <summary>
    /// Registers the generation-stamped store: Redis when <c>Redis:Configuration</c> is set, the in-process store
    /// otherwise — chosen once, in one place — always behind <see cref="ResilientCacheStore"/>. The caller names what
    /// the store holds (<paramref name="cacheType"/>, the metrics' <c>cache_type</c>) and implements
    /// <see cref="IGenerationKeySource"/>. The container owns and disposes the store.
    /// </summary>
    public static IServiceCollection AddGenerationCacheStore(this IServiceCollection services, string cacheType)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheType);
        services.AddOptions<CacheStoreOptions>().BindConfiguration(CacheStoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new CacheStoreMetrics(sp.GetRequiredService<IMeterFactory>(), cacheType));
        services.AddSingleton<PendingInvalidations>();
        services.AddSingleton(sp => new CacheKeyLayout(sp.GetRequiredService<IOptions<CacheStoreOptions>>().Value.KeyPrefix));

        // Decided at first resolution, not here, so configuration a host adds late (the test host) is still seen.
        services.AddSingleton<ICacheBackend>(sp => CreateBackend(sp));
        services.AddSingleton(sp => new ResilientCacheStore(sp.GetRequiredService<ICacheBackend>(),
            sp.GetRequiredService<IOptions<CacheStoreOptions>>(), sp.GetRequiredService<CacheStoreMetrics>(),
            sp.GetRequiredService<PendingInvalidations>(), sp.GetRequiredService<ILogger<ResilientCacheStore>>()));
        AddNearCache(services);
        services.AddHostedService<CacheBackendStarter>();
        services.AddHostedService<CacheRecoveryService>();
        return services;
    }

    /// <summary>
    /// The first level: local copies that every instance may serve while it holds a lease, behind a store whose
    /// invalidations reach every instance before they return. Without Redis it serves nothing.
    /// </summary>
    private static void AddNearCache(IServiceCollection services)
    {
        services.AddOptions<NearCacheOptions>().BindConfiguration(NearCacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var near = new NearCache(sp.GetRequiredService<IOptions<NearCacheOptions>>().Value.MaxBytes);
            // A lost connection may mean missed invalidations: stop serving local copies at once, not when the lease ends.
            if (sp.GetRequiredService<ICacheBackend>() is RedisCacheStore redis)
            {
                redis.Connection.OutageObserved += near.Clear;
            }

            return near;
        });
        services.AddSingleton(sp => new NearCacheCoordinator(
            (sp.GetRequiredService<ICacheBackend>() as RedisCacheStore)?.Connection,
            sp.GetRequiredService<IOptions<NearCacheOptions>>().Value.Enabled,
            sp.GetRequiredService<NearCache>(), sp.GetRequiredService<IOptions<NearCacheOptions>>().Value,
            sp.GetRequiredService<IOptions<CacheStoreOptions>>().Value.OperationTimeout,
            sp.GetRequiredService<IOptions<CacheStoreOptions>>().Value.KeyPrefix, sp.GetRequiredService<ILogger<NearCacheCoordinator>>()));
        services.AddHostedService(sp => sp.GetRequiredService<NearCacheCoordinator>());
        services.AddSingleton<ICacheStore>(sp => new NearCacheStore(sp.GetRequiredService<ResilientCacheStore>(),
            sp.GetRequiredService<NearCacheCoordinator>()));
    }

    public static IHealthChecksBuilder AddCacheStoreCheck(this IHealthChecksBuilder builder, string name, IEnumerable<string> tags) =>
        builder.Add(new HealthCheckRegistration(name, sp => new CacheStoreHealthCheck(sp.GetRequiredService<ICacheBackend>()),
            HealthStatus.Degraded, tags, TimeSpan.FromSeconds(1)));

    private static ICacheBackend CreateBackend(IServiceProvider services)
    {
        if (services.GetRequiredService<IConfiguration>()[RedisConfigurationKey] is not { Length: > 0 } configuration)
        {
            return new MemoryCacheStore();
        }

        var connection = new RedisConnection(configuration, services.GetRequiredService<IOptions<CacheStoreOptions>>().Value.OperationTimeout);
        var pending = services.GetRequiredService<PendingInvalidations>();
        connection.OutageObserved += pending.MarkEverythingStale;
        return new RedisCacheStore(connection);
    }
}
