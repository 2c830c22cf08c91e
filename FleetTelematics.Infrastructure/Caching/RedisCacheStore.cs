using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// The Redis store. Lookups and conditional stores are Lua scripts over keys of one hash slot (see
/// <see cref="CacheKeyLayout"/>), so each is one round trip and works unchanged on Redis Cluster.
/// </summary>
public sealed class RedisCacheStore(RedisConnection redis) : ICacheBackend, IAsyncDisposable
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Generations outlive every entry TTL; if one expires anyway it comes back with a fresh token.</summary>
    public static readonly TimeSpan GenerationLifetime = TimeSpan.FromDays(2);

    // KEYS[1] = entry, KEYS[2..] = generations; ARGV[1] = token for a missing generation, ARGV[2] = its TTL (s).
    private const string LookupScript = """
        local out = { redis.call('GET', KEYS[1]) or false }
        for i = 2, #KEYS do
          local token = redis.call('GET', KEYS[i])
          if not token then
            redis.call('SET', KEYS[i], ARGV[1], 'EX', ARGV[2])
            token = ARGV[1]
          end
          out[i] = token
        end
        return out
        """;

    // KEYS[1] = entry, KEYS[2..] = generations; ARGV[1] = entry, ARGV[2] = TTL (ms), ARGV[3..] = expected tokens.
    private const string StoreIfCurrentScript = """
        for i = 2, #KEYS do
          if redis.call('GET', KEYS[i]) ~= ARGV[i + 1] then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    // While a slot migrates, a script whose keys are split between the two masters is refused with TRYAGAIN (only MOVED
    // and ASK are followed by StackExchange.Redis). The keys of a slot move within milliseconds: try again briefly,
    // bounded, rather than fail the request over to the database.
    private const int TryAgainAttempts = 10;
    private static readonly TimeSpan TryAgainPause = TimeSpan.FromMilliseconds(5);

    private IDatabase Database => redis.Database;

    /// <summary>The connection, shared with the near-cache coordinator's leases and messages.</summary>
    public RedisConnection Connection => redis;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => redis.ConnectAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var latency = await redis.PingAsync(PingTimeout, cancellationToken);
            return HealthCheckResult.Healthy($"redis answered in {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Degraded("redis is unreachable; responses are served without the cache");
        }
    }

    public ValueTask DisposeAsync() => redis.DisposeAsync();

    /// <inheritdoc/>
    public async ValueTask<CacheLookup> GetAsync(string entryKey, IReadOnlyList<string> generationKeys, string freshToken,
        CancellationToken cancellationToken)
    {
        var keys = new RedisKey[generationKeys.Count + 1];
        keys[0] = entryKey;
        for (var i = 0; i < generationKeys.Count; i++)
        {
            keys[i + 1] = generationKeys[i];
        }

        var result = (RedisResult[])(await EvaluateAsync(LookupScript, keys,
            [freshToken, (long)GenerationLifetime.TotalSeconds], cancellationToken))!;
        var tokens = new string[generationKeys.Count];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = (string)result[i + 1]!;
        }

        return new CacheLookup(result[0].IsNull ? null : (byte[])result[0]!, tokens);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> SetAsync(string entryKey, ReadOnlyMemory<byte> entry, IReadOnlyList<string> generationKeys,
        IReadOnlyList<string> expectedTokens, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var keys = new RedisKey[generationKeys.Count + 1];
        var values = new RedisValue[expectedTokens.Count + 2];
        keys[0] = entryKey;
        values[0] = entry;
        values[1] = (long)timeToLive.TotalMilliseconds;
        for (var i = 0; i < generationKeys.Count; i++)
        {
            keys[i + 1] = generationKeys[i];
            values[i + 2] = expectedTokens[i];
        }

        return (long)(await EvaluateAsync(StoreIfCurrentScript, keys, values, cancellationToken)) == 1;
    }

    private async Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Database.ScriptEvaluateAsync(script, keys, values);
            }
            catch (RedisServerException exception) when (attempt < TryAgainAttempts &&
                                                         exception.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal))
            {
                await Task.Delay(TryAgainPause, cancellationToken);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask InvalidateAsync(IReadOnlyCollection<string> generationKeys, CancellationToken cancellationToken)
    {
        // One SET per generation, sent together: one round trip, and each key may live on its own cluster slot.
        var database = Database;
        await Task.WhenAll(generationKeys.Select(key =>
            database.StringSetAsync(key, GenerationToken.New(), GenerationLifetime)));
    }
}
