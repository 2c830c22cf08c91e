using System.Diagnostics.Metrics;
using FleetTelematics.Infrastructure.Caching;
using Microsoft.Extensions.Options;

namespace FleetTelematics.Api.Caching;

/// <summary>
/// Invalidates what ingestion changed in coalesced steps: a step runs once the oldest pending batch is 60 % of
/// <c>Caching__IngestStaleness</c> old, leaving the rest of the bound for the step itself (Redis, and the other
/// instances' acknowledgements) and for the next read to compute. On shutdown it runs what is pending at once.
/// Each batch's time from durable to invalidated is recorded in <c>ingest_staleness_seconds</c>.
/// </summary>
public sealed partial class IngestInvalidationFlusher : BackgroundService
{
    private const double StepAt = 0.6;
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);
    private static readonly double[] StalenessBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 5, 7.5, 10, 30];

    private readonly IngestInvalidations _pending;
    private readonly ICacheStore _store;
    private readonly CacheKeyLayout _layout;
    private readonly ResponseCacheMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger<IngestInvalidationFlusher> _logger;
    private readonly TimeSpan _stepAfter;
    private readonly Histogram<double> _staleness;

    public IngestInvalidationFlusher(IngestInvalidations pending, ICacheStore store, CacheKeyLayout layout, ResponseCacheMetrics metrics,
        IOptions<ResponseCachingOptions> options, TimeProvider clock, IMeterFactory meterFactory, ILogger<IngestInvalidationFlusher> logger)
    {
        (_pending, _store, _layout, _metrics, _clock, _logger) = (pending, store, layout, metrics, clock, logger);
        _stepAfter = options.Value.IngestStaleness * StepAt;
        _staleness = meterFactory.Create(ResponseCacheMetrics.MeterName).CreateHistogram("ingest_staleness", unit: "s",
            description: "Time from an ingested batch becoming durable to the invalidation that makes it visible.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StalenessBuckets });
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Acknowledged telemetry must not wait for a TTL because this instance is going away.
        await StepAsync(CancellationToken.None);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var oldest = await _pending.WaitForPendingAsync(stoppingToken);
                var due = _stepAfter - _clock.GetElapsedTime(oldest);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, _clock, stoppingToken);
                }

                await StepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync runs the last step.
        }
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var taken = _pending.Take();
        if (taken.IsEmpty)
        {
            return;
        }

        var generations = taken.Prefixes.SelectMany(_layout.PrefixGenerations)
            .Concat(taken.DriverIds.Select(id => _layout.ScopeGeneration(CachePrefixes.DriverDetail, id)))
            .ToArray();
        try
        {
            await _store.InvalidateAsync(generations, cancellationToken);
        }
        catch (CacheStoreUnavailableException)
        {
            // The store keeps the step as pending and replays it before it serves anything again.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not an outage the store handles: keep the step and try again shortly, rather than leave ingested
            // telemetry invisible until a TTL runs out.
            LogStepFailed(_logger, e, generations.Length);
            _pending.Requeue(taken);
            await Task.Delay(RetryAfterFailure, _clock, cancellationToken);
            return;
        }

        foreach (var prefix in taken.Prefixes)
        {
            _metrics.Invalidated(prefix);
        }

        if (taken.DriverIds.Count > 0)
        {
            _metrics.Invalidated(CachePrefixes.DriverDetail);
        }

        foreach (var committed in taken.CommittedAt)
        {
            _staleness.Record(_clock.GetElapsedTime(committed).TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Invalidating {Count} generations for ingested telemetry failed")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, int count);
}
