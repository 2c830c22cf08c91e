using FleetTelematics.Infrastructure.Persistence.History;

namespace FleetTelematics.Api.Hosting;

/// <summary>
/// Keeps the history's monthly partitions ready (<see cref="HistoryPartitions"/>) once when the API has started and
/// then every <see cref="Interval"/>, so months exist well before records need them even when the process runs for
/// weeks or restarts every hour. A database that cannot answer is logged and tried again after
/// <see cref="RetryInterval"/>; it never stops the API.
/// </summary>
internal sealed partial class HistoryPartitionMaintenance(
    HistoryPartitions partitions,
    TimeProvider clock,
    ILogger<HistoryPartitionMaintenance> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>Months are made two months ahead: a few minutes between attempts lose nothing.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Interval;
            try
            {
                await partitions.EnsureAheadAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Any failure, not only an outage: an exception leaving a BackgroundService stops the host.
                LogFailed(logger, RetryInterval, ex.GetBaseException().Message, ex);
                wait = RetryInterval;
            }

            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
