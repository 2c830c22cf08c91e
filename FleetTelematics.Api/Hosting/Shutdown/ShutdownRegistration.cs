using FleetTelematics.Api.Hosting.Shutdown;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The graceful stop: readiness 503 for <c>Shutdown__DrainDelay</c> while serving, then the server stops accepting
/// and requests in flight get <c>Shutdown__Timeout</c>. The host's own shutdown timeout covers both, since it also
/// bounds the drain.
/// </summary>
public static class ShutdownRegistration
{
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = shutdown.Value.DrainDelay + shutdown.Value.Timeout);
        services.AddSingleton<DrainSignal>();
        services.AddHostedService<ShutdownDrain>();
        return services;
    }

    /// <summary>Early in the pipeline, so every response written while draining closes its connection.</summary>
    public static WebApplication UseDrainingConnections(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<DrainingConnectionMiddleware>();
        return app;
    }
}
