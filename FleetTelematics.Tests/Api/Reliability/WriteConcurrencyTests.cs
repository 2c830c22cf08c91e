using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FleetTelematics.Tests.Faults;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Reliability;

/// <summary>
/// Concurrent writes of the same drivers: no lost update where If-Match was sent, every write without it applied in
/// some order with the last one standing, duplicate creates refused, and afterwards every cached route equal to an
/// uncached read of the database.
/// </summary>
[NonParallelizable]
public sealed class WriteConcurrencyTests : CachingTestFixture
{
    private const int Writers = 8;
    private FleetApiFactory _uncached = null!;
    private HttpClient _uncachedViewer = null!;

    [OneTimeSetUp]
    public void StartUncachedInstance()
    {
        _uncached = new FleetApiFactory(ConnectionString,
            new Dictionary<string, string?>(Settings) { ["Caching:Enabled"] = "false" }, ConfigureServices);
        _uncachedViewer = _uncached.CreateClient();
        _uncachedViewer.DefaultRequestHeaders.Authorization = Viewer.DefaultRequestHeaders.Authorization;
    }

    [OneTimeTearDown]
    public async Task StopUncachedInstance()
    {
        _uncachedViewer.Dispose();
        await _uncached.DisposeAsync();
    }

    [Test]
    public async Task IfMatchReadModifyWrite_ConcurrentWriters_NoUpdateIsLost()
    {
        await ScalarAsync<int>("UPDATE drivers SET risk_score = 10.0 WHERE public_id = 'DRV-0011' RETURNING 1");

        // Each writer adds 1.0 to the score it read, with If-Match, and reads again when it lost the race.
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                using var read = await Admin.GetAsync("/api/v1/admin/drivers/DRV-0011");
                var score = (await JsonAsync(read)).GetProperty("risk_score").GetDecimal();
                using var write = await PatchAsync("DRV-0011", $$"""{"risk_score":{{score + 1}}}""", read.Headers.ETag);
                if (write.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                write.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
            }

            Assert.Fail("a writer never got its turn in 50 attempts");
        })));

        (await ScalarAsync<decimal>("SELECT risk_score FROM drivers WHERE public_id = 'DRV-0011'")).Should().Be(10.0m + Writers);
    }

    [Test]
    public async Task PatchWithoutIfMatch_ConcurrentWriters_AllAppliedAndTheLastStands()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            using var response = await PatchAsync("DRV-0012", $$"""{"city":"Concurrent {{i}}"}""");
            response.StatusCode.Should().Be(HttpStatusCode.OK, "without If-Match a concurrent write is no reason to refuse");
            var driver = await JsonAsync(response);
            return (City: driver.GetProperty("city").GetString(), UpdatedAt: driver.GetProperty("updated_at").GetDateTime());
        })));

        answers.Select(a => a.City).Should().BeEquivalentTo(Enumerable.Range(0, Writers).Select(i => $"Concurrent {i}"),
            "each answer shows its own write, read in its own transaction");
        var last = answers.MaxBy(a => a.UpdatedAt);
        (await ScalarAsync<string>("SELECT city FROM drivers WHERE public_id = 'DRV-0012'")).Should().Be(last.City);
    }

    [Test]
    public async Task Create_TwoConcurrentWithSameEmail_OneCreatedOneConflict()
    {
        for (var round = 0; round < 5; round++)
        {
            var statuses = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
            {
                using var response = await Admin.PostAsync("/api/v1/admin/drivers", new StringContent(
                    $$"""{"name":"Twin {{round}}","email":"twin.{{round}}@fleet.example","phone":"+1 555 0101","license_number":"TWIN-{{round}}-{{i}}","city":"Austin"}""",
                    Encoding.UTF8, "application/json"));
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
                }

                return response.StatusCode;
            })));

            statuses.Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.Conflict]);
            (await ScalarAsync<long>("SELECT count(*) FROM drivers WHERE email = $1", $"twin.{round}@fleet.example")).Should().Be(1);
        }
    }

    [Test]
    public async Task AfterConcurrentWrites_EveryCachedRouteEqualsAnUncachedRead()
    {
        string[] drivers = ["DRV-0013", "DRV-0014", "DRV-0015"];
        var routes = CachedReads.All.Select(read => read.Url).ToList(); // every cached route, these drivers' details included
        foreach (var route in routes)
        {
            (await Viewer.GetAsync(route)).Dispose(); // warm every entry before the writes
        }

        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            var read = Viewer.GetAsync(routes[i % routes.Count]);
            using var write = await PatchAsync(drivers[i % drivers.Length], $$"""{"risk_score":{{20 + i}}.5,"city":"Round {{i}}"}""");
            write.StatusCode.Should().Be(HttpStatusCode.OK);
            (await read).Dispose();
        })));

        var report = await StaleReadCheck.RunAsync(Viewer, _uncachedViewer, Viewer.DefaultRequestHeaders.Authorization!.Parameter!, CachedReads.All);
        report.UrlsChecked.Should().Be(routes.Count);
        report.StaleReads.Should().BeEmpty();
    }

    private Task<HttpResponseMessage> PatchAsync(string driver, string json, EntityTagHeaderValue? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/admin/drivers/{driver}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(ifMatch);
        }

        return Admin.SendAsync(request);
    }
}
