using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// Keeps the store from ever slowing requests down: every operation is bounded by a short timeout, repeated
/// failures open a circuit (Polly) so requests stop trying for a while, and invalidations that fail are kept and
/// replayed before the store is read again. Failures surface as <see cref="CacheStoreUnavailableException"/>.
/// </summary>
public sealed partial class ResilientCacheStore : ICacheStore
{
    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromSeconds(30);

    private readonly ICacheStore _inner;
    private readonly CacheStoreMetrics _metrics;
    private readonly PendingInvalidations _pending;
    private readonly ILogger<ResilientCacheStore> _logger;
    private readonly TimeSpan _timeout;
    private readonly ResiliencePipeline _circuit;
    private readonly SemaphoreSlim _replayGate = new(1, 1);
    private long _lastFailureLog;

    public ResilientCacheStore(ICacheStore inner, IOptions<CacheStoreOptions> options, CacheStoreMetrics metrics,
        PendingInvalidations pending, ILogger<ResilientCacheStore> logger)
    {
        _inner = inner;
        _metrics = metrics;
        _pending = pending;
        _logger = logger;
        _timeout = options.Value.OperationTimeout;
        _circuit = new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            // A short window: under load, a long one stays full of the successes from before an outage and the
            // circuit would open only after they aged out, while every request kept paying for the dead store.
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromSeconds(2),
            BreakDuration = options.Value.BreakDuration,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
            OnOpened = args =>
            {
                // Repeated failures are an outage, not a blip: trust nothing cached before it.
                _pending.MarkEverythingStale();
                return Transition(CircuitState.Open, args.Outcome.Exception);
            },
            OnHalfOpened = _ => Transition(CircuitState.HalfOpen, null),
            OnClosed = _ => Transition(CircuitState.Closed, null),
        }).Build();
    }

    /// <summary>How many invalidations still wait to reach the store.</summary>
    public int PendingCount => _pending.Count;

    /// <inheritdoc/>
    public async ValueTask<CacheLookup> GetAsync(string entryKey, IReadOnlyList<string> generationKeys, string freshToken,
        CancellationToken cancellationToken)
    {
        await EnsureNoPendingAsync(cancellationToken);
        return await RunAsync(CacheOperations.Get, ct => _inner.GetAsync(entryKey, generationKeys, freshToken, ct), cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> SetAsync(string entryKey, ReadOnlyMemory<byte> entry, IReadOnlyList<string> generationKeys,
        IReadOnlyList<string> expectedTokens, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        await EnsureNoPendingAsync(cancellationToken);
        return await RunAsync(CacheOperations.Set,
            ct => _inner.SetAsync(entryKey, entry, generationKeys, expectedTokens, timeToLive, ct), cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask InvalidateAsync(IReadOnlyCollection<string> generationKeys, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(CacheOperations.Invalidate, async ct =>
            {
                await _inner.InvalidateAsync(generationKeys, ct);
                return true;
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is CacheStoreUnavailableException or OperationCanceledException)
        {
            // The write already committed; remember what it made stale so the store cannot serve it later.
            _pending.Add(generationKeys);
            throw;
        }
    }

    /// <summary>Replays invalidations that failed earlier, waiting (bounded) for a replay already running; true when none are left.</summary>
    public Task<bool> TryReplayPendingAsync(CancellationToken cancellationToken) => TryReplayAsync(_timeout, cancellationToken);

    private async Task<bool> TryReplayAsync(TimeSpan waitForRunningReplay, CancellationToken cancellationToken)
    {
        if (_pending.IsEmpty)
        {
            return true;
        }

        if (!await _replayGate.WaitAsync(waitForRunningReplay, cancellationToken))
        {
            return false;
        }

        try
        {
            if (_pending.IsEmpty)
            {
                return true;
            }

            var snapshot = _pending.Snapshot();
            await RunAsync(CacheOperations.Invalidate, async ct =>
            {
                await _inner.InvalidateAsync(snapshot.Generations, ct);
                return true;
            }, cancellationToken);
            _pending.Clear(snapshot);
            LogReplayed(_logger, snapshot.Generations.Count);
            return _pending.IsEmpty;
        }
        catch (CacheStoreUnavailableException)
        {
            return false;
        }
        finally
        {
            _replayGate.Release();
        }
    }

    private async ValueTask EnsureNoPendingAsync(CancellationToken cancellationToken)
    {
        // A request does not queue behind a running replay: the store is in doubt until it ends, so the request is
        // served without it at once — one request pays one store timeout, not every request two.
        if (!_pending.IsEmpty && !await TryReplayAsync(TimeSpan.Zero, cancellationToken))
        {
            throw new CacheStoreUnavailableException("Invalidations made during a store outage have not been replayed yet.");
        }
    }

    private async ValueTask<T> RunAsync<T>(string operation, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await _circuit.ExecuteAsync(
                async ct => await call(ct).AsTask().WaitAsync(_timeout, ct), cancellationToken);
            _metrics.Took(operation, Stopwatch.GetElapsedTime(started));
            return result;
        }
        catch (BrokenCircuitException ex)
        {
            throw new CacheStoreUnavailableException("The cache store is resting behind an open circuit.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _metrics.Failed(operation);
            _metrics.Took(operation, Stopwatch.GetElapsedTime(started));
            LogFailureOncePerInterval(operation, ex);
            throw new CacheStoreUnavailableException($"The cache store failed a {operation}.", ex);
        }
    }

    private ValueTask Transition(CircuitState state, Exception? cause)
    {
        _metrics.CircuitChanged(state);
        LogCircuit(_logger, state, cause?.GetType().Name ?? "-", _pending.Count);
        return ValueTask.CompletedTask;
    }

    private void LogFailureOncePerInterval(string operation, Exception ex)
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastFailureLog);
        if ((last == 0 || Stopwatch.GetElapsedTime(last, now) > FailureLogInterval) &&
            Interlocked.CompareExchange(ref _lastFailureLog, now, last) == last)
        {
            LogStoreFailure(_logger, ex, operation, _timeout.TotalMilliseconds);
        }
    }
}
