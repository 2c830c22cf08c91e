using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FleetTelematics.Infrastructure.Caching.Near;

/// <summary>
/// Keeps every instance's <see cref="NearCache"/> as correct as Redis itself — a read after a write that answered 2xx
/// shows the write, on any instance — which a fire-and-forget backplane cannot promise:
/// <list type="number">
/// <item>An instance serves local copies only while it holds a lease in Redis, renewed every
/// <see cref="NearCacheOptions.RenewInterval"/> and counted from when the renewal was sent. A lost or revoked lease
/// drops every copy before the instance registers again.</item>
/// <item>Every instance with Redis is a writer, holder or not: after Redis has the new generations, it publishes them
/// to the live lease holders and waits until each has acknowledged — each forgets them before it acknowledges.</item>
/// <item>A holder that does not acknowledge in time is revoked, and the write then waits out a whole lease: by then
/// that holder has stopped serving, whatever happened to it (a lost message, a pause, a partition).</item>
/// <item>A writer that cannot reach Redis at all waits until a lease has passed since the outage began, if other
/// holders were registered: those cut off too have stopped serving by then.</item>
/// </list>
/// </summary>
public sealed partial class NearCacheCoordinator : BackgroundService
{
    private readonly RedisConnection? _redis;
    private readonly NearCache _near;
    private readonly NearCacheOptions _options;
    private readonly TimeSpan _operationTimeout;
    private readonly ILogger<NearCacheCoordinator> _logger;
    private readonly ConcurrentDictionary<string, Acknowledgements> _waiting = new(StringComparer.Ordinal);
    private readonly string _leasePrefix;
    private readonly RedisKey _lease;
    private readonly RedisKey _holders;
    private readonly RedisChannel _invalidations;
    private readonly RedisChannel _myAcknowledgements;
    private readonly string _ackChannelPrefix;
    private volatile bool _registered;
    private bool _subscribed;
    private bool _troubleLogged;
    private int _othersLastSeen;
    private long _outageSince;

    /// <param name="redis">Null when the store is in-process: nothing to coordinate, and nothing is served.</param>
    /// <param name="holdsCopies">Whether this instance serves local copies; it coordinates its writes either way.</param>
    /// <param name="operationTimeout">The store's operation timeout: no Redis call of a write waits longer.</param>
    public NearCacheCoordinator(RedisConnection? redis, bool holdsCopies, NearCache near, NearCacheOptions options,
        TimeSpan operationTimeout, string keyPrefix, ILogger<NearCacheCoordinator> logger)
    {
        _operationTimeout = operationTimeout;
        _redis = redis;
        HoldsCopies = redis is not null && holdsCopies;
        _near = near;
        _options = options;
        _logger = logger;
        var tag = $"{{{keyPrefix}:near}}";
        _leasePrefix = $"{tag}:lease:";
        _lease = _leasePrefix + InstanceId;
        _holders = $"{tag}:holders";
        _invalidations = RedisChannel.Literal($"{keyPrefix}:near:invalidations");
        _ackChannelPrefix = $"{keyPrefix}:near:acks:";
        _myAcknowledgements = RedisChannel.Literal(_ackChannelPrefix + InstanceId);
    }

    /// <summary>This process's name among the lease holders.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    public bool HoldsCopies { get; }

    /// <summary>
    /// Called after Redis has the new generations (or refused them): this instance forgets them, and the call returns
    /// once every other live holder has too — or has been revoked and its lease waited out.
    /// </summary>
    /// <param name="generationKeys">The generations the write gave new tokens.</param>
    /// <param name="redisReachable">
    /// False when the store has just failed to take them: Redis is not asked again (no request waits on a dead store
    /// twice), and the write waits out the leases of the outage instead.
    /// </param>
    public async Task InvalidateEverywhereAsync(IReadOnlyCollection<string> generationKeys, bool redisReachable)
    {
        _near.Forget(generationKeys);
        if (_redis is null)
        {
            return;
        }

        if (!redisReachable || !_redis.IsStarted)
        {
            await WaitOutLeasesOfOutageAsync(null);
            return;
        }

        string[] others;
        try
        {
            // A write in the first moments after start-up must hear its acknowledgements too.
            await SubscribeOnceAsync(_redis.Subscriber).WaitAsync(_operationTimeout);
            others = await LiveHoldersAsync().WaitAsync(_operationTimeout);
        }
        catch (Exception exception) when (IsRedisFailure(exception))
        {
            await WaitOutLeasesOfOutageAsync(exception);
            return;
        }

        if (others.Length == 0)
        {
            return;
        }

        var messageId = Guid.NewGuid().ToString("N");
        var acknowledgements = new Acknowledgements(others);
        _waiting[messageId] = acknowledgements;
        try
        {
            await _redis.Subscriber.PublishAsync(_invalidations, $"{messageId}\n{InstanceId}\n{string.Join('\n', generationKeys)}")
                .WaitAsync(_operationTimeout);
            if (!await acknowledgements.AllAsync(_options.AcknowledgementTimeout))
            {
                var silent = acknowledgements.Missing();
                LogRevoking(_logger, silent.Length, string.Join(", ", silent));
                foreach (var holder in silent)
                {
                    await RevokeAsync(holder).WaitAsync(_operationTimeout);
                }

                await Task.Delay(_options.LeaseDuration);
            }
        }
        catch (Exception exception) when (IsRedisFailure(exception))
        {
            await WaitOutLeasesOfOutageAsync(exception);
        }
        finally
        {
            _waiting.TryRemove(messageId, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (_redis is not null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_redis.IsStarted)
                {
                    await SubscribeOnceAsync(_redis.Subscriber);
                    if (HoldsCopies)
                    {
                        await KeepLeaseAsync(_redis);
                    }
                    else
                    {
                        await LiveHoldersAsync();
                    }

                    Interlocked.Exchange(ref _outageSince, 0);
                    _troubleLogged = false;
                }
            }
            catch (Exception exception) when (IsRedisFailure(exception))
            {
                // Redis is away: the window closes by itself when the lease runs out.
                Interlocked.CompareExchange(ref _outageSince, Stopwatch.GetTimestamp(), 0);
                if (!_troubleLogged)
                {
                    _troubleLogged = true;
                    LogLeaseTrouble(_logger, exception);
                }
            }

            try
            {
                await Task.Delay(_options.RenewInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _near.Clear();
        await base.StopAsync(cancellationToken);
        if (_registered)
        {
            // Leave at once, so writes do not wait for this instance's lease to run out.
            try
            {
                await RevokeAsync(InstanceId).WaitAsync(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
            catch (Exception exception) when (IsRedisFailure(exception) || exception is OperationCanceledException or ObjectDisposedException)
            {
                // The lease runs out by itself.
            }
        }
    }

    private async Task SubscribeOnceAsync(ISubscriber subscriber)
    {
        if (_subscribed)
        {
            return; // the multiplexer subscribes again by itself after a reconnect
        }

        // Rarely, a first write and the lease loop both get here: a channel subscribed twice delivers twice, and
        // both handlers are idempotent (forgetting twice, acknowledging twice).
        if (HoldsCopies)
        {
            await subscriber.SubscribeAsync(_invalidations, (_, message) => OnInvalidation(message));
        }

        await subscriber.SubscribeAsync(_myAcknowledgements, (_, message) => OnAcknowledgement(message));
        _subscribed = true;
    }

    private async Task KeepLeaseAsync(RedisConnection redis)
    {
        if (!redis.Subscriber.IsConnected(_invalidations))
        {
            // Messages cannot reach this instance: let the lease run out rather than renew it.
            throw new RedisException("The invalidation subscription is down; the lease is left to run out.");
        }

        var sentAt = Stopwatch.GetTimestamp();
        var stillServing = _near.IsServing;
        var leaseMs = (long)_options.LeaseDuration.TotalMilliseconds;
        if (_registered && (long)await redis.Database.ScriptEvaluateAsync(NearCacheScripts.Renew, [_lease], [leaseMs]) == 1)
        {
            if (!stillServing)
            {
                // The window had closed (Redis was away): a write may have given up on reaching this instance.
                _near.Clear();
            }

            _near.ServeUntil(ServingEnd(sentAt));
            await LiveHoldersAsync();
            return;
        }

        if (_registered)
        {
            // Revoked, or expired while Redis was away: invalidations may have been missed. Stop serving at once.
            _near.Clear();
            _registered = false;
            LogLeaseLost(_logger);
        }

        var registered = (long)await redis.Database.ScriptEvaluateAsync(NearCacheScripts.Register, [_lease, _holders], [leaseMs, InstanceId]);
        // From now on every write waits for this instance. Start empty: earlier writes did not.
        _near.Clear();
        _registered = true;
        Volatile.Write(ref _othersLastSeen, (int)registered - 1);
        _near.ServeUntil(ServingEnd(sentAt));
    }

    // A tenth of the lease is kept back, so this instance stops serving before any writer's wait for it ends.
    private long ServingEnd(long sentAt) =>
        sentAt + (long)(_options.LeaseDuration.TotalSeconds * 0.9 * Stopwatch.Frequency);

    private void OnInvalidation(RedisValue message)
    {
        var parts = ((string?)message)?.Split('\n');
        if (parts is not { Length: >= 3 } || parts[1] == InstanceId)
        {
            return; // the writer forgot its own copies before publishing
        }

        _near.Forget(parts.AsSpan(2).ToArray());
        try
        {
            _redis!.Subscriber.Publish(RedisChannel.Literal(_ackChannelPrefix + parts[1]), $"{parts[0]}\n{InstanceId}",
                CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // The writer hears nothing, revokes this instance and waits out its lease: safe, only slower.
        }
    }

    private void OnAcknowledgement(RedisValue message)
    {
        var parts = ((string?)message)?.Split('\n');
        if (parts is { Length: 2 } && _waiting.TryGetValue(parts[0], out var acknowledgements))
        {
            acknowledgements.Received(parts[1]);
        }
    }

    /// <summary>The other instances holding a live lease; also remembered, for a write that finds Redis gone.</summary>
    private async Task<string[]> LiveHoldersAsync()
    {
        var result = (RedisResult[])(await _redis!.Database.ScriptEvaluateAsync(NearCacheScripts.LiveHolders, [_holders], [_leasePrefix]))!;
        string[] others = [.. result.Select(r => (string)r!).Where(id => id != InstanceId)];
        Volatile.Write(ref _othersLastSeen, others.Length);
        return others;
    }

    private Task RevokeAsync(string holder) =>
        _redis!.Database.ScriptEvaluateAsync(NearCacheScripts.Revoke, [(RedisKey)(_leasePrefix + holder), _holders], [holder]);

    /// <summary>
    /// Redis failed during an invalidation, so the other holders may not have heard of it. Those cut off from Redis
    /// too stop serving within a lease of the outage's start: wait until then — and only if there were any.
    /// </summary>
    private async Task WaitOutLeasesOfOutageAsync(Exception? exception)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _outageSince, now, 0);
        var remaining = Stopwatch.GetElapsedTime(now, Interlocked.Read(ref _outageSince) + (long)(_options.LeaseDuration.TotalSeconds * Stopwatch.Frequency));
        if (Volatile.Read(ref _othersLastSeen) > 0 && remaining > TimeSpan.Zero)
        {
            // Logged only while waiting, that is in an outage's first lease: not once per write for its whole length.
            LogInvalidationNotDelivered(_logger, exception);
            await Task.Delay(remaining);
        }
    }

    private static bool IsRedisFailure(Exception exception) => exception is RedisException or TimeoutException;
}
