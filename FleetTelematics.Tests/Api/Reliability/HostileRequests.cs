using System.Text;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Reliability;

/// <summary>
/// The hostile-input table: every route, sent the values clients get wrong or send on purpose — NUL and control
/// characters, invalid UTF-8, lone surrogates, overlong text, SQL and LIKE metacharacters, absurd numbers, broken and
/// ambiguous JSON, wrong content types, path traversal, thousands of parameters, huge headers.
/// </summary>
public static class HostileRequests
{
    private const string Drivers = "/api/v1/admin/drivers";
    private const string Dashboard = "/api/v1/admin/dashboard";
    private const string Token = "/api/v1/auth/token";
    private const int BadRequest = 400;
    private const int NotFound = 404;

    private static readonly string[] HostileStrings =
    [
        "a\0b", "\u0001", "tab\tnewline\n", "\u007F", "\u0085", "\uFFFF",
    ];

    private static readonly string ValidDriver =
        """{"name":"Table Driver","email":"table.driver@fleet.example","phone":"+1 555 0100","license_number":"TBL-0001","city":"Austin"}""";

    public static IEnumerable<HostileRequest> All() =>
        QueryStrings().Concat(Numbers()).Concat(RouteValues()).Concat(CreateBodies()).Concat(PatchBodies())
            .Concat(Logins()).Concat(Headers()).Concat(Sizes());

    private static IEnumerable<HostileRequest> QueryStrings()
    {
        foreach (var parameter in new[] { "search", "status", "risk_category", "sort" })
        {
            foreach (var value in HostileStrings)
            {
                yield return HostileRequest.Get($"list {parameter}={Escape(value)}", $"{Drivers}?{parameter}={HostileText.Percent(value)}", BadRequest);
            }
        }

        yield return HostileRequest.Get("list search=%00 raw", $"{Drivers}?search=a%00b", BadRequest);
        yield return HostileRequest.Get("list search invalid UTF-8", $"{Drivers}?search=%FF%FE%C3", null);
        yield return HostileRequest.Get("list search encoded surrogate", $"{Drivers}?search=%ED%A0%80", null);
        yield return HostileRequest.Get("list search overlong UTF-8 slash", $"{Drivers}?search=%C0%AF", null);
        yield return HostileRequest.Get("list search SQL", $"{Drivers}?search={HostileText.Percent("'; DROP TABLE drivers; --")}", 200);
        yield return HostileRequest.Get("list search LIKE %", $"{Drivers}?search=%25", 200);
        yield return HostileRequest.Get("list search LIKE _ and \\", $"{Drivers}?search={HostileText.Percent("_\\%")}", 200);
        yield return HostileRequest.Get("list search 101 chars", $"{Drivers}?search={new string('a', 101)}", BadRequest);
        yield return HostileRequest.Get("list search 2,000 emoji", $"{Drivers}?search={HostileText.Percent(string.Concat(Enumerable.Repeat("🚚", 2000)))}", BadRequest);
        yield return HostileRequest.Get("list status wrong case", $"{Drivers}?status=ACTIVE", BadRequest);
        yield return HostileRequest.Get("list sort SQL", $"{Drivers}?sort={HostileText.Percent("name; DROP TABLE drivers")}", BadRequest);
        yield return HostileRequest.Get("list repeated skip", $"{Drivers}?skip=1&skip=2", null);
        yield return HostileRequest.Get("list unknown NUL name", $"{Drivers}?a%00b=1", BadRequest);
        yield return HostileRequest.Get("dashboard unknown parameter", $"{Dashboard}/stats?x={HostileText.Percent("\0")}", BadRequest);
    }

    private static IEnumerable<HostileRequest> Numbers()
    {
        foreach (var value in new[] { "-1", "99999999999999999999", "1e400", "NaN", "1.5", "", "%00", "Infinity", "7abc" })
        {
            yield return HostileRequest.Get($"list skip={value}", $"{Drivers}?skip={value}", BadRequest);
            yield return HostileRequest.Get($"trip-activity days={value}", $"{Dashboard}/trip-activity?days={value}", BadRequest);
            yield return HostileRequest.Get($"breakdown days={value}", $"{Dashboard}/safety-events-breakdown?days={value}", BadRequest);
        }

        // MVC's integer binding reads hexadecimal: harmless (the cache keys "0x10" apart from "16"), so any answer below 500.
        yield return HostileRequest.Get("list skip=0x10", $"{Drivers}?skip=0x10", null);

        yield return HostileRequest.Get("list limit=0", $"{Drivers}?limit=0", BadRequest);
        yield return HostileRequest.Get("list limit=501", $"{Drivers}?limit=501", BadRequest);
        yield return HostileRequest.Get("list skip=int.MaxValue", $"{Drivers}?skip=2147483647", 200);
        yield return HostileRequest.Get("trip-activity days=91", $"{Dashboard}/trip-activity?days=91", BadRequest);
        yield return HostileRequest.Get("breakdown days=366", $"{Dashboard}/safety-events-breakdown?days=366", BadRequest);
    }

    private static IEnumerable<HostileRequest> RouteValues()
    {
        // NUL in the path is refused by the server before routing (TestServer throws; Kestrel answers 400): see RequestLineTests.
        foreach (var id in new[] { "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "DRV-0001%20OR%201=1", "%F0%9F%9A%9A", "DRV-%FF",
                     "DRV-99999999999999999999", "DRV-00001", "drv-0001", "DRV-0001;DROP", "%ED%A0%80" })
        {
            yield return HostileRequest.Get($"driver {id}", $"{Drivers}/{id}", null);
            yield return HostileRequest.Get($"details {id}", $"{Drivers}/{id}/details", null);
            yield return HostileRequest.Json($"patch {id}", HttpMethod.Patch, $"{Drivers}/{id}", """{"city":"Nowhere"}""", null);
            yield return new HostileRequest($"delete {id}", HttpMethod.Delete, $"{Drivers}/{id}", null);
        }

        yield return HostileRequest.Get("details control character id", $"{Drivers}/DRV-0001%01/details", BadRequest);
        yield return HostileRequest.Get("details newline id", $"{Drivers}/DRV-0001%0A/details", BadRequest);
        yield return HostileRequest.Get("details non-canonical id", $"{Drivers}/DRV-00001/details", NotFound);
    }

    private static IEnumerable<HostileRequest> CreateBodies()
    {
        foreach (var field in new[] { "name", "email", "phone", "license_number", "city", "vehicle_id", "status" })
        {
            foreach (var value in HostileStrings.Append("\uD800").Append("\uDC00x"))
            {
                yield return HostileRequest.Json($"create {field}={Escape(value)}", HttpMethod.Post, Drivers,
                    WithField(ValidDriver, field, HostileText.Json(value)), BadRequest);
            }
        }

        foreach (var (name, body) in BrokenJson())
        {
            yield return HostileRequest.Json($"create {name}", HttpMethod.Post, Drivers, body, BadRequest);
        }

        yield return HostileRequest.Json("create name is a number", HttpMethod.Post, Drivers, WithField(ValidDriver, "name", "5"), BadRequest);
        yield return HostileRequest.Json("create duplicate email key", HttpMethod.Post, Drivers,
            ValidDriver.Replace("\"city\"", "\"email\":\"other@fleet.example\",\"city\"", StringComparison.Ordinal), BadRequest);
        yield return HostileRequest.Json("create unknown field", HttpMethod.Post, Drivers, WithField(ValidDriver, "nmae", "\"x\""), BadRequest);
        yield return HostileRequest.Json("create risk_score not allowed", HttpMethod.Post, Drivers, WithField(ValidDriver, "risk_score", "1e400"), BadRequest);
        yield return HostileRequest.Json("create text/plain", HttpMethod.Post, Drivers, ValidDriver, 415, "text/plain");
        yield return HostileRequest.Json("create xml", HttpMethod.Post, Drivers, "<driver/>", 415, "application/xml");
        yield return HostileRequest.Json("create content type lookalike", HttpMethod.Post, Drivers, ValidDriver, 415, "application/jsonx");
        yield return HostileRequest.Raw("create invalid UTF-8", HttpMethod.Post, Drivers,
            [.. Encoding.UTF8.GetBytes("{\"name\":\""), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")], "application/json", BadRequest);
        yield return HostileRequest.Json("create 100 kB of emoji", HttpMethod.Post, Drivers,
            WithField(ValidDriver, "name", $"\"{string.Concat(Enumerable.Repeat("🚚", 25_000))}\""), 413);
    }

    private static IEnumerable<HostileRequest> PatchBodies()
    {
        const string driver = $"{Drivers}/DRV-0001";
        foreach (var field in new[] { "name", "email", "phone", "license_number", "city", "vehicle_id", "status" })
        {
            foreach (var value in HostileStrings.Append("\uD800").Append("x\uDFFF"))
            {
                yield return HostileRequest.Json($"patch {field}={Escape(value)}", HttpMethod.Patch, driver,
                    $"{{\"{field}\":{HostileText.Json(value)}}}", BadRequest, "application/merge-patch+json");
            }
        }

        foreach (var (name, body) in BrokenJson())
        {
            yield return HostileRequest.Json($"patch {name}", HttpMethod.Patch, driver, body, BadRequest, "application/merge-patch+json");
        }

        foreach (var score in new[] { "1e400", "-1", "100.1", "50.05", "\"50\"", "true", "[50]", "{}", "99999999999999999999999999999999" })
        {
            yield return HostileRequest.Json($"patch risk_score={score}", HttpMethod.Patch, driver, $"{{\"risk_score\":{score}}}", BadRequest,
                "application/merge-patch+json");
        }

        yield return HostileRequest.Json("patch lone surrogate name", HttpMethod.Patch, driver, """{"\ud800":1}""", BadRequest,
            "application/merge-patch+json");
        yield return HostileRequest.Json("patch duplicate keys", HttpMethod.Patch, driver, """{"city":"A","city":"B"}""", BadRequest,
            "application/merge-patch+json");
        yield return HostileRequest.Json("patch status number", HttpMethod.Patch, driver, """{"status":1}""", BadRequest,
            "application/merge-patch+json");
        yield return HostileRequest.Json("patch name null", HttpMethod.Patch, driver, """{"name":null}""", BadRequest,
            "application/merge-patch+json");
        yield return HostileRequest.Json("patch text/plain", HttpMethod.Patch, driver, """{"city":"A"}""", 415, "text/plain");
        yield return new HostileRequest("patch If-Match garbage", HttpMethod.Patch, driver, 412,
            Encoding.UTF8.GetBytes("""{"city":"A"}"""), "application/merge-patch+json", [("If-Match", "W/\"unterminated")]);
        yield return new HostileRequest("delete If-Match garbage", HttpMethod.Delete, driver, 412, Headers: [("If-Match", "\"a\", ,, *x")]);
    }

    private static IEnumerable<HostileRequest> Logins()
    {
        foreach (var value in HostileStrings)
        {
            yield return HostileRequest.Raw($"login form username={Escape(value)}", HttpMethod.Post, Token,
                Encoding.UTF8.GetBytes(HostileText.Form(("username", value), ("password", "whatever"))), "application/x-www-form-urlencoded",
                BadRequest);
            yield return HostileRequest.Json($"login json username={Escape(value)}", HttpMethod.Post, Token,
                $"{{\"username\":{HostileText.Json(value)},\"password\":\"whatever\"}}", BadRequest);
        }

        yield return HostileRequest.Json("login json lone surrogate", HttpMethod.Post, Token, """{"username":"\ud800","password":"x"}""", BadRequest);
        yield return HostileRequest.Json("login json SQL", HttpMethod.Post, Token, """{"username":"' OR '1'='1","password":"' OR '1'='1"}""", 401);
        yield return HostileRequest.Json("login json duplicate keys", HttpMethod.Post, Token,
            """{"username":"admin","username":"viewer","password":"x"}""", BadRequest);
        yield return HostileRequest.Json("login json deep", HttpMethod.Post, Token, Deep(5000), BadRequest);
        yield return HostileRequest.Json("login json username number", HttpMethod.Post, Token, """{"username":5,"password":"x"}""", BadRequest);
        yield return HostileRequest.Json("login json truncated", HttpMethod.Post, Token, """{"username":"adm""", BadRequest);
        yield return HostileRequest.Raw("login form username 10 kB", HttpMethod.Post, Token,
            Encoding.UTF8.GetBytes(HostileText.Form(("username", new string('u', 10_000)), ("password", "x"))), "application/x-www-form-urlencoded",
            BadRequest);
        yield return HostileRequest.Raw("login form invalid UTF-8", HttpMethod.Post, Token,
            Encoding.UTF8.GetBytes("username=%FF%FE&password=x"), "application/x-www-form-urlencoded", null);
        yield return HostileRequest.Json("login xml", HttpMethod.Post, Token, "<login/>", 415, "application/xml");
    }

    private static IEnumerable<HostileRequest> Headers()
    {
        var huge = new string('h', 40_000);
        yield return new HostileRequest("stats with a 40 kB header", HttpMethod.Get, $"{Dashboard}/stats", 200, Headers: [("X-Padding", huge)]);
        yield return new HostileRequest("stats If-None-Match garbage", HttpMethod.Get, $"{Dashboard}/stats", 200,
            Headers: [("If-None-Match", "W/\"x, \"\"\", ,")]);
        yield return new HostileRequest("stats If-None-Match garbage with *", HttpMethod.Get, $"{Dashboard}/stats", 304,
            Headers: [("If-None-Match", "W/\"x, *, ,")]);
        yield return new HostileRequest("driver If-None-Match 40 kB", HttpMethod.Get, $"{Drivers}/DRV-0001", 200, Headers: [("If-None-Match", huge)]);
        yield return new HostileRequest("summary bearer junk", HttpMethod.Get, $"{Dashboard}/summary", 401, Headers: [("Authorization", "Bearer a.b.c")]);
        yield return new HostileRequest("summary bearer 40 kB", HttpMethod.Get, $"{Dashboard}/summary", 401, Headers: [("Authorization", "Bearer " + huge)]);
        yield return new HostileRequest("summary basic scheme", HttpMethod.Get, $"{Dashboard}/summary", 401, Headers: [("Authorization", "Basic YWRtaW46eA==")]);
        yield return new HostileRequest("summary Accept xml", HttpMethod.Get, $"{Dashboard}/summary", 200, Headers: [("Accept", "application/xml")]);
    }

    private static IEnumerable<HostileRequest> Sizes()
    {
        var manyParameters = string.Join('&', Enumerable.Range(0, 2000).Select(i => $"p{i}={i}"));
        yield return HostileRequest.Get("list with 2,000 query parameters", $"{Drivers}?{manyParameters}", 200);
        yield return HostileRequest.Get("list with 2,000 search parameters", $"{Drivers}?{string.Join('&', Enumerable.Repeat("search=a", 2000))}", null);
        yield return HostileRequest.Get("stats with a 900-char unknown parameter", $"{Dashboard}/stats?x={new string('x', 900)}", 200);
    }

    private static IEnumerable<(string Name, string Body)> BrokenJson() =>
    [
        ("truncated", """{"name":"Ana"""),
        ("empty body", ""),
        ("null", "null"),
        ("array", "[]"),
        ("string", "\"driver\""),
        ("deeply nested", Deep(5000)),
        ("trailing garbage", """{"city":"A"} {"city":"B"}"""),
        ("single quotes", "{'city':'A'}"),
        ("comment", """{"city":"A" /* hi */}"""),
        ("NaN literal", """{"risk_score":NaN}"""),
    ];

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    private static string WithField(string json, string field, string value) =>
        json.Contains($"\"{field}\":", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(json, $"\"{field}\":\"[^\"]*\"", $"\"{field}\":{value.Replace("$", "$$", StringComparison.Ordinal)}")
            : json.Insert(json.Length - 1, $",\"{field}\":{value}");

    private static string Escape(string value) => string.Concat(value.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));
}
