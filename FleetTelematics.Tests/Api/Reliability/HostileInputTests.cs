using System.Net;
using FleetTelematics.Tests.Support;
using StackExchange.Redis;

namespace FleetTelematics.Tests.Api.Reliability;

/// <summary>
/// Every row of <see cref="HostileRequests"/> answers below 500 — a problem+json 4xx where the value is wrong, a normal
/// answer where it is harmless — and changes nothing in the database. Malformed ids never create cache keys.
/// </summary>
public sealed class HostileInputTests : CachingTestFixture
{
    public static IEnumerable<HostileRequest> Table => HostileRequests.All();

    [TestCaseSource(nameof(Table))]
    public async Task HostileRequest_AnswersBelow500AndChangesNothing(HostileRequest hostile)
    {
        var before = await FingerprintAsync();
        using var message = hostile.ToMessage();
        var client = hostile.Headers?.Any(h => h.Name == "Authorization") == true ? Anonymous : Admin;

        using var response = await client.SendAsync(message);

        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        status.Should().BeLessThan(500, body);
        if (hostile.Expected is { } expected)
        {
            status.Should().Be(expected, body);
        }

        if (status >= 400)
        {
            await response.ShouldBeProblemAsync(response.StatusCode);
            body.Should().NotContainAny(["FleetTelematics.", "System.", ".NET"], "a client is told what it sent wrong in its own terms");
        }

        (await FingerprintAsync()).Should().Be(before, "a refused or harmless request changes nothing");
    }

    [Test]
    public async Task MalformedDriverIds_CreateNoGenerationKeys()
    {
        foreach (var id in new[] { "abc", "DRV-00001", "DRV-1", "DRV-0001%01", "..%2Fetc", "DRV-0001%20x", "%F0%9F%9A%9A" })
        {
            (await Admin.GetAsync($"/api/v1/admin/drivers/{id}/details")).Dispose();
        }

        (await Admin.GetAsync("/api/v1/admin/drivers/DRV-0002/details")).Dispose();

        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        // Scope generations live in the driver_detail stripes: <prefix>:{driver_detail:N}:g:<driver>.
        var scopes = redis.GetServers().Single().Keys(pattern: $"{KeyPrefix}:{{driver_detail:*}}:g:*")
            .Select(key => (string)key!).Select(key => key[(key.IndexOf("}:g:", StringComparison.Ordinal) + 4)..]).ToList();
        scopes.Should().Equal("DRV-0002");
    }

    [Test]
    public async Task HarmlessNastyText_IsStoredAndReturnedVerbatim()
    {
        const string name = "Zoë O'Brien-Łukasz 🚚 50%_off \\ \"quoted\"; DROP TABLE drivers; --";
        using var created = await Admin.PostAsync("/api/v1/admin/drivers", new StringContent(
            $$"""{"name":{{HostileText.Json(name)}},"email":"nasty.text@fleet.example","phone":"+1 555 0199","license_number":"NASTY-1","city":"東京"}""",
            System.Text.Encoding.UTF8, "application/json"));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        using var read = await Admin.GetAsync(created.Headers.Location);
        var driver = await JsonAsync(read);
        driver.GetProperty("name").GetString().Should().Be(name);
        driver.GetProperty("city").GetString().Should().Be("東京");

        using var found = await Admin.GetAsync($"/api/v1/admin/drivers?search={HostileText.Percent("50%_off \\")}");
        (await JsonAsync(found)).EnumerateArray().Select(d => d.GetProperty("name").GetString()).Should().Equal(name);
    }

    /// <summary>Everything a request could change, in one comparable value.</summary>
    private Task<string> FingerprintAsync() => ScalarAsync<string>("""
        SELECT md5(concat_ws('|',
            (SELECT string_agg(d::text, ',' ORDER BY d.id) FROM drivers d),
            (SELECT string_agg(u::text, ',' ORDER BY u.id) FROM users u),
            (SELECT count(*) FROM vehicles), (SELECT count(*) FROM trips), (SELECT count(*) FROM safety_events)))
        """);
}
