using Microsoft.Extensions.Options;

namespace FleetTelematics.Api.Features.Auth;

/// <summary>Reads the <see cref="UserDirectory"/> snapshot at start-up, then every <see cref="AuthOptions.UserRefreshInterval"/>.</summary>
internal sealed class UserDirectoryRefresher(UserDirectory directory, IOptions<AuthOptions> options, TimeProvider clock)
    : BackgroundService
{
    // A database that does not answer must not hold the start-up for a whole connect timeout.
    private static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(5);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server listens, so the first requests find a snapshot. A failure is logged, not fatal: the
        // first request that needs the snapshot reads it again (and fails when the database still cannot answer).
        // A read still running after the wait goes on, and that first request joins it.
        try
        {
            await directory.RefreshAsync(cancellationToken).WaitAsync(StartupWait, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Still reading; the server starts without waiting any longer.
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UserRefreshInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await directory.RefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
