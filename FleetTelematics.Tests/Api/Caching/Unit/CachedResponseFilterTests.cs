using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using FleetTelematics.Api.Caching;
using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Infrastructure.Caching.Near;
using FleetTelematics.Infrastructure.Persistence;
using FleetTelematics.Tests.Infrastructure.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Npgsql;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching.Unit;

[Category(TestKinds.Unit)]
public sealed class CachedResponseFilterTests
{
    private static readonly CacheKeyLayout Layout = new("t");
    private static readonly string[] CurrentTokens = ["current-token"];
    private static readonly Figures Value = new(200, 87.5m);

    // Never connected to: the outage recorder only clears its (empty) pool.
    private readonly NpgsqlDataSource _outages = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1");
    private static readonly TimeSpan StatsTtl = TimeSpan.FromSeconds(60);

    private Mock<ICacheStore> _store = null!;
    private CacheMetricsRecorder _recorder = null!;
    private ResponseCachingOptions _options = null!;
    private CachePolicyRegistry _registry = null!;
    private CachedResponseFilter _filter = null!;
    private NearCache _near = null!;

    [SetUp]
    public void CreateFilter()
    {
        _store = new Mock<ICacheStore>();
        _store.Setup(s => s.SetAsync(It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<IReadOnlyList<string>>(),
                It.IsAny<IReadOnlyList<string>>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.FromResult(true));
        _recorder = new CacheMetricsRecorder();
        _options = new ResponseCachingOptions();
        _registry = FakeActionDescriptors.Registry();
        _near = new NearCache(1 << 20);
        _near.ServeUntil(Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60);
        _filter = new CachedResponseFilter(_registry, new CacheKeyBuilder(Layout), _store.Object, new SingleFlight<CacheEntry?>(),
            _near, _recorder.Responses, new DatabaseOutages(_outages, NullLogger<DatabaseOutages>.Instance), Options.Create(_options),
            TimeProvider.System, NullLogger<CachedResponseFilter>.Instance);
    }

    [TearDown]
    public void DisposeMetrics() => _recorder.Dispose();

    [OneTimeTearDown]
    public void DisposeDataSource() => _outages.Dispose();

    [Test]
    public async Task OnResourceExecutionAsync_CurrentEntry_ServesHitWithoutRunningAction()
    {
        var stored = new CacheEntry(Encoding.UTF8.GetBytes("{\"cached\":true}"), "application/json; charset=utf-8", "\"abc\"",
            DateTimeOffset.UtcNow.AddSeconds(-5), [new("X-Total-Count", "7")], CurrentTokens);
        StoreReturns(new CacheLookup(CacheEntrySerializer.Serialize(stored), CurrentTokens));

        var request = await GetAsync(nameof(FakeFleetActions.Stats), Ok());
        var response = await request.WriteAsync();

        request.ActionRuns.Should().Be(0);
        request.Resource.Result.Should().BeOfType<CachedEntryResult>();
        response.Headers[CachedEntryResult.CacheStatusHeader].ToString().Should().Be(CachedEntryResult.Hit);
        response.Headers["X-Total-Count"].ToString().Should().Be("7");
        response.Body.Should().Equal(stored.Body.ToArray());
        VerifyNothingStored();
        _recorder.Total("cache_hits", "cache_key_pattern", "dashboard_stats").Should().Be(1);
        _near.TryGet(ExpectedRequest(request).EntryKey, out var copy).Should().BeTrue("a Redis hit becomes a local copy");
        copy.Should().BeOfType<CacheEntry>().Which.ETag.Should().Be(stored.ETag);
    }

    [Test]
    public async Task OnResourceExecutionAsync_EntryWithStaleTokens_RunsActionAndStoresWithTokensOfTheLookup()
    {
        var stale = new CacheEntry(Encoding.UTF8.GetBytes("{\"cached\":true}"), "application/json", "\"abc\"",
            DateTimeOffset.UtcNow, [], ["old-token"]);
        StoreReturns(new CacheLookup(CacheEntrySerializer.Serialize(stale), CurrentTokens));
        var stores = CaptureStores();

        var request = await GetAsync(nameof(FakeFleetActions.Stats), Ok());
        var response = await request.WriteAsync();

        request.ActionRuns.Should().Be(1);
        response.Headers[CachedEntryResult.CacheStatusHeader].ToString().Should().Be(CachedEntryResult.Miss);
        var store = stores.Should().ContainSingle().Subject;
        store.EntryKey.Should().Be(ExpectedRequest(request).EntryKey);
        store.GenerationKeys.Should().Equal(ExpectedRequest(request).GenerationKeys).And.ContainSingle()
            .Which.Should().StartWith("t:{dashboard_stats:").And.EndWith(":g");
        store.Tokens.Should().Equal(CurrentTokens);
        store.TimeToLive.Should().Be(TimeSpan.FromSeconds(60) + _options.StaleIfError, "entries outlive their TTL by the stale window");
        var entry = CacheEntrySerializer.Deserialize(store.Bytes)!;
        entry.Tokens.Should().Equal(CurrentTokens);
        entry.Body.ToArray().Should().Equal(response.Body);
        Encoding.UTF8.GetString(response.Body).Should().Be("""{"drivers":200,"average_risk":87.5}""");
    }

    [Test]
    public async Task OnResourceExecutionAsync_UnknownEntry_AnswersMissAndCountsIt()
    {
        StoreReturns(new CacheLookup(null, CurrentTokens));
        var stores = CaptureStores();

        var request = await GetAsync(nameof(FakeFleetActions.Stats), Ok());
        var response = await request.WriteAsync();

        request.ActionRuns.Should().Be(1);
        response.Headers[CachedEntryResult.CacheStatusHeader].ToString().Should().Be(CachedEntryResult.Miss);
        stores.Should().ContainSingle();
        _recorder.Total("cache_misses", "cache_key_pattern", "dashboard_stats").Should().Be(1);
        _recorder.Total("cache_hits", "cache_key_pattern", "dashboard_stats").Should().Be(0);
    }

    [Test]
    public async Task OnResourceExecutionAsync_RouteValues_LooksUpWithPrefixAndScopeGenerations()
    {
        StoreReturns(new CacheLookup(null, ["p", "s"]));

        await GetAsync(nameof(FakeFleetActions.Details), Ok(), routeValues: new RouteValueDictionary { ["driver_id"] = "DRV-0001" });

        _store.Verify(s => s.GetAsync(It.IsAny<string>(),
            It.Is<IReadOnlyList<string>>(keys => keys.SequenceEqual(new[] { Layout.Generation(Layout.StripeForScope("driver_detail", "DRV-0001")), Layout.ScopeGeneration("driver_detail", "DRV-0001") })),
            It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task OnResourceExecutionAsync_StoreUnavailable_RunsActionAsBypassAndStoresNothing()
    {
        _store.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.FromException<CacheLookup>(new CacheStoreUnavailableException("down")));

        var request = await GetAsync(nameof(FakeFleetActions.Stats), Ok());
        var response = await request.WriteAsync();

        request.ActionRuns.Should().Be(1);
        response.Headers[CachedEntryResult.CacheStatusHeader].ToString().Should().Be(CachedEntryResult.Bypass);
        Encoding.UTF8.GetString(response.Body).Should().Be("""{"drivers":200,"average_risk":87.5}""");
        VerifyNothingStored();
        _recorder.Total("cache_bypasses", "reason", BypassReasons.StoreUnavailable).Should().Be(1);
    }

    [Test]
    public async Task OnResourceExecutionAsync_CachingDisabled_NeverAsksTheStore()
    {
        _options.Enabled = false;

        var request = await GetAsync(nameof(FakeFleetActions.Stats), Ok());
        var response = await request.WriteAsync();

        request.ActionRuns.Should().Be(1);
        response.Headers[CachedEntryResult.CacheStatusHeader].ToString().Should().Be(CachedEntryResult.Bypass);
        _store.VerifyNoOtherCalls();
    }

    [Test]
    public async Task OnResourceExecutionAsync_NotFound_StoresNothing()
    {
        StoreReturns(new CacheLookup(null, CurrentTokens));
        var notFound = new ObjectResult(new ProblemDetails { Status = 404, Title = "No driver DRV-9999." }) { StatusCode = 404 };

        var request = await GetAsync(nameof(FakeFleetActions.Details), notFound, routeValues: new RouteValueDictionary { ["driver_id"] = "DRV-9999" });

        request.ActionRuns.Should().Be(1);
        request.Result.Should().BeSameAs(notFound);
        VerifyNothingStored();
    }

    [Test]
    public async Task OnResourceExecutionAsync_OkWithNon200Status_StoresNothing()
    {
        StoreReturns(new CacheLookup(null, CurrentTokens));
        var accepted = new ObjectResult(Value) { StatusCode = 202 };

        var request = await GetAsync(nameof(FakeFleetActions.Stats), accepted);

        request.Result.Should().BeSameAs(accepted);
        VerifyNothingStored();
    }

    [Test]
    public async Task OnResourceExecutionAsync_Post_PassesThroughUntouched()
    {
        var created = new ObjectResult(Value) { StatusCode = 201 };

        var request = await SendAsync(HttpMethods.Post, nameof(FakeFleetActions.Create), created);

        request.ActionRuns.Should().Be(1);
        request.Result.Should().BeSameAs(created);
        request.Resource.Result.Should().BeNull();
        _store.VerifyNoOtherCalls();
    }

    [Test]
    public async Task OnResourceExecutionAsync_UncachedAction_PassesThroughUntouched()
    {
        var ok = Ok();

        var request = await GetAsync(nameof(FakeFleetActions.Uncached), ok);

        request.ActionRuns.Should().Be(1);
        request.Result.Should().BeSameAs(ok);
        _store.VerifyNoOtherCalls();
    }

    [Test]
    public async Task OnResourceExecutionAsync_StoreFailsOnSet_StillAnswersMiss()
    {
        StoreReturns(new CacheLookup(null, CurrentTokens));
        _store.Setup(s => s.SetAsync(It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<IReadOnlyList<string>>(),
                It.IsAny<IReadOnlyList<string>>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.FromException<bool>(new CacheStoreUnavailableException("down")));

        var request = await GetAsync(nameof(FakeFleetActions.Stats), Ok());
        var response = await request.WriteAsync();

        response.StatusCode.Should().Be(200);
        response.Headers[CachedEntryResult.CacheStatusHeader].ToString().Should().Be(CachedEntryResult.Miss);
    }

    [Test]
    public async Task OnResourceExecutionAsync_EntryLargerThanLimit_ServedButNotStored()
    {
        _options.MaxEntryBytes = 1024;
        StoreReturns(new CacheLookup(null, CurrentTokens));

        var request = await GetAsync(nameof(FakeFleetActions.Stats), new ObjectResult(new string('x', 2000)) { StatusCode = 200 });
        var response = await request.WriteAsync();

        response.Body.Length.Should().BeGreaterThan(1024);
        VerifyNothingStored();
        _recorder.Total("cache_bypasses", "reason", BypassReasons.TooLarge).Should().Be(1);
    }

    [Test]
    public async Task OnResourceExecutionAsync_ConcurrentMisses_RunActionOnceAndWaitersAnswerHit()
    {
        StoreReturns(new CacheLookup(null, CurrentTokens));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var leader = GetAsync(nameof(FakeFleetActions.Stats), Ok(), gate.Task);
        var waiter = GetAsync(nameof(FakeFleetActions.Stats), Ok(), gate.Task);
        gate.SetResult();
        var led = await leader;
        var waited = await waiter;

        (led.ActionRuns + waited.ActionRuns).Should().Be(1);
        waited.ActionRuns.Should().Be(0);
        waited.Resource.Result.Should().BeOfType<CachedEntryResult>();
        (await waited.WriteAsync()).Headers[CachedEntryResult.CacheStatusHeader].ToString().Should().Be(CachedEntryResult.Hit);
        _recorder.Total("cache_hits", "cache_key_pattern", "dashboard_stats").Should().Be(1);
        _recorder.Total("cache_misses", "cache_key_pattern", "dashboard_stats").Should().Be(1);
    }

    [TestCase("not-an-id")]
    [TestCase("DRV-00001")]
    public async Task OnResourceExecutionAsync_MalformedRouteValue_RunsActionWithoutTouchingTheStore(string driverId)
    {
        var request = await GetAsync(nameof(FakeFleetActions.Details), new NotFoundResult(),
            routeValues: new RouteValueDictionary { ["driver_id"] = driverId });

        request.ActionRuns.Should().Be(1);
        _store.VerifyNoOtherCalls();
    }

    [Test]
    public async Task OnResourceExecutionAsync_EntryPastTtl_RecomputesAndStoresForTtlPlusStaleWindow()
    {
        StoreReturns(new CacheLookup(CacheEntrySerializer.Serialize(Entry(age: StatsTtl + TimeSpan.FromSeconds(1), CurrentTokens)), CurrentTokens));
        var stores = CaptureStores();

        var request = await GetAsync(nameof(FakeFleetActions.Stats), Ok());
        var response = await request.WriteAsync();

        request.ActionRuns.Should().Be(1);
        response.Headers[CachedEntryResult.CacheStatusHeader].ToString().Should().Be(CachedEntryResult.Miss);
        stores.Should().ContainSingle().Which.TimeToLive.Should().Be(StatsTtl + _options.StaleIfError);
    }

    [Test]
    public async Task OnResourceExecutionAsync_AgedEntryAndDatabaseDown_ServesStaleWithTrueAgeAndCountsIt()
    {
        var aged = Entry(age: StatsTtl + TimeSpan.FromSeconds(30), CurrentTokens);
        StoreReturns(new CacheLookup(CacheEntrySerializer.Serialize(aged), CurrentTokens));

        var request = await GetFailingAsync(nameof(FakeFleetActions.Stats), DatabaseRefused());

        request.Executed!.ExceptionHandled.Should().BeTrue();
        var response = request.Written();
        response.StatusCode.Should().Be(StatusCodes.Status200OK);
        response.Headers[CachedEntryResult.CacheStatusHeader].ToString().Should().Be(CachedEntryResult.Stale);
        int.Parse(response.Headers.Age.ToString(), System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(90, 92);
        response.Body.Should().Equal(aged.Body.ToArray());
        _recorder.Total("cache_stale_served", "cache_key_pattern", "dashboard_stats").Should().Be(1);
        _recorder.Total("cache_misses", "cache_key_pattern", "dashboard_stats").Should().Be(0);
        _recorder.Total("cache_hits", "cache_key_pattern", "dashboard_stats").Should().Be(0);
    }

    [Test]
    public async Task OnResourceExecutionAsync_InvalidatedEntryAndDatabaseDown_ServesNothingStale()
    {
        StoreReturns(new CacheLookup(CacheEntrySerializer.Serialize(Entry(age: StatsTtl + TimeSpan.FromSeconds(1), ["before-the-write"])), CurrentTokens));

        var request = await GetFailingAsync(nameof(FakeFleetActions.Stats), DatabaseRefused());

        request.Executed!.ExceptionHandled.Should().BeFalse("a write made this entry wrong: the answer is the 503, not its data");
        request.Written().Body.Should().BeEmpty();
        _recorder.Total("cache_stale_served", "cache_key_pattern", "dashboard_stats").Should().Be(0);
        _recorder.Total("cache_misses", "cache_key_pattern", "dashboard_stats").Should().Be(1);
    }

    [Test]
    public async Task OnResourceExecutionAsync_EntryPastStaleWindowAndDatabaseDown_ServesNothingStale()
    {
        var tooOld = StatsTtl + _options.StaleIfError + TimeSpan.FromSeconds(1);
        StoreReturns(new CacheLookup(CacheEntrySerializer.Serialize(Entry(tooOld, CurrentTokens)), CurrentTokens));

        var request = await GetFailingAsync(nameof(FakeFleetActions.Stats), DatabaseRefused());

        request.Executed!.ExceptionHandled.Should().BeFalse();
        request.Written().Body.Should().BeEmpty();
    }

    [Test]
    public async Task OnResourceExecutionAsync_AgedEntryAndBugInAction_ServesNothingStale()
    {
        // Stale if *error of the database*: a defect in the code must surface as the 500 it is, not hide behind old data.
        StoreReturns(new CacheLookup(CacheEntrySerializer.Serialize(Entry(StatsTtl + TimeSpan.FromSeconds(1), CurrentTokens)), CurrentTokens));

        var request = await GetFailingAsync(nameof(FakeFleetActions.Stats), new InvalidOperationException("a bug"));

        request.Executed!.ExceptionHandled.Should().BeFalse();
        _recorder.Total("cache_stale_served", "cache_key_pattern", "dashboard_stats").Should().Be(0);
    }

    [Test]
    public async Task OnResourceExecutionAsync_StaleWindowZero_ServesNothingStale()
    {
        _options.StaleIfError = TimeSpan.Zero;
        StoreReturns(new CacheLookup(CacheEntrySerializer.Serialize(Entry(StatsTtl + TimeSpan.FromSeconds(1), CurrentTokens)), CurrentTokens));

        var request = await GetFailingAsync(nameof(FakeFleetActions.Stats), DatabaseRefused());

        request.Executed!.ExceptionHandled.Should().BeFalse();
    }

    private static CacheEntry Entry(TimeSpan age, IReadOnlyList<string> tokens) =>
        new(Encoding.UTF8.GetBytes("{\"total_drivers\":40}"), "application/json; charset=utf-8", "\"aged\"",
            DateTimeOffset.UtcNow - age, [], tokens);

    private static NpgsqlException DatabaseRefused() =>
        new("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

    private static ObjectResult Ok() => new(Value) { StatusCode = 200 };

    private void StoreReturns(CacheLookup lookup) =>
        _store.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.FromResult(lookup));

    private List<StoreCall> CaptureStores()
    {
        var calls = new List<StoreCall>();
        _store.Setup(s => s.SetAsync(It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<IReadOnlyList<string>>(),
                It.IsAny<IReadOnlyList<string>>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Returns((string key, ReadOnlyMemory<byte> bytes, IReadOnlyList<string> generations, IReadOnlyList<string> tokens, TimeSpan ttl, CancellationToken _) =>
            {
                calls.Add(new StoreCall(key, bytes.ToArray(), generations, tokens, ttl));
                return ValueTask.FromResult(true);
            });
        return calls;
    }

    private void VerifyNothingStored() =>
        _store.Verify(s => s.SetAsync(It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<IReadOnlyList<string>>(),
            It.IsAny<IReadOnlyList<string>>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Never);

    private CacheRequest ExpectedRequest(FilteredRequest request) =>
        new CacheKeyBuilder(Layout).Build(request.Action.HttpContext, request.Action.ActionDescriptor,
            _registry.PolicyFor(request.Action.ActionDescriptor.Id)!)!;

    private Task<FilteredRequest> GetAsync(string action, IActionResult actionResult, Task? gate = null, RouteValueDictionary? routeValues = null) =>
        SendAsync(HttpMethods.Get, action, actionResult, gate, routeValues);

    /// <summary>A GET whose action throws <paramref name="failure"/>, as a query does when the database is away.</summary>
    private Task<FilteredRequest> GetFailingAsync(string action, Exception failure) =>
        SendAsync(HttpMethods.Get, action, Ok(), failure: failure);

    /// <summary>
    /// Runs the filter as MVC would: its resource stage around a pretend action whose result passes through the
    /// filter's result stage. A gate holds the action back, to overlap requests.
    /// </summary>
    private async Task<FilteredRequest> SendAsync(string method, string action, IActionResult actionResult, Task? gate = null,
        RouteValueDictionary? routeValues = null, Exception? failure = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.RouteValues = routeValues ?? [];
        http.Response.Body = new MemoryStream();
        var actionContext = new ActionContext(http, new RouteData(routeValues ?? []), FakeActionDescriptors.Of(action));
        var resource = new ResourceExecutingContext(actionContext, [], []);
        var request = new FilteredRequest(actionContext, resource);
        await _filter.OnResourceExecutionAsync(resource, async () =>
        {
            request.ActionRuns++;
            if (gate is not null)
            {
                await gate;
            }

            if (failure is not null)
            {
                request.Executed = new ResourceExecutedContext(actionContext, []) { Exception = failure };
                return request.Executed;
            }

            var result = new ResultExecutingContext(actionContext, [], actionResult, new FakeFleetActions());
            await _filter.OnResultExecutionAsync(result, () =>
                Task.FromResult(new ResultExecutedContext(actionContext, [], result.Result, result.Controller)));
            request.Result = result.Result;
            return new ResourceExecutedContext(actionContext, []) { Result = result.Result };
        });
        return request;
    }

    private sealed record Figures(int Drivers, decimal AverageRisk);

    private sealed record StoreCall(string EntryKey, byte[] Bytes, IReadOnlyList<string> GenerationKeys, IReadOnlyList<string> Tokens, TimeSpan TimeToLive);

    private sealed class FilteredRequest(ActionContext action, ResourceExecutingContext resource)
    {
        public ActionContext Action { get; } = action;

        public ResourceExecutingContext Resource { get; } = resource;

        public int ActionRuns { get; set; }

        /// <summary>What the pretend action handed back when it failed; the filter may mark the failure handled.</summary>
        public ResourceExecutedContext? Executed { get; set; }

        /// <summary>What the action's result became after the filter's result stage, when the action ran.</summary>
        public IActionResult? Result { get; set; }

        /// <summary>The response as the filter itself wrote it (a stale answer is written in place of a failed action).</summary>
        public WrittenResponse Written()
        {
            var http = Action.HttpContext;
            return new WrittenResponse(http.Response.StatusCode, http.Response.Headers, ((MemoryStream)http.Response.Body).ToArray());
        }

        /// <summary>Writes the response the client would get: the cached result if the filter answered, else the action's.</summary>
        public async Task<WrittenResponse> WriteAsync()
        {
            var result = Resource.Result ?? Result ?? throw new InvalidOperationException("nothing answered the request");
            await result.ExecuteResultAsync(Action);
            var http = Action.HttpContext;
            return new WrittenResponse(http.Response.StatusCode, http.Response.Headers, ((MemoryStream)http.Response.Body).ToArray());
        }
    }

    private sealed record WrittenResponse(int StatusCode, IHeaderDictionary Headers, byte[] Body);
}
