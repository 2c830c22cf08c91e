using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace FleetTelematics.Tests.Api.SwaggerUi;

/// <summary>
/// Swagger UI as an engineer uses it: the Authorize dialog and an operation's "Try it out" / "Execute".
/// Selectors are Swagger UI's own class names; every wait is bounded by the page's default timeout.
/// </summary>
public sealed class SwaggerUiPage(IPage page)
{
    public IPage Page { get; } = page;

    private ILocator Dialog => Page.Locator(".dialog-ux .modal-ux");

    /// <summary>The dialog's Logout button: Swagger UI shows it once the token request has succeeded.</summary>
    public ILocator LogoutButton => DialogButton("Logout");

    /// <summary>Where the dialog reports a failed token request.</summary>
    public ILocator AuthErrors => Dialog.Locator(".errors");

    // By visible text, not accessible name: Swagger UI labels these buttons for screen readers differently
    // ("Logout" is "Remove authorization"), and the visible text is what an engineer clicks.
    private ILocator DialogButton(string text) =>
        Dialog.Locator(".auth-btn-wrapper button", new() { HasTextRegex = new Regex($@"^\s*{text}\s*$") });

    public async Task OpenAsync(Uri baseAddress)
    {
        await Page.GotoAsync(new Uri(baseAddress, "swagger").ToString());
        // The UI renders from the OpenAPI document after load; operations appearing means the document was fetched and parsed.
        await Page.Locator(".swagger-ui .opblock").First.WaitForAsync();
    }

    /// <summary>Logs in through the OAuth2 password-flow dialog, leaving client id and secret empty.</summary>
    public async Task AuthorizeAsync(string username, string password)
    {
        await Page.Locator(".auth-wrapper .authorize").ClickAsync();
        await Dialog.Locator("#oauth_username").FillAsync(username);
        await Dialog.Locator("#oauth_password").FillAsync(password);
        await DialogButton("Authorize").ClickAsync();
        // Either outcome ends the wait at once, so a rejected login fails fast instead of timing out.
        await LogoutButton.Or(AuthErrors).First.WaitForAsync();
    }

    public async Task CloseDialogAsync()
    {
        await DialogButton("Close").ClickAsync();
        await Dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
    }

    /// <summary>Expands the operation, executes it with its default parameters, and reads the live response.</summary>
    public async Task<LiveResponse> ExecuteAsync(string method, string path)
    {
        var operation = Operation(method, path);
        await operation.Locator(".opblock-summary-control").ClickAsync();

        // EnableTryItOutByDefault opens operations in try-it-out mode; without it the button must be pressed first.
        // Wait for whichever the expanded operation shows, then act on what is there.
        var tryItOut = operation.Locator("button.try-out__btn", new() { HasTextRegex = new Regex(@"^\s*Try it out\s*$") });
        var execute = operation.Locator("button.execute");
        await execute.Or(tryItOut).First.WaitForAsync();
        if (await tryItOut.IsVisibleAsync())
        {
            await tryItOut.ClickAsync();
        }

        return await ExecuteAgainAsync(method, path);
    }

    /// <summary>Presses Execute on an operation already open, waits for its request to answer, and reads the response.</summary>
    public async Task<LiveResponse> ExecuteAgainAsync(string method, string path)
    {
        var operation = Operation(method, path);
        await Page.RunAndWaitForResponseAsync(() => operation.Locator("button.execute").ClickAsync(),
            response => response.Url.Contains(path, StringComparison.Ordinal));

        var response = operation.Locator(".responses-wrapper .live-responses-table .response");
        var status = await response.Locator(".response-col_status").InnerTextAsync();
        // Status and body render together; a response without a body has no code block, so do not wait for one.
        var bodyBlock = response.Locator(".response-col_description .highlight-code pre");
        var body = await bodyBlock.CountAsync() > 0 ? await bodyBlock.First.InnerTextAsync() : "";
        // The description column also lists the response headers as "name: value" lines.
        var description = await response.Locator(".response-col_description").InnerTextAsync();
        // The status cell can carry a note under the code (e.g. "Undocumented"); the code is its first line.
        return new LiveResponse(status.Trim().Split('\n')[0].Trim(), body, description);
    }

    private ILocator Operation(string method, string path) =>
        Page.Locator($".opblock-{method.ToLowerInvariant()}")
            .Filter(new() { Has = Page.Locator($".opblock-summary-path[data-path='{path}']") });
}

/// <summary>A response as Swagger UI displays it after "Execute".</summary>
/// <param name="Details">Everything the response's description column shows, response headers included.</param>
public sealed record LiveResponse(string Status, string Body, string Details);
