using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using FleetTelematics.Infrastructure.Caching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
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

    private Mock<ICacheStore> _inner = null!;
    private CacheMetricsRecorder _recorder = null!;
    private PendingInvalidations _pending = null!;
    private List<string> _calls = null!;
    private bool _innerDown;

    [SetUp]
    public void CreateInnerStore()
    {
        _recorder = new CacheMetricsRecorder();
        _pending = new PendingInvalidations(new FixedGenerationKeys());
        _calls = [];
        _innerDown = false;
        _inner = new Mock<ICacheStore>();
        _inner.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string entry, IReadOnlyList<string> generations, string fresh, CancellationToken _) =>
            {
                _calls.Add($"get {entry}");
                return _innerDown
                    ? ValueTask.FromException<CacheLookup>(new IOException("store down"))
                    : ValueTask.FromResult(new CacheLookup(null, generations.Select(_ => fresh).ToArray()));
            });
        _inner.Setup(s => s.SetAsync(It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<IReadOnlyList<string>>(),
                It.IsAny<IReadOnlyList<string>>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Returns((string entry, ReadOnlyMemory<byte> _, IReadOnlyList<string> _, IReadOnlyList<string> _, TimeSpan _, CancellationToken _) =>
            {
                _calls.Add($"set {entry}");
                return _innerDown ? ValueTask.FromException<bool>(new IOException("store down")) : ValueTask.FromResult(true);
            });
        _inner.Setup(s => s.InvalidateAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .Returns((IReadOnlyCollection<string> keys, CancellationToken _) =>
            {
                _calls.Add($"invalidate {string.Join(' ', keys.Order(StringComparer.Ordinal))}");
                return _innerDown ? ValueTask.FromException(new IOException("store down")) : ValueTask.CompletedTask;
            });
    }

    [TearDown]
    public void DisposeMetrics() => _recorder.Dispose();

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
        _inner.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(10));
                return new CacheLookup(null, ["late"]);
            });
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

        _inner.Verify(s => s.GetAsync(EntryKey, Generations, "fresh", It.IsAny<CancellationToken>()), Times.Exactly(4));
    }

    [Test]
    public async Task InvalidateAsync_CircuitOpen_KeepsKeysPendingWithoutCallingInner()
    {
        var store = CreateStore();
        await OpenCircuitAsync(store);

        var invalidate = async () => await store.InvalidateAsync(WriteGenerations, default);

        await invalidate.Should().ThrowAsync<CacheStoreUnavailableException>();
        store.PendingCount.Should().Be(2);
        _inner.Verify(s => s.InvalidateAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task GetAsync_AfterBreakDuration_TriesInnerAgain()
    {
        var store = CreateStore(breakDuration: TimeSpan.FromMilliseconds(500));
        await OpenCircuitAsync(store);
        _innerDown = false;
        var whileOpen = async () => await store.GetAsync(EntryKey, Generations, "fresh", default);
        await whileOpen.Should().ThrowAsync<CacheStoreUnavailableException>("the store is back, but the circuit is still open");

        await Task.Delay(TimeSpan.FromMilliseconds(800));
        var lookup = await store.GetAsync(EntryKey, Generations, "fresh", default);

        lookup.Tokens.Should().Equal("fresh");
        _inner.Verify(s => s.GetAsync(EntryKey, Generations, "fresh", It.IsAny<CancellationToken>()), Times.Exactly(5),
            "four failures opened the circuit; the fifth call is the trial after the break");
    }

    [Test]
    public async Task GetAsync_CallerCancels_ThrowsOperationCanceledAndCountsNoStoreError()
    {
        _inner.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(10));
                return new CacheLookup(null, ["late"]);
            });
        var store = CreateStore(timeout: TimeSpan.FromSeconds(5));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var get = async () => await store.GetAsync(EntryKey, Generations, "fresh", cancellation.Token);

        await get.Should().ThrowAsync<OperationCanceledException>();
        _recorder.Total("cache_store_errors", "operation", CacheOperations.Get).Should().Be(0);
    }

    [Test]
    public async Task InvalidateAsync_InnerFails_ThrowsUnavailableAndKeepsKeysPending()
    {
        _innerDown = true;
        var store = CreateStore();

        var invalidate = async () => await store.InvalidateAsync(WriteGenerations, default);

        await invalidate.Should().ThrowAsync<CacheStoreUnavailableException>();
        store.PendingCount.Should().Be(2);
        _pending.Snapshot().Generations.Should().BeEquivalentTo(WriteGenerations);
    }

    [Test]
    public async Task InvalidateAsync_CallerCancels_KeepsKeysPending()
    {
        _inner.Setup(s => s.InvalidateAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .Returns(async () => await Task.Delay(TimeSpan.FromSeconds(10)));
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
        _innerDown = false;

        await store.GetAsync(EntryKey, Generations, "fresh", default);

        _calls.Should().Equal(
            $"invalidate {string.Join(' ', WriteGenerations.Order(StringComparer.Ordinal))}",
            $"invalidate {string.Join(' ', WriteGenerations.Order(StringComparer.Ordinal))}",
            $"get {EntryKey}");
        store.PendingCount.Should().Be(0);
    }

    [Test]
    public async Task GetAsync_ReplayFails_ThrowsUnavailableWithoutReading()
    {
        var store = CreateStore();
        await FailInvalidationAsync(store);

        var get = async () => await store.GetAsync(EntryKey, Generations, "fresh", default);

        await get.Should().ThrowAsync<CacheStoreUnavailableException>();
        _inner.Verify(s => s.GetAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        store.PendingCount.Should().Be(2);
    }

    [Test]
    public async Task SetAsync_ReplayFails_ThrowsUnavailableWithoutStoring()
    {
        var store = CreateStore();
        await FailInvalidationAsync(store);

        var set = async () => await store.SetAsync(EntryKey, new byte[] { 1, 2, 3 }, Generations, ["old"], TimeSpan.FromMinutes(1), default);

        await set.Should().ThrowAsync<CacheStoreUnavailableException>();
        _inner.Verify(s => s.SetAsync(It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<IReadOnlyList<string>>(),
            It.IsAny<IReadOnlyList<string>>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task TryReplayPendingAsync_StoreBack_ClearsPendingAndReturnsTrue()
    {
        var store = CreateStore();
        await FailInvalidationAsync(store);
        _innerDown = false;

        var replayed = await store.TryReplayPendingAsync(default);

        replayed.Should().BeTrue();
        store.PendingCount.Should().Be(0);
        _inner.Verify(s => s.InvalidateAsync(It.Is<IReadOnlyCollection<string>>(keys => keys.Order(StringComparer.Ordinal)
            .SequenceEqual(WriteGenerations.Order(StringComparer.Ordinal))), It.IsAny<CancellationToken>()), Times.Exactly(2));
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
        _inner.Verify(s => s.InvalidateAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task GetAsync_InnerFails_CountsStoreErrorOfOperationGet()
    {
        _innerDown = true;
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

        var stored = await store.SetAsync(EntryKey, entry, Generations, ["token"], TimeSpan.FromMinutes(1), default);

        stored.Should().BeTrue();
        _inner.Verify(s => s.SetAsync(EntryKey, It.Is<ReadOnlyMemory<byte>>(bytes => bytes.ToArray().SequenceEqual(entry)),
            Generations, It.Is<IReadOnlyList<string>>(tokens => tokens.SequenceEqual(new[] { "token" })), TimeSpan.FromMinutes(1),
            It.IsAny<CancellationToken>()), Times.Once);
        _recorder.Total("cache_store_errors", "operation", CacheOperations.Set).Should().Be(0);
    }

    private ResilientCacheStore CreateStore(TimeSpan? timeout = null, TimeSpan? breakDuration = null) =>
        new(_inner.Object,
            Options.Create(new CacheStoreOptions { OperationTimeout = timeout ?? Timeout, BreakDuration = breakDuration ?? TimeSpan.FromSeconds(30) }),
            _recorder.Store, _pending, NullLogger<ResilientCacheStore>.Instance);

    /// <summary>Four failed reads in a row: the least that opens the circuit (half of at least four calls failing).</summary>
    private async Task OpenCircuitAsync(ResilientCacheStore store)
    {
        _innerDown = true;
        for (var i = 0; i < 4; i++)
        {
            var get = async () => await store.GetAsync(EntryKey, Generations, "fresh", default);
            await get.Should().ThrowAsync<CacheStoreUnavailableException>();
        }
    }

    /// <summary>A write's invalidation that fails because the store is down; the store stays down afterwards.</summary>
    private async Task FailInvalidationAsync(ResilientCacheStore store)
    {
        _innerDown = true;
        var invalidate = async () => await store.InvalidateAsync(WriteGenerations, default);
        await invalidate.Should().ThrowAsync<CacheStoreUnavailableException>();
    }
}
