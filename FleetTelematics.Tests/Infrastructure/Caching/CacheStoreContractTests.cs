using System.Diagnostics;
using FleetTelematics.Infrastructure.Caching;

namespace FleetTelematics.Tests.Infrastructure.Caching;

/// <summary>
/// The behaviour every <see cref="ICacheStore"/> promises, run unchanged against each implementation: the filters
/// rely on it whichever store is configured.
/// </summary>
public abstract class CacheStoreContractTests
{
    protected const string Prefix = "driver_detail";
    private static readonly TimeSpan LongTtl = TimeSpan.FromMinutes(5);

    protected CacheKeyLayout Layout { get; private set; } = null!;

    protected ICacheStore Store { get; private set; } = null!;

    /// <summary>A new store for one test; keys are already unique per test through <see cref="Layout"/>.</summary>
    protected abstract ICacheStore CreateStore();

    [SetUp]
    public void CreateLayoutAndStore()
    {
        Layout = new CacheKeyLayout("t" + Guid.NewGuid().ToString("N"));
        Store = CreateStore();
    }

    [TearDown]
    public void DisposeStore() => (Store as IDisposable)?.Dispose();

    [Test]
    public async Task GetAsync_UnknownEntry_ReturnsNoEntryAndGenerationsWithFreshToken()
    {
        var fresh = GenerationToken.New();

        var lookup = await Store.GetAsync(Entry("a"), DriverGenerations("DRV-0001"), fresh, default);

        lookup.Entry.Should().BeNull();
        lookup.Tokens.Should().Equal(fresh, fresh);
    }

    [Test]
    public async Task GetAsync_SecondLookup_ReturnsTokensOfFirst()
    {
        var generations = DriverGenerations("DRV-0001");
        var first = await Store.GetAsync(Entry("a"), generations, GenerationToken.New(), default);

        var second = await Store.GetAsync(Entry("b"), generations, GenerationToken.New(), default);

        second.Tokens.Should().Equal(first.Tokens);
    }

    [Test]
    public async Task SetAsync_CurrentTokens_StoresAndGetReturnsIdenticalBytes()
    {
        var generations = DriverGenerations("DRV-0001");
        var tokens = (await Store.GetAsync(Entry("a"), generations, GenerationToken.New(), default)).Tokens;
        var bytes = Bytes(4096);

        var stored = await Store.SetAsync(Entry("a"), bytes, generations, tokens, LongTtl, default);
        var lookup = await Store.GetAsync(Entry("a"), generations, GenerationToken.New(), default);

        stored.Should().BeTrue();
        lookup.Entry.Should().Equal(bytes);
        lookup.Tokens.Should().Equal(tokens);
    }

    [Test]
    public async Task InvalidateAsync_SomeGenerations_ChangesTokensOfExactlyThose()
    {
        // Every level of a scope lives in its outermost value's stripe, so one lookup can read them all.
        var stripe = Layout.StripeForScope(Prefix, "DRV-0001");
        string[] generations = [Layout.Generation(stripe), Layout.Generation(stripe, "DRV-0001"),
            Layout.Generation(stripe, "DRV-0001:trips"), Layout.Generation(stripe, "DRV-0001:events")];
        var before = (await Store.GetAsync(Entry("a"), generations, GenerationToken.New(), default)).Tokens;

        await Store.InvalidateAsync([generations[1], generations[2]], default);
        var after = (await Store.GetAsync(Entry("a"), generations, GenerationToken.New(), default)).Tokens;

        after[0].Should().Be(before[0]);
        after[1].Should().NotBe(before[1]);
        after[2].Should().NotBe(before[2]);
        after[3].Should().Be(before[3]);
    }

    [Test]
    public async Task InvalidateAsync_Twice_GivesANewTokenEachTime()
    {
        string[] generation = [PrefixGeneration];
        var seen = new List<string> { (await Store.GetAsync(Entry("a"), generation, GenerationToken.New(), default)).Tokens[0] };

        for (var i = 0; i < 3; i++)
        {
            await Store.InvalidateAsync(generation, default);
            seen.Add((await Store.GetAsync(Entry("a"), generation, GenerationToken.New(), default)).Tokens[0]);
        }

        seen.Should().OnlyHaveUniqueItems();
    }

    [Test]
    public async Task SetAsync_StaleTokens_ReturnsFalseAndStoresNothing()
    {
        var generations = DriverGenerations("DRV-0001");
        var tokensBeforeWrite = (await Store.GetAsync(Entry("a"), generations, GenerationToken.New(), default)).Tokens;
        await Store.InvalidateAsync([generations[1]], default);

        var stored = await Store.SetAsync(Entry("a"), Bytes(64), generations, tokensBeforeWrite, LongTtl, default);
        var lookup = await Store.GetAsync(Entry("a"), generations, GenerationToken.New(), default);

        stored.Should().BeFalse();
        lookup.Entry.Should().BeNull();
    }

    [Test]
    public async Task SetAsync_GenerationNeverCreated_ReturnsFalseAndStoresNothing()
    {
        string[] generations = [PrefixGeneration];

        var stored = await Store.SetAsync(Entry("a"), Bytes(64), generations, [GenerationToken.New()], LongTtl, default);
        var lookup = await Store.GetAsync(Entry("a"), generations, GenerationToken.New(), default);

        stored.Should().BeFalse();
        lookup.Entry.Should().BeNull();
    }

    [Test]
    public async Task SetAsync_ShortTtl_EntryExpires()
    {
        string[] generations = [PrefixGeneration];
        var tokens = (await Store.GetAsync(Entry("a"), generations, GenerationToken.New(), default)).Tokens;
        await Store.SetAsync(Entry("a"), Bytes(64), generations, tokens, TimeSpan.FromMilliseconds(300), default);
        var justStored = await Store.GetAsync(Entry("a"), generations, GenerationToken.New(), default);

        var expired = await EventuallyAsync(async () =>
            (await Store.GetAsync(Entry("a"), generations, GenerationToken.New(), default)).Entry is null, TimeSpan.FromSeconds(5));

        justStored.Entry.Should().NotBeNull();
        expired.Should().BeTrue("an entry with a 300 ms TTL must be gone within 5 s");
    }

    [Test]
    public async Task InvalidateAsync_OneScope_LeavesOtherScopesAndTheirEntries()
    {
        var driverOne = DriverGenerations("DRV-0001");
        var driverTwo = DriverGenerations("DRV-0002");
        var tokensOne = (await Store.GetAsync(Entry("one"), driverOne, GenerationToken.New(), default)).Tokens;
        var tokensTwo = (await Store.GetAsync(Entry("two", "DRV-0002"), driverTwo, GenerationToken.New(), default)).Tokens;
        await Store.SetAsync(Entry("one"), Bytes(32), driverOne, tokensOne, LongTtl, default);
        await Store.SetAsync(Entry("two", "DRV-0002"), Bytes(32), driverTwo, tokensTwo, LongTtl, default);

        await Store.InvalidateAsync([Layout.ScopeGeneration(Prefix, "DRV-0001")], default);
        var one = await Store.GetAsync(Entry("one"), driverOne, GenerationToken.New(), default);
        var two = await Store.GetAsync(Entry("two", "DRV-0002"), driverTwo, GenerationToken.New(), default);

        one.Tokens.Should().NotEqual(tokensOne, "DRV-0001's entries were invalidated");
        one.Tokens[0].Should().Be(tokensOne[0], "the prefix itself was not invalidated");
        one.Tokens[1].Should().NotBe(tokensOne[1]);
        two.Tokens.Should().Equal(tokensTwo, "DRV-0002's entries are still current");
        two.Entry.Should().NotBeNull();
    }

    [Test]
    public async Task InvalidateAsync_PrefixGeneration_StalesEntriesOfEveryScope()
    {
        var driverOne = DriverGenerations("DRV-0001");
        var driverTwo = DriverGenerations("DRV-0002");
        var tokensOne = (await Store.GetAsync(Entry("one"), driverOne, GenerationToken.New(), default)).Tokens;
        var tokensTwo = (await Store.GetAsync(Entry("two", "DRV-0002"), driverTwo, GenerationToken.New(), default)).Tokens;

        await Store.InvalidateAsync(Layout.PrefixGenerations(Prefix).ToArray(), default);
        var storedOne = await Store.SetAsync(Entry("one"), Bytes(32), driverOne, tokensOne, LongTtl, default);
        var storedTwo = await Store.SetAsync(Entry("two", "DRV-0002"), Bytes(32), driverTwo, tokensTwo, LongTtl, default);

        storedOne.Should().BeFalse();
        storedTwo.Should().BeFalse();
    }

    /// <summary>An entry of one driver's scope, in that scope's stripe (DRV-0001 unless told).</summary>
    protected string Entry(string variant, string driverId = "DRV-0001") => Layout.Entry(Layout.StripeForScope(Prefix, driverId), variant);

    /// <summary>What an entry of one driver's scope depends on: its stripe's prefix generation, and the driver's.</summary>
    protected string[] DriverGenerations(string driverId)
    {
        var stripe = Layout.StripeForScope(Prefix, driverId);
        return [Layout.Generation(stripe), Layout.Generation(stripe, driverId)];
    }

    /// <summary>The prefix's generation in the stripe of <see cref="Entry"/>'s default entries.</summary>
    protected string PrefixGeneration => DriverGenerations("DRV-0001")[0];

    protected static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        bytes[0] = 0; // a NUL byte must survive the store
        return bytes;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < limit)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }
}
