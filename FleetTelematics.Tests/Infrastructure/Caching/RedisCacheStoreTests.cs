using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Tests.Support;
using StackExchange.Redis;

namespace FleetTelematics.Tests.Infrastructure.Caching;

/// <summary>The store contract against the real Redis of ./test.sh, plus what only Redis can do: evict and expire.</summary>
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
        var generations = DriverGenerations("DRV-0001");
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
        var generation = PrefixGeneration;

        await Store.GetAsync(Entry("a"), [generation], GenerationToken.New(), default);
        var ttl = await _redis.GetDatabase().KeyTimeToLiveAsync(generation);

        ttl.Should().NotBeNull("generations must not pile up forever in a shared Redis");
        ttl!.Value.Should().BeCloseTo(RedisCacheStore.GenerationLifetime, TimeSpan.FromMinutes(1));
    }
}
