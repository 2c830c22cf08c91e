using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace FleetTelematics.Infrastructure.Persistence.Standby;

/// <summary>
/// Where a request's reads run. On the primary — with this request's own context, so a read after a write in the same
/// request sees it — unless the response cache marked the request as a computation of a cached read
/// (<see cref="AllowStandby"/>); then on the standby once <see cref="ReplayGate"/> lets it, decided once per request.
/// A standby that fails during the read is retried on the primary: a standby never turns a request into an error.
/// </summary>
public sealed class FleetReads(
    FleetDbContext primaryContext,
    NpgsqlDataSource primary,
    StandbyDatabase standby,
    ReplayGate gate,
    ReplicaReadMetrics metrics) : IAsyncDisposable
{
    private bool _standbyAllowed;
    private StandbyVerdict? _verdict;
    private FleetDbContext? _standbyContext;
    private bool _counted;

    private ReadSource Primary => new(primary, primaryContext);

    /// <summary>
    /// Marks this request as the computation of a cached GET (a miss after its lookup, or a bypass): its result is a
    /// response that anyone may be served, so it may come from a standby that has replayed what the primary holds.
    /// </summary>
    public void AllowStandby() => _standbyAllowed = standby.IsConfigured;

    /// <summary>Runs <paramref name="read"/> where this request's reads belong (see the class).</summary>
    public async Task<T> RunAsync<T>(Func<ReadSource, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!_standbyAllowed)
        {
            return await read(Primary, cancellationToken);
        }

        _verdict ??= await gate.WaitForReplayAsync(cancellationToken);
        if (_verdict != StandbyVerdict.Current)
        {
            Count(ReplicaReadReasons.Primary, ReplicaReadReasons.Of(_verdict.Value));
            return await read(Primary, cancellationToken);
        }

        T result;
        try
        {
            _standbyContext ??= await standby.CreateContextAsync(cancellationToken);
            result = await read(new ReadSource(standby.DataSource, _standbyContext), cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested && IsStandbyFailure(failure))
        {
            // A recovery conflict, a restart, a lost connection: the primary answers instead.
            gate.ReportFailure(failure);
            _verdict = StandbyVerdict.Unavailable;
            Count(ReplicaReadReasons.Primary, ReplicaReadReasons.Unavailable);
            return await read(Primary, cancellationToken);
        }

        Count(ReplicaReadReasons.Standby, ReplicaReadReasons.Current);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_standbyContext is not null)
        {
            await _standbyContext.DisposeAsync();
        }
    }

    private void Count(string target, string reason)
    {
        if (!_counted)
        {
            _counted = true;
            metrics.Ran(target, reason);
        }
    }

    private static bool IsStandbyFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException or TimeoutException or SocketException or IOException)
            {
                return true;
            }
        }

        return false;
    }
}
