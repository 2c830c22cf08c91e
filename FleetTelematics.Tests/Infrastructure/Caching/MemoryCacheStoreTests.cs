using FleetTelematics.Infrastructure.Caching;

namespace FleetTelematics.Tests.Infrastructure.Caching;

public sealed class MemoryCacheStoreTests : CacheStoreContractTests
{
    protected override ICacheStore CreateStore() => new MemoryCacheStore();
}
