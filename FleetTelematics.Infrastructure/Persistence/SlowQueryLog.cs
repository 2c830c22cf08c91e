using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FleetTelematics.Infrastructure.Persistence;

/// <summary>
/// Logs database commands slower than <see cref="DatabaseOptions.SlowQueryThreshold"/>, from Npgsql's own tracing, so
/// EF Core and raw SQL are both seen. A statement is logged at most once a minute, with how often it was slow since.
/// Bulk work (<see cref="BulkWork"/>) is slow on purpose and not reported.
/// </summary>
internal sealed partial class SlowQueryLog(IOptions<DatabaseOptions> options, ILogger<SlowQueryLog> logger) : IHostedService
{
    private static readonly TimeSpan RepeatInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, SlowStatement> _statements = new(StringComparer.Ordinal);
    private ActivityListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var threshold = options.Value.SlowQueryThreshold;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.Duration >= threshold && !BulkWork.IsActive)
                {
                    Record(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Dispose();
        return Task.CompletedTask;
    }

    private void Record(Activity activity)
    {
        var statement = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName;
        var entry = _statements.GetOrAdd(statement, _ => new SlowStatement());
        var suppressed = entry.TryClaimLog(RepeatInterval);
        if (suppressed >= 0)
        {
            LogSlowQuery(logger, activity.Duration.TotalMilliseconds, suppressed, activity.Parent?.DisplayName ?? "-", statement);
        }
    }

    private sealed class SlowStatement
    {
        private long _lastLogged;
        private int _suppressed;

        /// <summary>The number of runs not logged since the last log line, or -1 when this one should not be logged.</summary>
        public int TryClaimLog(TimeSpan interval)
        {
            var now = Stopwatch.GetTimestamp();
            var last = Interlocked.Read(ref _lastLogged);
            if (last != 0 && Stopwatch.GetElapsedTime(last, now) < interval)
            {
                Interlocked.Increment(ref _suppressed);
                return -1;
            }

            return Interlocked.CompareExchange(ref _lastLogged, now, last) == last ? Interlocked.Exchange(ref _suppressed, 0) : -1;
        }
    }
}
