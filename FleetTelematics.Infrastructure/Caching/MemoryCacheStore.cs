using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// The in-process store, used when no Redis is configured. Same contract as the Redis store; a lock makes the
/// conditional store atomic with invalidations, as the Lua script does in Redis.
/// </summary>
public sealed class MemoryCacheStore(long sizeLimitBytes = 256L * 1024 * 1024) : ICacheBackend, IDisposable
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = sizeLimitBytes });
    private readonly Dictionary<string, string> _generations = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public ValueTask<CacheLookup> GetAsync(string entryKey, IReadOnlyList<string> generationKeys, string freshToken,
        CancellationToken cancellationToken)
    {
        var tokens = new string[generationKeys.Count];
        lock (_gate)
        {
            for (var i = 0; i < tokens.Length; i++)
            {
                if (!_generations.TryGetValue(generationKeys[i], out var token))
                {
                    _generations[generationKeys[i]] = token = freshToken;
                }

                tokens[i] = token;
            }
        }

        return ValueTask.FromResult(new CacheLookup(_entries.Get<byte[]>(entryKey), tokens));
    }

    /// <inheritdoc/>
    public ValueTask<bool> SetAsync(string entryKey, ReadOnlyMemory<byte> entry, IReadOnlyList<string> generationKeys,
        IReadOnlyList<string> expectedTokens, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            for (var i = 0; i < generationKeys.Count; i++)
            {
                if (!_generations.TryGetValue(generationKeys[i], out var token) || token != expectedTokens[i])
                {
                    return ValueTask.FromResult(false);
                }
            }

            _entries.Set(entryKey, entry.ToArray(), new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = timeToLive,
                Size = entry.Length + entryKey.Length,
            });
        }

        return ValueTask.FromResult(true);
    }

    /// <inheritdoc/>
    public ValueTask InvalidateAsync(IReadOnlyCollection<string> generationKeys, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var key in generationKeys)
            {
                _generations[key] = GenerationToken.New();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken) =>
        Task.FromResult(HealthCheckResult.Healthy("in-process cache store"));

    public void Dispose() => _entries.Dispose();
}
