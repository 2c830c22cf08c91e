using System.Collections.Concurrent;
using System.Text;

namespace FleetTelematics.Infrastructure.Caching;

/// <summary>
/// How logical cache names become store keys (ADR-014). Each prefix is split into <see cref="StripeCount"/> stripes,
/// each a Redis Cluster hash tag of its own, so one prefix's entries spread over every master. An entry lives in one
/// stripe together with the generations it depends on: a lookup stays one script call on one slot. The prefix's
/// generation exists once per stripe, so invalidating a whole prefix writes <see cref="StripeCount"/> tokens —
/// constant, whatever is cached. A route-value scope (<c>driver_detail</c> → <c>DRV-0001</c>) lives in the stripe
/// its outermost value hashes to, so invalidating one driver still writes one token.
/// </summary>
public sealed class CacheKeyLayout(string keyPrefix)
{
    /// <summary>
    /// Stripes per prefix. Enough for a hot prefix to use every master of a cluster of up to 16 (each stripe is pinned
    /// to its own sixteenth of the slot range); few enough that a prefix-wide invalidation stays one pipelined write.
    /// Part of the key layout: instances that disagree on it must not share a Redis.
    /// </summary>
    public const int StripeCount = 16;

    private const int SlotsPerStripe = RedisHashSlot.SlotCount / StripeCount;

    private readonly ConcurrentDictionary<string, CacheStripe[]> _stripes = new(StringComparer.Ordinal);

    public string KeyPrefix { get; } = keyPrefix;

    /// <summary>The stripe of an entry that has no route scope: the one its variant hash picks.</summary>
    public CacheStripe StripeForVariant(string prefix, string variantHash) => StripesOf(prefix)[Bucket(variantHash)];

    /// <summary>The stripe of a route scope (<c>DRV-0001</c>, or <c>DRV-0001:2026-01</c>): that of its outermost value.</summary>
    public CacheStripe StripeForScope(string prefix, string scope)
    {
        var separator = scope.IndexOf(':', StringComparison.Ordinal);
        return StripesOf(prefix)[Bucket(separator < 0 ? scope : scope[..separator])];
    }

    /// <summary>The entry key; <paramref name="variantHash"/> is a hash of everything the response varies by.</summary>
    public string Entry(CacheStripe stripe, string variantHash) => $"{KeyPrefix}:{{{stripe.Tag}}}:e:{variantHash}";

    /// <summary>The prefix's generation in one stripe, or that of a scope under it (which must live in that stripe).</summary>
    public string Generation(CacheStripe stripe, string? scope = null) =>
        scope is null ? $"{KeyPrefix}:{{{stripe.Tag}}}:g" : $"{KeyPrefix}:{{{stripe.Tag}}}:g:{scope}";

    /// <summary>The one generation to renew when a single scope changes.</summary>
    public string ScopeGeneration(string prefix, string scope) => Generation(StripeForScope(prefix, scope), scope);

    /// <summary>The generations to renew when a whole prefix changes: one per stripe.</summary>
    public IEnumerable<string> PrefixGenerations(string prefix) => StripesOf(prefix).Select(stripe => Generation(stripe));

    /// <summary>
    /// The prefix's stripes, computed once. Stripe <c>i</c>'s tag is <c>prefix:n</c> for the smallest <c>n</c> whose
    /// slot falls in the <c>i</c>-th sixteenth of the slot range: a cluster created with contiguous slot ranges per
    /// master (as <c>redis-cli --cluster create</c> does) then holds several stripes of every prefix on every master.
    /// </summary>
    public IReadOnlyList<CacheStripe> StripesOf(string prefix) => _stripes.GetOrAdd(prefix, static prefix =>
    {
        var stripes = new CacheStripe[StripeCount];
        var found = 0;
        for (var n = 0; found < StripeCount; n++)
        {
            var tag = $"{prefix}:{n}";
            var index = RedisHashSlot.Of($"{{{tag}}}") / SlotsPerStripe;
            if (stripes[index].Tag is null)
            {
                stripes[index] = new CacheStripe(prefix, index, tag);
                found++;
            }
        }

        return stripes;
    });

    /// <summary>A stable bucket for a value, the same in every process and .NET version (unlike string hash codes).</summary>
    private static int Bucket(string value) => RedisHashSlot.Crc16(Encoding.UTF8.GetBytes(value)) % StripeCount;
}
