using Microsoft.Extensions.Hosting;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>Connects the chosen backend while the host starts, asynchronously, instead of inside a DI factory.</summary>
internal sealed class CacheBackendStarter(ICacheBackend backend) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => backend.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
