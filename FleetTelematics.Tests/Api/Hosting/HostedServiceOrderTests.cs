using FleetTelematics.Api.Caching;
using FleetTelematics.Api.Hosting.Shutdown;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FleetTelematics.Tests.Api.Hosting;

/// <summary>
/// The order the drain relies on. The host stops hosted services in reverse registration order, after every
/// StoppingAsync: so the web server must be registered last (it stops accepting first, after the drain), and the
/// ingestion flusher before it (its final step runs once no request can ingest any more).
/// </summary>
public sealed class HostedServiceOrderTests
{
    [Test]
    public async Task HostedServices_Registered_WebServerLastFlusherAndDrainBeforeIt()
    {
        await using var factory = new FleetApiFactory(await TestDatabases.CreateFromTemplateAsync("hosted_order"));
        using var client = factory.CreateClient();

        var names = factory.Services.GetServices<IHostedService>().Select(service => service.GetType().Name).ToList();

        names.Last().Should().Be("GenericWebHostService", "the server's StopAsync must be the first StopAsync");
        names.Should().Contain(nameof(IngestInvalidationFlusher)).And.Contain(nameof(ShutdownDrain));
        factory.Services.GetServices<IHostedService>().OfType<ShutdownDrain>().Single()
            .Should().BeAssignableTo<IHostedLifecycleService>("only StoppingAsync runs before the server stops");
    }
}
