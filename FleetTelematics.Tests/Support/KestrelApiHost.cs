using Microsoft.Extensions.DependencyInjection;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// The API in-process on a real loopback port, for clients that cannot use the in-memory TestServer — a browser
/// driven by Playwright, or a load driver on real sockets. Same configuration as <see cref="FleetApiFactory"/>;
/// Kestrel picks a free port.
/// </summary>
public sealed class KestrelApiHost : IAsyncDisposable
{
    private readonly FleetApiFactory _factory;

    private KestrelApiHost(FleetApiFactory factory, Uri baseAddress)
    {
        _factory = factory;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    public static KestrelApiHost Start(string connectionString, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var factory = new FleetApiFactory(connectionString, settings, configureServices);
        try
        {
            // Port 0: the kernel picks a free port at bind time, so there is no window in which another process takes it.
            factory.UseKestrel(0);
            factory.StartServer();
            var address = factory.ClientOptions.BaseAddress;
            if (address.Port == 0)
            {
                throw new InvalidOperationException($"Kestrel did not report the port it bound (address: {address}).");
            }

            return new KestrelApiHost(factory, address);
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
