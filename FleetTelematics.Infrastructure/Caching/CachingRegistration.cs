using FleetTelematics.Infrastructure.Caching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

public static class CachingRegistration
{
    public const string RedisConfigurationKey = "Redis:Configuration";

    /// <summary>
    /// Registers the cache store: Redis when <c>Redis:Configuration</c> is set, the in-process store otherwise,
    /// always behind <see cref="ResilientCacheStore"/>.
    /// </summary>
    public static IServiceCollection AddCacheStore(this IServiceCollection services)
    {
        services.AddOptions<CachingOptions>().BindConfiguration(CachingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CacheMetrics>();
        services.AddSingleton<PendingInvalidations>();
        services.AddSingleton(sp => new CacheKeyLayout(sp.GetRequiredService<IOptions<CachingOptions>>().Value.KeyPrefix));

        // Decided when first resolved (not at registration) so configuration added late by a host is still seen.
        services.AddSingleton<IConnectionMultiplexer>(sp => ConnectRedis(RedisConfiguration(sp)!,
            sp.GetRequiredService<IOptions<CachingOptions>>().Value, sp.GetRequiredService<PendingInvalidations>()));
        services.AddSingleton(sp => new ResilientCacheStore(
            RedisConfiguration(sp) is null
                ? new MemoryCacheStore()
                : new RedisCacheStore(sp.GetRequiredService<IConnectionMultiplexer>()),
            sp.GetRequiredService<IOptions<CachingOptions>>(),
            sp.GetRequiredService<CacheMetrics>(),
            sp.GetRequiredService<PendingInvalidations>(),
            sp.GetRequiredService<ILogger<ResilientCacheStore>>()));
        services.AddSingleton<ICacheStore>(sp => sp.GetRequiredService<ResilientCacheStore>());
        services.AddHostedService<CacheRecoveryService>();
        return services;
    }

    public static IHealthChecksBuilder AddCacheStoreCheck(this IHealthChecksBuilder builder, string name, IEnumerable<string> tags) =>
        builder.Add(new HealthCheckRegistration(name, sp => new CacheStoreHealthCheck(
            RedisConfiguration(sp) is null ? null : sp.GetRequiredService<IConnectionMultiplexer>()),
            HealthStatus.Degraded, tags, TimeSpan.FromSeconds(1)));

    private static string? RedisConfiguration(IServiceProvider services) =>
        services.GetRequiredService<IConfiguration>()[RedisConfigurationKey] is { Length: > 0 } value ? value : null;

    private static ConnectionMultiplexer ConnectRedis(string configuration, CachingOptions options, PendingInvalidations pending)
    {
        var redis = ConfigurationOptions.Parse(configuration);
        // Start even when Redis is down, keep reconnecting in the background, and never let a command wait long.
        redis.AbortOnConnectFail = false;
        // While disconnected, fail commands at once instead of queueing them until their timeout: the request is
        // served from the database either way, and failing fast lets the circuit see the outage.
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        redis.ConnectRetry = 1;
        redis.ConnectTimeout = 1000;
        redis.AsyncTimeout = Math.Max(50, (int)options.OperationTimeout.TotalMilliseconds * 4);
        redis.SyncTimeout = redis.AsyncTimeout;
        redis.ClientName ??= "fleet-telematics-api";
        var multiplexer = ConnectionMultiplexer.Connect(redis);
        // A lost connection is an outage even when no request was running: Redis may come back (from its
        // append-only file) with entries another instance's writes made stale while it was away.
        multiplexer.ConnectionFailed += (_, _) => pending.MarkEverythingStale();
        return multiplexer;
    }
}
