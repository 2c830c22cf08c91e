using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Infrastructure.Caching;

/// <summary>
/// The store contract against the 3-master Redis Cluster of ./test.sh: every lookup and conditional store is a script
/// whose keys must share one slot, and invalidations write generations that may live on different masters.
/// </summary>
public sealed class RedisClusterCacheStoreTests : CacheStoreContractTests
{
    private RedisConnection _connection = null!;

    [OneTimeSetUp]
    public async Task Connect()
    {
        _connection = new RedisConnection(TestServices.RedisCluster, TimeSpan.FromSeconds(1));
        await _connection.ConnectAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task Disconnect() => await _connection.DisposeAsync();

    protected override ICacheStore CreateStore() => new RedisCacheStore(_connection);

    [Test]
    public void Connection_IsToAClusterOfThreeMasters()
    {
        var multiplexer = _connection.Database.Multiplexer;
        var masters = multiplexer.GetServers().Where(server => !server.IsReplica).ToList();

        masters.Should().HaveCount(3).And.OnlyContain(server => server.ServerType == StackExchange.Redis.ServerType.Cluster,
            "otherwise this fixture would only repeat the single-node contract");
    }
}
