using System.Net.Sockets;
using Npgsql;

namespace FleetTelematics.Infrastructure.Persistence;

/// <summary>
/// Tells failures of PostgreSQL itself — unreachable, shutting down, out of connections, too slow — from failures of
/// a request. The first kind is not the client's fault and passes: it is answered 503 with Retry-After (or, for a cached
/// read, with an entry that merely aged out), never 500.
/// </summary>
public static class DatabaseFailure
{
    /// <summary>True when <paramref name="exception"/> or one it wraps says the database could not answer.</summary>
    public static bool IsUnavailable(Exception exception) => Classify(exception) != Kind.None;

    /// <summary>
    /// True when the failure means the server's connections are gone (a restart, a network cut): pooled connections are
    /// then broken too, and handing them out again would fail one request each after the database is back.
    /// </summary>
    public static bool BreaksConnections(Exception exception) => Classify(exception) == Kind.ConnectionLost;

    private enum Kind
    {
        None,
        Busy,
        ConnectionLost,
    }

    private static Kind Classify(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var kind = current switch
            {
                PostgresException postgres => OfSqlState(postgres.SqlState),
                NpgsqlException { InnerException: IOException or SocketException } => Kind.ConnectionLost,
                // Client-side Npgsql failures without a server answer: connect timeouts, an exhausted pool, a broken stream.
                NpgsqlException => Kind.Busy,
                SocketException => Kind.ConnectionLost,
                TimeoutException => Kind.Busy,
                _ => Kind.None,
            };
            if (kind != Kind.None)
            {
                return kind;
            }
        }

        return Kind.None;
    }

    private static Kind OfSqlState(string sqlState) => sqlState switch
    {
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow => Kind.ConnectionLost,
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => Kind.ConnectionLost, // connection exceptions
        _ when sqlState.StartsWith("53", StringComparison.Ordinal) => Kind.Busy, // insufficient resources, too many connections
        PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.LockNotAvailable => Kind.Busy, // statement or lock timeout
        PostgresErrorCodes.ReadOnlySqlTransaction => Kind.Busy, // a standby answered: the primary is away
        _ => Kind.None,
    };
}
