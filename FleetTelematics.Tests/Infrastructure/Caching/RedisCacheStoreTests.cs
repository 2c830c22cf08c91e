using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Tests.Support;
using StackExchange.Redis;

namespace FleetTelematics.Tests.Infrastructure.Caching;

/// <summary>The store contract against the real Redis of ./test.sh, plus what only Redis can do: evict and shard.</summary>
public sealed class RedisCacheStoreTests : CacheStoreContractTests
{
    private ConnectionMultiplexer _redis = null!;
    private RedisConnection _connection = null!;

    [OneTimeSetUp]
    public async Task Connect()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        _connection = new RedisConnection(TestServices.Redis, TimeSpan.FromSeconds(1));
        await _connection.ConnectAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task Disconnect()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    protected override ICacheStore CreateStore() => new RedisCacheStore(_connection);

    [Test]
    public async Task GetAsync_GenerationKeyEvicted_ReturnsFreshTokenAndOldEntryNoLongerMatches()
    {
        string[] generations = [Layout.Generation(Prefix), Layout.Generation(Prefix, "DRV-0001")];
        var stamps = (await Store.GetAsync(Entry("a"), generations, GenerationToken.New(), default)).Tokens;
        await Store.SetAsync(Entry("a"), Bytes(64), generations, stamps, TimeSpan.FromMinutes(5), default);
        await _redis.GetDatabase().KeyDeleteAsync(generations[1]);
        var fresh = GenerationToken.New();

        var lookup = await Store.GetAsync(Entry("a"), generations, fresh, default);

        lookup.Entry.Should().NotBeNull("only the generation was evicted, not the entry");
        lookup.Tokens.Should().Equal(stamps[0], fresh);
        lookup.Tokens.Should().NotEqual(stamps, "an entry stamped before the eviction must not be served");
    }

    [Test]
    public async Task GetAsync_NewGeneration_ExpiresAfterGenerationLifetime()
    {
        var generation = Layout.Generation(Prefix);

        await Store.GetAsync(Entry("a"), [generation], GenerationToken.New(), default);
        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync(generation);

        ttl.Should().NotBeNull("generations must not pile up forever in a shared Redis");
        ttl!.Value.Should().BeCloseTo(RedisCacheStore.GenerationLifetime, TimeSpan.FromMinutes(1));
    }

    [Test]
    public void CacheKeyLayout_KeysOfOnePrefix_ShareOneClusterHashSlot()
    {
        string[] keys =
        [
            Layout.Entry(Prefix, "0123abcd"),
            Layout.Entry(Prefix, "ffee9876"),
            Layout.Generation(Prefix),
            Layout.Generation(Prefix, "DRV-0001"),
            Layout.Generation(Prefix, "DRV-0002"),
        ];

        var slots = keys.Select(ClusterHashSlot).Distinct().ToList();
        var otherPrefixSlot = ClusterHashSlot(Layout.Generation("dashboard_stats"));

        ClusterHashSlot("foo").Should().Be(12182, "the slot function is Redis's (CLUSTER KEYSLOT foo = 12182)");
        ClusterHashSlot("{foo}.bar").Should().Be(12182, "only the hash tag counts (CLUSTER KEYSLOT {foo}.bar = 12182)");
        slots.Should().ContainSingle();
        otherPrefixSlot.Should().NotBe(slots[0], "the hash tag is the prefix, so other prefixes spread over the cluster");
    }

    /// <summary>
    /// The Redis Cluster slot of a key: CRC16 (XMODEM) of its hash tag, or of the whole key when it has none, modulo
    /// 16384. StackExchange.Redis computes slots only when connected to a cluster, and the test Redis is standalone.
    /// </summary>
    private static int ClusterHashSlot(string key)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(key).AsSpan();
        var open = bytes.IndexOf((byte)'{');
        if (open >= 0 && bytes[(open + 1)..].IndexOf((byte)'}') is > 0 and var length)
        {
            bytes = bytes.Slice(open + 1, length);
        }

        var crc = 0;
        foreach (var value in bytes)
        {
            crc ^= value << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }

        return (crc & 0xFFFF) % 16384;
    }
}
