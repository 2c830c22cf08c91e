using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Infrastructure.Caching;

[Category(TestKinds.Unit)]
public sealed class MemoryCacheStoreTests : CacheStoreContractTests
{
    protected override ICacheStore CreateStore() => new MemoryCacheStore();
}
