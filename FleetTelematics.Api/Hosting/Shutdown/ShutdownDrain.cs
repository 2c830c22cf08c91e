using Microsoft.Extensions.Options;

namespace FleetTelematics.Api.Hosting.Shutdown;

/// <summary>
/// The first step of a graceful stop. The host calls every <see cref="IHostedLifecycleService.StoppingAsync"/> before
/// any <see cref="IHostedService.StopAsync"/>, and the web server's StopAsync (which stops accepting) comes first of
/// those: so waiting here keeps the server listening while readiness reports 503. The flusher of ingested
/// invalidations stops after the server, so its final step still covers every request served during the drain.
/// </summary>
public sealed partial class ShutdownDrain(DrainSignal signal, IOptions<ShutdownOptions> options, TimeProvider clock,
    ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        signal.Begin();
        var delay = options.Value.DrainDelay;
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        LogDraining(logger, delay.TotalSeconds);
        try
        {
            await Task.Delay(delay, clock, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout ran out (or a second signal came): stop now rather than drain on.
        }

        LogDrained(logger);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Draining for {Seconds} s: readiness answers 503 while the server keeps serving")]
    private static partial void LogDraining(ILogger logger, double seconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Drained: the server stops accepting; requests in flight may complete within Shutdown__Timeout")]
    private static partial void LogDrained(ILogger logger);
}
