using FleetTelematics.Infrastructure.Caching;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// A real store with faults on command, in the spirit of FusionCache's <c>ChaosDistributedCache</c>: it fails every
/// operation while <see cref="Failing"/>, answers only after <see cref="Latency"/>, and records each call it was
/// given (<c>get KEY</c>, <c>set KEY</c>, <c>invalidate K1 K2</c> with keys sorted) — passing everything else on.
/// </summary>
public sealed class ChaosCacheStore(ICacheStore inner) : ICacheStore
{
    private readonly List<string> _calls = [];

    public bool Failing { get; set; }

    public TimeSpan Latency { get; set; }

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public async ValueTask<CacheLookup> GetAsync(string entryKey, IReadOnlyList<string> generationKeys, string freshToken,
        CancellationToken cancellationToken)
    {
        await EnterAsync($"get {entryKey}");
        return await inner.GetAsync(entryKey, generationKeys, freshToken, cancellationToken);
    }

    public async ValueTask<bool> SetAsync(string entryKey, ReadOnlyMemory<byte> entry, IReadOnlyList<string> generationKeys,
        IReadOnlyList<string> expectedTokens, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        await EnterAsync($"set {entryKey}");
        return await inner.SetAsync(entryKey, entry, generationKeys, expectedTokens, timeToLive, cancellationToken);
    }

    public async ValueTask InvalidateAsync(IReadOnlyCollection<string> generationKeys, CancellationToken cancellationToken)
    {
        await EnterAsync($"invalidate {string.Join(' ', generationKeys.Order(StringComparer.Ordinal))}");
        await inner.InvalidateAsync(generationKeys, cancellationToken);
    }

    private async Task EnterAsync(string call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency); // like a store that does not answer: it ignores the caller's token
        }

        if (Failing)
        {
            throw new IOException("chaos: the store is down");
        }
    }
}
