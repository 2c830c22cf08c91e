using FleetTelematics.Tests.Support;
using Microsoft.Playwright;

namespace FleetTelematics.Tests.Api.SwaggerUi;

/// <summary>
/// The distribution's Chromium, driven by Playwright's bundled driver. Playwright never downloads a browser here:
/// the executable path comes from ./test.sh, and a missing one fails the tests rather than skipping them.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var path = TestServices.Chromium ?? throw new InvalidOperationException(
            "FLEET_TEST_CHROMIUM is not set: run the suite through ./test.sh, which installs Chromium and exports its path.");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = path,
                Headless = true,
                Timeout = 30_000,
                // No sandbox (tests run as root in containers), and nothing that reaches out to the network on its own.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic"],
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
