using FleetTelematics.Api.Hosting.Shutdown;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FleetTelematics.Tests.Api.Hosting;

/// <summary>The drain's pieces without a server: the host's timeout, the readiness check, the wait and its bound.</summary>
[Category(TestKinds.Unit)]
public sealed class ShutdownDrainTests
{
    [Test]
    public void AddGracefulShutdown_Settings_HostTimeoutCoversDrainAndRequests()
    {
        using var services = Services(("Shutdown:DrainDelay", "00:00:07"), ("Shutdown:Timeout", "00:00:20"));

        services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout.Should().Be(TimeSpan.FromSeconds(27));
    }

    [Test]
    public void ShutdownOptions_Defaults_FiveSecondDrainThirtySecondTimeout()
    {
        using var services = Services();

        var options = services.GetRequiredService<IOptions<ShutdownOptions>>().Value;
        (options.DrainDelay, options.Timeout).Should().Be((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void ShutdownOptions_DrainLongerThanFiveMinutes_IsRefusedNamingTheSetting()
    {
        using var services = Services(("Shutdown:DrainDelay", "00:10:00"));

        var reading = () => services.GetRequiredService<IOptions<ShutdownOptions>>().Value;

        reading.Should().Throw<OptionsValidationException>().WithMessage("*Shutdown__DrainDelay*");
    }

    [Test]
    public async Task DrainingCheck_BeforeAndAfterStopping_HealthyThenUnhealthyNamingTheDrain()
    {
        var signal = new DrainSignal();
        var check = new DrainingHealthCheck(signal);
        var drain = Drain(signal, TimeSpan.Zero);

        var before = await check.CheckHealthAsync(Context(check));
        await drain.StoppingAsync(CancellationToken.None);
        var after = await check.CheckHealthAsync(Context(check));

        before.Status.Should().Be(HealthStatus.Healthy);
        after.Status.Should().Be(HealthStatus.Unhealthy);
        after.Description.Should().StartWith("draining");
    }

    [Test]
    public async Task StoppingAsync_HostTimeoutRunsOut_EndsTheDrainEarly()
    {
        var drain = Drain(new DrainSignal(), TimeSpan.FromMinutes(5));
        using var hostTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var stopping = drain.StoppingAsync(hostTimeout.Token);

        (await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(10)))).Should().BeSameAs(stopping);
        stopping.IsCompletedSuccessfully.Should().BeTrue("a drain cut short by the host is not a failure of the stop");
    }

    [Test]
    public async Task StoppingAsync_Delay_WaitsItOutWhileDraining()
    {
        var signal = new DrainSignal();
        var drain = Drain(signal, TimeSpan.FromMilliseconds(300));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var stopping = drain.StoppingAsync(CancellationToken.None);
        var drainingAtOnce = signal.IsDraining;
        await stopping;

        drainingAtOnce.Should().BeTrue("readiness fails as the wait begins, not after it");
        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250));
    }

    private static ShutdownDrain Drain(DrainSignal signal, TimeSpan delay) =>
        new(signal, Options.Create(new ShutdownOptions { DrainDelay = delay }), TimeProvider.System, NullLogger<ShutdownDrain>.Instance);

    private static HealthCheckContext Context(IHealthCheck check) => new()
    {
        Registration = new HealthCheckRegistration(DrainingHealthCheck.Name, check, HealthStatus.Unhealthy, null),
    };

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddGracefulShutdown();
        return services.BuildServiceProvider();
    }
}
