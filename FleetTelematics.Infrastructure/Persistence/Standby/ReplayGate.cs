using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FleetTelematics.Infrastructure.Persistence.Standby;

/// <summary>
/// Lets a computation run on the standby only once the standby has replayed everything the primary had inserted into its
/// write-ahead log when the computation began (ADR-015). Called after the cache lookup, it reads the primary's insert
/// position: every write whose invalidation that lookup saw had committed before it, so its commit record lies below that
/// position, and a standby past it shows the write. It then polls the standby's replay position for at most
/// <see cref="StandbyOptions.MaxWait"/>; a standby that does not get there, cannot answer or is not in recovery sends the
/// computation to the primary, and one that failed is left alone for <see cref="StandbyOptions.RetryAfter"/>.
/// </summary>
public sealed partial class ReplayGate(
    IWalPositions positions,
    StandbyDatabase standby,
    IOptions<StandbyOptions> options,
    TimeProvider clock,
    ILogger<ReplayGate> logger)
{
    private long _retryAtTicks;

    /// <summary>
    /// Waits, briefly, for the standby to catch up with the primary's current position. A failure of the primary is not
    /// caught: the computation would fail there too, and reports it as it always has.
    /// </summary>
    public async ValueTask<StandbyVerdict> WaitForReplayAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _retryAtTicks))
        {
            return StandbyVerdict.Unavailable;
        }

        var target = await positions.PrimaryInsertAsync(cancellationToken);
        var settings = options.Value;
        var started = clock.GetTimestamp();
        // The budget also bounds a connection attempt to a standby that does not answer.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(settings.MaxWait + settings.PollInterval);
        var answered = false;
        try
        {
            while (true)
            {
                var replayed = await positions.StandbyReplayAsync(budget.Token);
                answered = true;
                if (replayed is not { } position)
                {
                    // A promoted standby, or a primary named by mistake: it may hold writes the primary never had.
                    LogNotAStandby(logger);
                    HoldOff();
                    return StandbyVerdict.Unavailable;
                }

                if (position >= target)
                {
                    return StandbyVerdict.Current;
                }

                if (clock.GetElapsedTime(started) + settings.PollInterval > settings.MaxWait)
                {
                    return StandbyVerdict.Lagging;
                }

                await Task.Delay(settings.PollInterval, clock, budget.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Out of time: a standby that answered is behind; one that did not even connect is as good as down.
            return answered ? StandbyVerdict.Lagging : StandbyVerdict.Unavailable;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            ReportFailure(failure);
            return StandbyVerdict.Unavailable;
        }
    }

    /// <summary>The standby failed (here or in a query): computations use the primary for a while, and its pool is emptied.</summary>
    public void ReportFailure(Exception failure)
    {
        HoldOff();
        if (standby.IsConfigured && DatabaseFailure.BreaksConnections(failure))
        {
            standby.DataSource.Clear();
        }

        LogStandbyFailed(logger, options.Value.RetryAfter, failure.GetBaseException().Message);
    }

    private void HoldOff() =>
        Interlocked.Exchange(ref _retryAtTicks, (clock.GetUtcNow() + options.Value.RetryAfter).UtcTicks);
}
