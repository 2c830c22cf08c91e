using FleetTelematics.Api.Caching;
using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Tests.Infrastructure.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Routing;
using Moq;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching.Unit;

[Category(TestKinds.Unit)]
public sealed class InvalidatesCacheFilterTests
{
    private static readonly CacheKeyLayout Layout = new("t");

    private Mock<ICacheStore> _store = null!;
    private CacheMetricsRecorder _recorder = null!;
    private InvalidatesCacheFilter _filter = null!;
    private List<string[]> _invalidations = null!;

    [SetUp]
    public void CreateFilter()
    {
        _invalidations = [];
        _store = new Mock<ICacheStore>();
        _store.Setup(s => s.InvalidateAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .Returns((IReadOnlyCollection<string> keys, CancellationToken _) =>
            {
                _invalidations.Add(keys.ToArray());
                return ValueTask.CompletedTask;
            });
        _recorder = new CacheMetricsRecorder();
        _filter = new InvalidatesCacheFilter(FakeActionDescriptors.Registry(), Layout, _store.Object, _recorder.Responses);
    }

    [TearDown]
    public void DisposeMetrics() => _recorder.Dispose();

    [TestCase(StatusCodes.Status200OK)]
    [TestCase(StatusCodes.Status201Created)]
    [TestCase(StatusCodes.Status204NoContent)]
    public async Task OnActionExecutionAsync_SuccessfulWrite_InvalidatesExactlyTheDeclaredGenerations(int status)
    {
        await WriteAsync(nameof(FakeFleetActions.Patch), new StatusCodeResult(status), "DRV-0001");

        _invalidations.Should().ContainSingle().Which.Should().BeEquivalentTo((string[])[
            Layout.ScopeGeneration("driver_detail", "DRV-0001"),
            ..Layout.PrefixGenerations("drivers_list"),
            ..Layout.PrefixGenerations("dashboard_stats"),
            ..Layout.PrefixGenerations("dashboard_summary"),
            ..Layout.PrefixGenerations("risk_distribution")]);
    }

    [Test]
    public async Task OnActionExecutionAsync_UnscopedWrite_InvalidatesWholePrefixesOnly()
    {
        await WriteAsync(nameof(FakeFleetActions.Create), new ObjectResult(new { driver_id = "DRV-0201" }) { StatusCode = 201 });

        _invalidations.Should().ContainSingle().Which.Should().BeEquivalentTo((string[])[
            ..Layout.PrefixGenerations("drivers_list"),
            ..Layout.PrefixGenerations("dashboard_stats"),
            ..Layout.PrefixGenerations("dashboard_summary"),
            ..Layout.PrefixGenerations("risk_distribution")]);
    }

    [Test]
    public async Task OnActionExecutionAsync_SuccessfulWrite_CountsOneInvalidationPerPrefix()
    {
        await WriteAsync(nameof(FakeFleetActions.Patch), new StatusCodeResult(200), "DRV-0001");

        _recorder.Total("cache_invalidations", "cache_key_pattern", "driver_detail").Should().Be(1);
        _recorder.Total("cache_invalidations", "cache_key_pattern", "dashboard_summary").Should().Be(1);
        _recorder.Total("cache_invalidations", "cache_key_pattern", "trip_activity").Should().Be(0);
    }

    [TestCase(StatusCodes.Status400BadRequest)]
    [TestCase(StatusCodes.Status404NotFound)]
    [TestCase(StatusCodes.Status409Conflict)]
    [TestCase(StatusCodes.Status412PreconditionFailed)]
    [TestCase(StatusCodes.Status500InternalServerError)]
    public async Task OnActionExecutionAsync_FailedWrite_InvalidatesNothing(int status)
    {
        await WriteAsync(nameof(FakeFleetActions.Patch), new ObjectResult(new ProblemDetails { Status = status }) { StatusCode = status }, "DRV-0001");

        _store.VerifyNoOtherCalls();
    }

    [Test]
    public async Task OnActionExecutionAsync_UnhandledException_InvalidatesAsForSuccess()
    {
        // The write may have committed before the failure (the database went away between commit and answer).
        var context = Executing(nameof(FakeFleetActions.Patch), "DRV-0001");

        await _filter.OnActionExecutionAsync(context, () => Task.FromResult(
            new ActionExecutedContext(context, [], context.Controller) { Exception = new InvalidOperationException("boom") }));

        _invalidations.Should().ContainSingle().Which.Should().BeEquivalentTo((string[])[
            Layout.ScopeGeneration("driver_detail", "DRV-0001"),
            ..Layout.PrefixGenerations("drivers_list"),
            ..Layout.PrefixGenerations("dashboard_stats"),
            ..Layout.PrefixGenerations("dashboard_summary"),
            ..Layout.PrefixGenerations("risk_distribution")]);
    }

    [Test]
    public async Task OnActionExecutionAsync_ActionWithoutDeclaration_InvalidatesNothing()
    {
        await WriteAsync(nameof(FakeFleetActions.Uncached), new StatusCodeResult(200));

        _store.VerifyNoOtherCalls();
    }

    [Test]
    public async Task OnActionExecutionAsync_StoreUnavailable_DoesNotThrow()
    {
        _store.Setup(s => s.InvalidateAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()))
            .Returns(ValueTask.FromException(new CacheStoreUnavailableException("down")));

        var write = () => WriteAsync(nameof(FakeFleetActions.Patch), new StatusCodeResult(200), "DRV-0001");

        await write.Should().NotThrowAsync();
        _store.Verify(s => s.InvalidateAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    private async Task WriteAsync(string action, IActionResult result, string? driverId = null)
    {
        var context = Executing(action, driverId);
        await _filter.OnActionExecutionAsync(context, () =>
            Task.FromResult(new ActionExecutedContext(context, [], context.Controller) { Result = result }));
    }

    private static ActionExecutingContext Executing(string action, string? driverId)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = HttpMethods.Patch;
        if (driverId is not null)
        {
            http.Request.RouteValues["driver_id"] = driverId;
        }

        var actionContext = new ActionContext(http, new RouteData(http.Request.RouteValues), FakeActionDescriptors.Of(action));
        return new ActionExecutingContext(actionContext, [], new Dictionary<string, object?>(), new FakeFleetActions());
    }
}
