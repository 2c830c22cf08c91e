using System.Text;
using FleetTelematics.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace FleetTelematics.Tests.Api.Reliability;

/// <summary>
/// The property layer under the hostile-input table: for every string a client can send — each query parameter, the
/// route id, each JSON field of a create and a patch, the login fields — generated strings never get a 5xx, and every
/// 4xx is a problem. Strings mix FsCheck's own with control characters, surrogate halves, emoji and SQL/LIKE syntax.
/// </summary>
public sealed class HostileStringProperties : CachingTestFixture
{
    private const int CasesPerParameter = 40;

    private static readonly string[] Fragments =
    [
        "\0", "\u0001", "\n", "\t", "\u007F", "\u0085", "\uFFFD", "\uFFFF", "\uD800", "\uDFFF", "🚚", "👩🏽‍✈️", "東京", "é",
        "'", "\"", "\\", "%", "_", "*", ";--", "' OR 1=1", "DRV-0001", "VEH-0001", "active", "-1", "1e400", "{", "}", "[", "&", "=",
    ];

    public static IEnumerable<string> QueryParameters => ["search", "status", "risk_category", "sort", "skip", "limit"];

    public static IEnumerable<string> DriverFields => ["name", "email", "phone", "license_number", "city", "vehicle_id", "status"];

    [TestCaseSource(nameof(QueryParameters))]
    public void ListQueryParameter_AnyString_NeverAServerError(string parameter) =>
        Holds(value => SendAsync(HttpMethod.Get, $"/api/v1/admin/drivers?{parameter}={HostileText.Percent(value)}"));

    [TestCase("trip-activity")]
    [TestCase("safety-events-breakdown")]
    public void DashboardDays_AnyString_NeverAServerError(string route) =>
        Holds(value => SendAsync(HttpMethod.Get, $"/api/v1/admin/dashboard/{route}?days={HostileText.Percent(value)}"));

    [Test]
    public void DriverIdRoute_AnyString_NeverAServerError() =>
        // NUL is refused by the server before routing (RequestLineTests); every other character reaches the API.
        Holds(value => SendAsync(HttpMethod.Get, $"/api/v1/admin/drivers/{HostileText.Percent(value.Replace("\0", ""))}/details"));

    [TestCaseSource(nameof(DriverFields))]
    public void CreateField_AnyString_NeverAServerError(string field) =>
        Holds(value => SendAsync(HttpMethod.Post, "/api/v1/admin/drivers",
            $$"""{"name":"Prop Driver","email":"prop@fleet.example","phone":"+1 555 0100","license_number":"PROP-1","city":"Austin","{{field}}":{{HostileText.Json(value)}}}""",
            "application/json"));

    [TestCaseSource(nameof(DriverFields))]
    public void PatchField_AnyString_NeverAServerError(string field) =>
        Holds(value => SendAsync(HttpMethod.Patch, "/api/v1/admin/drivers/DRV-0005", $"{{\"{field}\":{HostileText.Json(value)}}}",
            "application/merge-patch+json"));

    [TestCase("username")]
    [TestCase("password")]
    public void LoginField_AnyString_NeverAServerError(string field) =>
        Holds(value => SendAsync(HttpMethod.Post, "/api/v1/auth/token",
            field == "username" ? $"{{\"username\":{HostileText.Json(value)},\"password\":\"x\"}}" : $"{{\"username\":\"nobody\",\"password\":{HostileText.Json(value)}}}",
            "application/json"));

    private static Gen<string> HostileStrings()
    {
        var fragment = Gen.Elements(Fragments);
        var mixed = Gen.ListOf(Gen.OneOf(fragment, ArbMap.Default.GeneratorFor<char>().Select(c => c.ToString()))).Select(string.Concat);
        return Gen.OneOf(ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""), mixed);
    }

    private void Holds(Func<string, Task<int>> send) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(CasesPerParameter).WithQuietOnSuccess(true),
            Prop.ForAll(HostileStrings().ToArbitrary(), (string value) =>
            {
                var status = send(value).GetAwaiter().GetResult();
                return status < 500;
            }));

    /// <summary>Sends the request; a 4xx must be a problem document. Returns the status.</summary>
    private async Task<int> SendAsync(HttpMethod method, string url, string? json = null, string? contentType = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType!);
        }

        using var response = await (url.Contains("/auth/", StringComparison.Ordinal) ? Anonymous : Admin).SendAsync(request);
        var status = (int)response.StatusCode;
        if (status is >= 400 and < 500 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return 600; // not a problem document: fails the property like a 5xx would
        }

        return status;
    }
}
