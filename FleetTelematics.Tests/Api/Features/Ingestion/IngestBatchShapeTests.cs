using System.Net;
using System.Text;
using FleetTelematics.Tests.Support;
using static FleetTelematics.Tests.Api.Features.Ingestion.IngestClient;

namespace FleetTelematics.Tests.Api.Features.Ingestion;

/// <summary>A body that is not a batch is refused whole, with a problem, and nothing of it is stored.</summary>
public sealed class IngestBatchShapeTests : ApiTestFixture
{
    private static readonly string ValidTrip = System.Text.Json.JsonSerializer.Serialize(Trip("shape-valid", DateTime.UtcNow.AddMinutes(-5)));

    [TestCase("not json", "$")]
    [TestCase("[]", "$")]
    [TestCase("""{"trips": "many"}""", "trips")]
    [TestCase("""{"trips": []}""", "trips")]
    [TestCase("""{}""", "trips")]
    [TestCase("""{"trips": [VALID], "gateway": "g-1"}""", "gateway")]
    [TestCase("""{"trips": [VALID, {"external_id": "x", "distance_kms": 3}]}""", "trips[1].distance_kms")]
    [TestCase("""{"trips": [VALID, {"external_id": "x", "distance_km": "3"}]}""", "trips[1].distance_km")]
    [TestCase("""{"trips": [VALID, {"external_id": 17}]}""", "trips[1].external_id")]
    public async Task Trips_NotABatch_400AndNothingStored(string body, string field)
    {
        var before = await ScalarAsync<long>("SELECT count(*) FROM trip_external_ids");

        using var response = await Gateway.PostAsync("/api/v1/ingest/trips", Json(body.Replace("VALID", ValidTrip, StringComparison.Ordinal)));

        await response.ShouldBeValidationProblemAsync(field);
        (await ScalarAsync<long>("SELECT count(*) FROM trip_external_ids")).Should().Be(before);
    }

    [Test]
    public async Task Events_NotABatch_400()
    {
        using var response = await Gateway.PostAsync("/api/v1/ingest/safety-events", Json("""{"trips": []}"""));

        await response.ShouldBeValidationProblemAsync("trips");
    }

    [Test]
    public async Task Trips_OverFiveThousandRecords_413AndNothingStored()
    {
        var started = DateTime.UtcNow.AddMinutes(-5);
        var trips = Enumerable.Range(0, 5_001).Select(i => (object)Trip($"big-{i}", started)).ToArray();
        var before = await ScalarAsync<long>("SELECT count(*) FROM trip_external_ids");

        using var response = await Gateway.PostTripsAsync(trips);

        (await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge)).GetProperty("detail").GetString().Should().Contain("5,000");
        (await ScalarAsync<long>("SELECT count(*) FROM trip_external_ids")).Should().Be(before);
    }

    [Test]
    public async Task Trips_BodyOverFourMegabytes_413()
    {
        using var response = await Gateway.PostAsync("/api/v1/ingest/trips", Json($$"""{"trips": [{"external_id": "{{new string('a', 4 * 1024 * 1024)}}"}]}"""));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Test]
    public async Task Trips_FiveThousandRecords_AllStored()
    {
        var started = DateTime.UtcNow.AddHours(-6);
        var trips = Enumerable.Range(0, 5_000).Select(i => (object)Trip(NewId("full"), started.AddSeconds(i), started.AddSeconds(i + 900), 7.25m)).ToArray();

        using var response = await Gateway.PostTripsAsync(trips);

        await response.ShouldBeJudgedAsync(5_000, 0, 0);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
