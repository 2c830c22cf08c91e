using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using FleetTelematics.Infrastructure.Caching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using DataAnnotationsRange = System.ComponentModel.DataAnnotations.RangeAttribute;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Infrastructure.Caching;

[Category(TestKinds.Unit)]
public sealed class ResilientCacheStoreTests
{
    private const string EntryKey = "t:{dashboard_stats}:e:1";
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);
    private static readonly string[] Generations = ["t:{dashboard_stats}:g"];
    private static readonly string[] WriteGenerations = ["t:{drivers_list}:g", "t:{driver_detail}:g:DRV-0001"];

    private MemoryCacheStore _memory = null!;
    private ChaosCacheStore _chaos = null!;
    private CacheMetricsRecorder _recorder = null!;
    private PendingInvalidations _pending = null!;

    private static string InvalidateCall => $"invalidate {string.Join(' ', WriteGenerations.Order(StringComparer.Ordinal))}";

    [SetUp]
    public void CreateInnerStore()
    {
        _recorder = new CacheMetricsRecorder();
        _pending = new PendingInvalidations(new FixedGenerationKeys());
        _memory = new MemoryCacheStore();
        _chaos = new ChaosCacheStore(_memory);
    }

    [TearDown]
    public void DisposeStores()
    {
        _recorder.Dispose();
        _memory.Dispose();
    }

    [TestCase(nameof(DataAnnotationsRange.Minimum))]
    [TestCase(nameof(DataAnnotationsRange.Maximum))]
    public void Constructor_BreakDurationAtBoundOfOptionsRange_Succeeds(string bound)
    {
        // Whatever start-up validation accepts must also build the circuit, or a valid setting crashes the host later.
        var range = typeof(CacheStoreOptions).GetProperty(nameof(CacheStoreOptions.BreakDuration))!.GetCustomAttribute<DataAnnotationsRange>()!;
        var value = TimeSpan.Parse((string)(bound == nameof(DataAnnotationsRange.Minimum) ? range.Minimum : range.Maximum), CultureInfo.InvariantCulture);

        var create = () => CreateStore(breakDuration: value);

        create.Should().NotThrow("Caching:BreakDuration = {0} passes validation", value);
    }

    [Test]
    public async Task GetAsync_InnerSlowerThanTimeout_ThrowsUnavailableWithinAboutTheTimeout()
    {
        _chaos.Latency = TimeSpan.FromSeconds(10);
        var store = CreateStore();
        var clock = Stopwatch.StartNew();

        var get = async () => await store.GetAsync(EntryKey, Generations, "fresh", default);

        (await get.Should().ThrowAsync<CacheStoreUnavailableException>()).WithInnerException<TimeoutException>();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3), "a request must not wait on a slow store beyond the short timeout");
    }

    [Test]
    public async Task GetAsync_RepeatedFailures_OpensCircuitAndStopsCallingInner()
    {
        var store = CreateStore();
        await OpenCircuitAsync(store);

        for (var i = 0; i < 5; i++)
        {
            var get = async () => await store.GetAsync(EntryKey, Generations, "fresh", default);
            await get.Should().ThrowAsync<CacheStoreUnavailableException>();
        }

        _chaos.Calls.Count(call => call == $"get {EntryKey}").Should().Be(4);
    }

    [Test]
    public async Task InvalidateAsync_CircuitOpen_KeepsKeysPendingWithoutCallingInner()
    {
        var store = CreateStore();
        await OpenCircuitAsync(store);

        var invalidate = async () => await store.InvalidateAsync(WriteGenerations, default);

        await invalidate.Should().ThrowAsync<CacheStoreUnavailableException>();
        store.PendingCount.Should().Be(2);
        _chaos.Calls.Should().NotContain(call => call.StartsWith("invalidate", StringComparison.Ordinal));
    }

    [Test]
    public async Task GetAsync_AfterBreakDuration_TriesInnerAgain()
    {
        var store = CreateStore(breakDuration: TimeSpan.FromMilliseconds(500));
        await OpenCircuitAsync(store);
        _chaos.Failing = false;
        var whileOpen = async () => await store.GetAsync(EntryKey, Generations, "fresh", default);
        await whileOpen.Should().ThrowAsync<CacheStoreUnavailableException>("the store is back, but the circuit is still open");

        await Task.Delay(TimeSpan.FromMilliseconds(800));
        var lookup = await store.GetAsync(EntryKey, Generations, "fresh", default);

        lookup.Tokens.Should().Equal("fresh");
        _chaos.Calls.Count(call => call == $"get {EntryKey}").Should().Be(5,
            "four failures opened the circuit; the fifth call is the trial after the break");
    }

    [Test]
    public async Task GetAsync_CallerCancels_ThrowsOperationCanceledAndCountsNoStoreError()
    {
        _chaos.Latency = TimeSpan.FromSeconds(10);
        var store = CreateStore(timeout: TimeSpan.FromSeconds(5));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var get = async () => await store.GetAsync(EntryKey, Generations, "fresh", cancellation.Token);

        await get.Should().ThrowAsync<OperationCanceledException>();
        _recorder.Total("cache_store_errors", "operation", CacheOperations.Get).Should().Be(0);
    }

    [Test]
    public async Task InvalidateAsync_InnerFails_ThrowsUnavailableAndKeepsKeysPending()
    {
        _chaos.Failing = true;
        var store = CreateStore();

        var invalidate = async () => await store.InvalidateAsync(WriteGenerations, default);

        await invalidate.Should().ThrowAsync<CacheStoreUnavailableException>();
        store.PendingCount.Should().Be(2);
        _pending.Snapshot().Generations.Should().BeEquivalentTo(WriteGenerations);
    }

    [Test]
    public async Task InvalidateAsync_CallerCancels_KeepsKeysPending()
    {
        _chaos.Latency = TimeSpan.FromSeconds(10);
        var store = CreateStore(timeout: TimeSpan.FromSeconds(5));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var invalidate = async () => await store.InvalidateAsync(WriteGenerations, cancellation.Token);

        await invalidate.Should().ThrowAsync<OperationCanceledException>();
        store.PendingCount.Should().Be(2, "the write committed, so its invalidation must still happen");
    }

    [Test]
    public async Task GetAsync_PendingInvalidations_ReplaysThemBeforeReading()
    {
        var store = CreateStore();
        await FailInvalidationAsync(store);
        _chaos.Failing = false;

        await store.GetAsync(EntryKey, Generations, "fresh", default);

        _chaos.Calls.Should().Equal(InvalidateCall, InvalidateCall, $"get {EntryKey}");
        store.PendingCount.Should().Be(0);
    }

    [Test]
    public async Task GetAsync_ReplayFails_ThrowsUnavailableWithoutReading()
    {
        var store = CreateStore();
        await FailInvalidationAsync(store);

        var get = async () => await store.GetAsync(EntryKey, Generations, "fresh", default);

        await get.Should().ThrowAsync<CacheStoreUnavailableException>();
        _chaos.Calls.Should().NotContain(call => call.StartsWith("get", StringComparison.Ordinal));
        store.PendingCount.Should().Be(2);
    }

    [Test]
    public async Task SetAsync_ReplayFails_ThrowsUnavailableWithoutStoring()
    {
        var store = CreateStore();
        await FailInvalidationAsync(store);

        var set = async () => await store.SetAsync(EntryKey, new byte[] { 1, 2, 3 }, Generations, ["old"], TimeSpan.FromMinutes(1), default);

        await set.Should().ThrowAsync<CacheStoreUnavailableException>();
        _chaos.Calls.Should().NotContain(call => call.StartsWith("set", StringComparison.Ordinal));
    }

    [Test]
    public async Task TryReplayPendingAsync_StoreBack_ClearsPendingAndReturnsTrue()
    {
        var store = CreateStore();
        await FailInvalidationAsync(store);
        _chaos.Failing = false;

        var replayed = await store.TryReplayPendingAsync(default);

        replayed.Should().BeTrue();
        store.PendingCount.Should().Be(0);
        _chaos.Calls.Count(call => call == InvalidateCall).Should().Be(2);
    }

    [Test]
    public async Task TryReplayPendingAsync_StoreStillDown_KeepsPendingAndReturnsFalse()
    {
        var store = CreateStore();
        await FailInvalidationAsync(store);

        var replayed = await store.TryReplayPendingAsync(default);

        replayed.Should().BeFalse();
        store.PendingCount.Should().Be(2);
    }

    [Test]
    public async Task TryReplayPendingAsync_NothingPending_ReturnsTrueWithoutCallingInner()
    {
        var store = CreateStore();

        var replayed = await store.TryReplayPendingAsync(default);

        replayed.Should().BeTrue();
        _chaos.Calls.Should().NotContain(call => call.StartsWith("invalidate", StringComparison.Ordinal));
    }

    [Test]
    public async Task GetAsync_InnerFails_CountsStoreErrorOfOperationGet()
    {
        _chaos.Failing = true;
        var store = CreateStore();

        var get = async () => await store.GetAsync(EntryKey, Generations, "fresh", default);

        await get.Should().ThrowAsync<CacheStoreUnavailableException>();
        _recorder.Total("cache_store_errors", "operation", CacheOperations.Get).Should().Be(1);
        _recorder.Total("cache_store_errors", "operation", CacheOperations.Invalidate).Should().Be(0);
    }

    [Test]
    public async Task InvalidateAsync_InnerFails_CountsStoreErrorOfOperationInvalidate()
    {
        var store = CreateStore();

        await FailInvalidationAsync(store);

        _recorder.Total("cache_store_errors", "operation", CacheOperations.Invalidate).Should().Be(1);
        _recorder.Total("cache_store_errors", "operation", CacheOperations.Get).Should().Be(0);
    }

    [Test]
    public async Task SetAsync_InnerSucceeds_PassesArgumentsThroughAndCountsNoError()
    {
        var store = CreateStore();
        var entry = new byte[] { 1, 2, 3 };
        var tokens = (await store.GetAsync(EntryKey, Generations, "token", default)).Tokens;

        var stored = await store.SetAsync(EntryKey, entry, Generations, tokens, TimeSpan.FromMinutes(1), default);

        stored.Should().BeTrue();
        (await _memory.GetAsync(EntryKey, Generations, "other", default)).Entry.Should().Equal(entry);
        _recorder.Total("cache_store_errors", "operation", CacheOperations.Set).Should().Be(0);
    }

    private ResilientCacheStore CreateStore(TimeSpan? timeout = null, TimeSpan? breakDuration = null) =>
        new(_chaos,
            Options.Create(new CacheStoreOptions { OperationTimeout = timeout ?? Timeout, BreakDuration = breakDuration ?? TimeSpan.FromSeconds(30) }),
            _recorder.Store, _pending, NullLogger<ResilientCacheStore>.Instance);

    /// <summary>Four failed reads in a row: the least that opens the circuit (half of at least four calls failing).</summary>
    private async Task OpenCircuitAsync(ResilientCacheStore store)
    {
        _chaos.Failing = true;
        for (var i = 0; i < 4; i++)
        {
            var get = async () => await store.GetAsync(EntryKey, Generations, "fresh", default);
            await get.Should().ThrowAsync<CacheStoreUnavailableException>();
        }
    }

    /// <summary>A write's invalidation that fails because the store is down; the store stays down afterwards.</summary>
    private async Task FailInvalidationAsync(ResilientCacheStore store)
    {
        _chaos.Failing = true;
        var invalidate = async () => await store.InvalidateAsync(WriteGenerations, default);
        await invalidate.Should().ThrowAsync<CacheStoreUnavailableException>();
    }
}
