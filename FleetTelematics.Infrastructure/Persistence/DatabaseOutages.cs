using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FleetTelematics.Infrastructure.Persistence;

/// <summary>
/// Where every request that met an unavailable database reports it. It recovers the pool (after a restart, pooled
/// connections are all broken, and Npgsql would hand each out once more before discarding it) and tells the operator
/// once per interval instead of once per request.
/// </summary>
public sealed partial class DatabaseOutages(NpgsqlDataSource dataSource, ILogger<DatabaseOutages> logger)
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);
    private long _lastLog;
    private long _unreported;

    /// <summary>
    /// Records <paramref name="exception"/> when it says the database could not answer (see
    /// <see cref="DatabaseFailure"/>); false when it is some other failure, which the caller handles as its own.
    /// </summary>
    public bool TryRecord(Exception exception)
    {
        if (!DatabaseFailure.IsUnavailable(exception))
        {
            return false;
        }

        if (DatabaseFailure.BreaksConnections(exception))
        {
            dataSource.Clear();
        }

        Interlocked.Increment(ref _unreported);
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastLog);
        if ((last == 0 || Stopwatch.GetElapsedTime(last, now) > LogInterval) &&
            Interlocked.CompareExchange(ref _lastLog, now, last) == last)
        {
            LogUnavailable(logger, Interlocked.Exchange(ref _unreported, 0), exception.GetBaseException().Message);
        }

        return true;
    }
}
