using StackExchange.Redis;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// The one Redis multiplexer, connected asynchronously at start-up. It tolerates a Redis that is down (the API starts
/// and keeps reconnecting in the background) and reports every observed outage, since Redis may come back — from its
/// append-only file — with entries that writes made stale while it was away.
/// </summary>
public sealed class RedisConnection(string configuration, TimeSpan operationTimeout) : IAsyncDisposable
{
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>Raised when the connection is lost or could not be made: an outage, not a blip.</summary>
    public event Action? OutageObserved;

    /// <summary>The database, once connected; before that, every operation fails and is served without the cache.</summary>
    public IDatabase Database =>
        (_multiplexer ?? throw new InvalidOperationException("Redis has not been connected yet.")).GetDatabase();

    /// <summary>Publish and subscribe, once connected (see <see cref="Database"/>).</summary>
    public ISubscriber Subscriber =>
        (_multiplexer ?? throw new InvalidOperationException("Redis has not been connected yet.")).GetSubscriber();

    /// <summary>Whether <see cref="ConnectAsync"/> has finished; the connection itself may still be down.</summary>
    public bool IsStarted => _multiplexer is not null;

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_multiplexer is not null)
        {
            return;
        }

        var options = ConfigurationOptions.Parse(configuration);
        // Start even when Redis is down, keep reconnecting in the background, and never let a command wait long.
        options.AbortOnConnectFail = false;
        // While disconnected, fail commands at once instead of queueing them until their timeout: the request is
        // served from the database either way, and failing fast lets the circuit see the outage.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectRetry = 1;
        options.ConnectTimeout = 1000;
        options.AsyncTimeout = Math.Max(50, (int)operationTimeout.TotalMilliseconds * 4);
        options.SyncTimeout = options.AsyncTimeout;
        options.ClientName ??= "fleet-telematics-api";
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken);
        multiplexer.ConnectionFailed += (_, _) => OutageObserved?.Invoke();
        _multiplexer = multiplexer;
        if (!multiplexer.IsConnected)
        {
            OutageObserved?.Invoke();
        }
    }

    public async Task<TimeSpan> PingAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await Database.PingAsync().WaitAsync(timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }
    }
}
