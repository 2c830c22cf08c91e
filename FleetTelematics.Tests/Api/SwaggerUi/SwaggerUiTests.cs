using System.Text.Json;
using FleetTelematics.Tests.Support;
using Microsoft.Playwright;
using NUnit.Framework.Interfaces;

namespace FleetTelematics.Tests.Api.SwaggerUi;

/// <summary>
/// Swagger UI end to end in a real browser: the Authorize dialog's password flow against the token endpoint, and
/// "Execute" on a protected operation — what the OpenAPI document alone cannot prove works.
/// </summary>
public sealed class SwaggerUiTests
{
    private const string SummaryPath = "/api/v1/admin/dashboard/summary";

    // Generous for a loaded 2-core machine, but bounded: a broken UI fails the test instead of hanging the run.
    private const float WaitMilliseconds = 30_000;

    private HeadlessChromium _chromium = null!;
    private KestrelApiHost _api = null!;
    private IBrowserContext _context = null!;
    private SwaggerUiPage _swagger = null!;

    [OneTimeSetUp]
    public async Task StartApiAndBrowser()
    {
        // The browser first: without Chromium there is nothing to test, so fail before spending time on a database.
        _chromium = await HeadlessChromium.LaunchAsync();
        _api = KestrelApiHost.Start(await TestDatabases.CreateFromTemplateAsync("swaggerui"));
    }

    [OneTimeTearDown]
    public async Task StopApiAndBrowser()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }

    [SetUp]
    public async Task OpenSwaggerUi()
    {
        // A fresh context per test: no token or expanded operation carries over from the previous test.
        _context = await _chromium.Browser.NewContextAsync();
        var page = await _context.NewPageAsync();
        page.SetDefaultTimeout(WaitMilliseconds);
        page.SetDefaultNavigationTimeout(WaitMilliseconds);
        _swagger = new SwaggerUiPage(page);
        await _swagger.OpenAsync(_api.BaseAddress);
    }

    [TearDown]
    public async Task CloseBrowserContext()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed && _swagger is not null)
        {
            await SaveScreenshotAsync(_swagger.Page);
        }

        // Set-up can fail before the context exists (e.g. the browser did not start); nothing to close then.
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        _context = null!;
        _swagger = null!;
    }

    [Test]
    public async Task ExecuteDashboardSummary_AuthorizedAsAdmin_ShowsSummaryJson()
    {
        await _swagger.AuthorizeAsync("admin", "fleet-admin-dev");
        (await _swagger.AuthErrors.AllInnerTextsAsync()).Should().BeEmpty("the dialog reports no login error");
        (await _swagger.LogoutButton.IsVisibleAsync()).Should().BeTrue("a successful login turns the dialog's button into Logout");
        await _swagger.CloseDialogAsync();

        var response = await _swagger.ExecuteAsync("GET", SummaryPath);

        response.Status.Should().Be("200", response.Body);
        var summary = JsonDocument.Parse(response.Body).RootElement;
        summary.EnumerateObject().Select(p => p.Name).Should().Contain(["drivers", "trips_last_7_days", "top_risk_drivers", "generated_at"]);
        summary.GetProperty("top_risk_drivers").GetArrayLength().Should().BeGreaterThan(0, "the seeded fleet has drivers");
    }

    [Test]
    public async Task ExecuteDashboardSummaryTwice_AuthorizedAsAdmin_SecondIsACacheHitWithTheSameBody()
    {
        await _swagger.AuthorizeAsync("admin", "fleet-admin-dev");
        await _swagger.CloseDialogAsync();

        var first = await _swagger.ExecuteAsync("GET", SummaryPath);
        var second = await _swagger.ExecuteAgainAsync("GET", SummaryPath);

        first.Details.Should().MatchRegex("x-cache: (MISS|HIT)");
        second.Details.Should().Contain("x-cache: HIT").And.Contain("etag:").And.MatchRegex("cache-control: private, ?no-cache");
        second.Body.Should().Be(first.Body, "a hit shows exactly the bytes of the miss, generated_at included");
    }

    [Test]
    public async Task ExecuteDashboardSummary_NotAuthorized_Shows401Problem()
    {
        var response = await _swagger.ExecuteAsync("GET", SummaryPath);

        response.Status.Should().Be("401", response.Body);
        JsonDocument.Parse(response.Body).RootElement.GetProperty("status").GetInt32().Should().Be(401);
    }

    private static async Task SaveScreenshotAsync(IPage page)
    {
        var test = TestContext.CurrentContext.Test;
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{test.ClassName}.{test.MethodName}");
        try
        {
            await page.ScreenshotAsync(new() { Path = file + ".png", FullPage = true, Timeout = 10_000 });
            TestContext.AddTestAttachment(file + ".png", "Swagger UI when the test failed");
            // The DOM too: it shows the class names and labels a selector needs when Swagger UI's markup changes.
            await File.WriteAllTextAsync(file + ".html", await page.ContentAsync());
            TestContext.AddTestAttachment(file + ".html", "Swagger UI's DOM when the test failed");
            await TestContext.Out.WriteLineAsync($"Screenshot and DOM: {file}.png, {file}.html");
        }
        catch (PlaywrightException exception)
        {
            // The screenshot is a debugging aid: failing to take one must not hide the test's own failure.
            await TestContext.Out.WriteLineAsync($"No screenshot: {exception.Message}");
        }
    }
}
