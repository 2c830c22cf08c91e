using FleetTelematics.Api.Features.Auth;
using FleetTelematics.Api.Features.Dashboard;
using FleetTelematics.Bench.Peers;
using FleetTelematics.Bench.Peers.Summary;
using FleetTelematics.Domain.Users;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A peer as its library's documentation sets it up: the API's PostgreSQL data source and summary query, the API's
/// token validation, MVC with only the mode's controller, and the mode's cache on the API's Redis under a key prefix
/// of its own (<c>peer-&lt;mode&gt;:</c>).
/// </summary>
public static class PeerRegistration
{
    /// <summary>Every peer caches the summary as long as the API does (60 s).</summary>
    public static readonly TimeSpan SummaryLifetime = TimeSpan.FromSeconds(60);

    public static IHostApplicationBuilder AddPeer(this IHostApplicationBuilder builder, string mode)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var redis = builder.Configuration[CacheStoreRegistration.RedisConfigurationKey] is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException("Redis__Configuration is missing: every peer caches in the API's Redis.");

        // The API's production logging: its appsettings.json keeps ASP.NET Core's per-request logs at Warning. FusionCache
        // logs two lines per call at Information, so a production setup (Default: Information) must quieten it too.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("ZiggyCreatures.Caching.Fusion", LogLevel.Warning);
        builder.AddInfrastructure();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<DashboardQueries>();
        AddTokenValidation(services);

        var controller = PeerMode.ControllerOf(mode);
        services.AddControllers().ConfigureApplicationPartManager(parts =>
        {
            // Only this assembly, and only the mode's controller: the API's own controllers stay out of the peer.
            parts.ApplicationParts.Clear();
            parts.ApplicationParts.Add(new AssemblyPart(typeof(PeerProgram).Assembly));
            parts.FeatureProviders.Remove(parts.FeatureProviders.OfType<ControllerFeatureProvider>().Single());
            parts.FeatureProviders.Add(new SingleControllerFeatureProvider(controller));
        });

        var prefix = $"peer-{mode}:";
        switch (mode)
        {
            case PeerMode.OutputCacheAnonymous:
            case PeerMode.OutputCacheAuthenticated:
                services.AddOutputCache(options =>
                {
                    // The default policy: anonymous requests only, so a request with a bearer token is never cached.
                    options.AddPolicy(AnonymousOutputCacheSummaryController.PolicyName, policy => policy.Expire(SummaryLifetime));
                    options.AddPolicy(AuthenticatedOutputCacheSummaryController.PolicyName,
                        new AuthenticatedOutputCachePolicy(SummaryLifetime));
                });
                services.AddStackExchangeRedisOutputCache(options =>
                {
                    options.Configuration = redis;
                    options.InstanceName = prefix;
                });
                break;
            case PeerMode.Hybrid:
                // IDistributedCache on Redis is HybridCache's L2; its L1 is the in-process memory cache.
                services.AddStackExchangeRedisCache(options =>
                {
                    options.Configuration = redis;
                    options.InstanceName = prefix;
                });
                services.AddHybridCache(options => options.DefaultEntryOptions = new HybridCacheEntryOptions
                {
                    Expiration = SummaryLifetime,
                    LocalCacheExpiration = SummaryLifetime,
                });
                break;
            case PeerMode.Fusion:
                services.AddFusionCache()
                    .WithOptions(options => options.CacheKeyPrefix = prefix)
                    .WithDefaultEntryOptions(new FusionCacheEntryOptions { Duration = SummaryLifetime })
                    .WithSerializer(new FusionCacheSystemTextJsonSerializer())
                    .WithDistributedCache(new RedisCache(Microsoft.Extensions.Options.Options.Create(new RedisCacheOptions { Configuration = redis })))
                    .WithBackplane(new RedisBackplane(new RedisBackplaneOptions { Configuration = redis }));
                break;
            default:
                break;
        }

        return builder;
    }

    public static WebApplication UsePeer(this WebApplication app, string mode)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        if (mode is PeerMode.OutputCacheAnonymous or PeerMode.OutputCacheAuthenticated)
        {
            // After authorization: the authenticated policy relies on it having refused 401/403 already.
            app.UseOutputCache();
        }

        app.MapControllers();
        return app;
    }

    /// <summary>The API's JWT bearer settings (ApiRegistration.AddAuthentication), so its tokens are valid here.</summary>
    private static void AddTokenValidation(IServiceCollection services)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwt) =>
            {
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = TokenIssuer.ValidationParameters(jwt.Value);
            });
        services.AddAuthorizationBuilder().AddPolicy(Policies.Read, policy => policy.RequireRole(
            Policies.RoleName(UserRole.Admin), Policies.RoleName(UserRole.Viewer)));
    }
}
