using System.Net;
using FleetTelematics.Tests.Support;
using static FleetTelematics.Tests.Api.Features.Ingestion.IngestClient;

namespace FleetTelematics.Tests.Api.Features.Ingestion;

public sealed class TripIngestionTests : ApiTestFixture
{
    private static DateTime Now => DateTime.UtcNow;

    [Test]
    public async Task Trip_StartedThenEnded_StoredOnceAndCompleted()
    {
        var id = NewId("trip");
        var started = Now.AddMinutes(-40);
        var ended = started.AddMinutes(35).AddSeconds(12);

        (await (await Gateway.PostTripsAsync(Trip(id, started))).ShouldBeJudgedAsync(1, 0, 0)).GetProperty("rejected").GetArrayLength().Should().Be(0);
        var inProgress = await StoredAsync(id);
        inProgress.Should().BeEquivalentTo(new object[] { (short)1, started.TruncateToMicroseconds(), DBNull.Value, 0m, 0 });

        await (await Gateway.PostTripsAsync(Trip(id, started))).ShouldBeJudgedAsync(0, 1, 0);
        await (await Gateway.PostTripsAsync(Trip(id, started, ended, 21.456m))).ShouldBeJudgedAsync(1, 0, 0);
        await (await Gateway.PostTripsAsync(Trip(id, started, ended, 21.456m))).ShouldBeJudgedAsync(0, 1, 0);
        // The start arriving late (a retry of a batch that got no answer) changes nothing either.
        await (await Gateway.PostTripsAsync(Trip(id, started))).ShouldBeJudgedAsync(0, 1, 0);

        var completed = await StoredAsync(id);
        completed.Should().BeEquivalentTo(new object[] { (short)2, started.TruncateToMicroseconds(), ended.TruncateToMicroseconds(), 21.46m, 35 * 60 + 12 });
        (await ScalarAsync<int>("SELECT count(*) FROM trip_external_ids WHERE external_id = $1", id)).Should().Be(1);
    }

    [Test]
    public async Task CompletedTrip_ChangedAgain_RejectedWithTheFieldsThatDiffer()
    {
        var id = NewId("trip");
        var started = Now.AddHours(-2);
        await (await Gateway.PostTripsAsync(Trip(id, started, started.AddHours(1), 50m))).ShouldBeJudgedAsync(1, 0, 0);

        var answer = await (await Gateway.PostTripsAsync(
            Trip(id, started, started.AddHours(1), 51m),
            Trip(id + "-x", started),
            Trip(id, started.AddMinutes(1), started.AddHours(1), 50m, driverId: "DRV-0002"))).ShouldBeJudgedAsync(1, 0, 2);

        answer.ErrorsOf(0).GetProperty("distance_km")[0].GetString().Should().Contain("completed and cannot change");
        answer.ErrorsOf(2).TryGetProperty("driver_id", out _).Should().BeTrue(answer.ToString());
        answer.ErrorsOf(2).TryGetProperty("started_at", out _).Should().BeTrue(answer.ToString());
        (await StoredAsync(id))[3].Should().Be(50m);
    }

    [Test]
    public async Task TripInProgress_ChangedOtherThanCompleted_Rejected()
    {
        var id = NewId("trip");
        var started = Now.AddMinutes(-10);
        await (await Gateway.PostTripsAsync(Trip(id, started))).ShouldBeJudgedAsync(1, 0, 0);

        var answer = await (await Gateway.PostTripsAsync(Trip(id, started, Now, 3m, vehicleId: "VEH-0002"))).ShouldBeJudgedAsync(0, 0, 1);

        answer.ErrorsOf(0).GetProperty("vehicle_id")[0].GetString().Should().Contain("can only be completed");
        (await StoredAsync(id))[0].Should().Be((short)1);
    }

    [Test]
    public async Task Batch_WithBadRecords_StoresTheValidOnesAndNamesEachReason()
    {
        await ExecuteAsync("UPDATE drivers SET archived_at = now() WHERE id = 7");
        var started = Now.AddHours(-1);
        var good = NewId("trip");
        object[] batch =
        [
            Trip(good, started, started.AddMinutes(30), 12.5m),
            Trip(NewId("trip"), started, driverId: "DRV-9999"),
            Trip(NewId("trip"), started, driverId: "DRV-0007"),
            Trip(NewId("trip"), started, vehicleId: "VEH-9999"),
            Trip(NewId("trip"), started, started.AddMinutes(-1), 1m),
            Trip(NewId("trip"), Now.AddMinutes(10)),
            Trip(NewId("trip"), started, started.AddMinutes(5), -1m),
            Trip(NewId("trip"), started, started.AddMinutes(5), 2000.01m),
            Trip("bad id!", started),
            Trip(NewId("trip"), started, distanceKm: 4m),
            Trip(NewId("trip"), started, started.AddMinutes(5)),
            Trip(NewId("trip"), Now.AddDays(-45)),
            Trip(NewId("trip"), started, driverId: "driver one"),
            new Dictionary<string, object?> { ["driver_id"] = "DRV-0001" },
            new Dictionary<string, object?> { ["external_id"] = NewId("trip"), ["driver_id"] = "DRV-0001", ["vehicle_id"] = "VEH-0001", ["started_at"] = "2026-12-01 08:00" },
        ];

        var answer = await (await Gateway.PostTripsAsync(batch)).ShouldBeJudgedAsync(1, 0, batch.Length - 1);

        string[] expected = ["", "driver_id", "driver_id", "vehicle_id", "ended_at", "started_at", "distance_km", "distance_km",
            "external_id", "distance_km", "distance_km", "started_at", "driver_id", "external_id", "started_at"];
        for (var index = 1; index < batch.Length; index++)
        {
            answer.ErrorsOf(index).TryGetProperty(expected[index], out var messages).Should().BeTrue($"record {index}: {answer}");
            messages[0].GetString().Should().NotBeNullOrWhiteSpace();
        }

        answer.ErrorsOf(2).GetProperty("driver_id")[0].GetString().Should().Contain("archived");
        answer.ErrorsOf(13).TryGetProperty("started_at", out _).Should().BeTrue("every missing field is named at once");
        answer.GetProperty("rejected")[1].GetProperty("external_id").GetString().Should().StartWith("trip-");
        (await StoredAsync(good))[0].Should().Be((short)2);
        (await ScalarAsync<int>("SELECT count(*) FROM trip_external_ids")).Should().BeGreaterThan(0);
    }

    [Test]
    public async Task Batch_StartAndEndOfOneTrip_AppliedInOrder()
    {
        var id = NewId("trip");
        var started = Now.AddMinutes(-30);

        var answer = await (await Gateway.PostTripsAsync(
            Trip(id, started), Trip(id, started), Trip(id, started, started.AddMinutes(20), 9m), Trip(id, started.AddMinutes(1)))).ShouldBeJudgedAsync(2, 1, 1);

        answer.ErrorsOf(3).TryGetProperty("started_at", out _).Should().BeTrue(answer.ToString());
        (await StoredAsync(id)).Should().BeEquivalentTo(new object[] { (short)2, started.TruncateToMicroseconds(), started.AddMinutes(20).TruncateToMicroseconds(), 9m, 1200 });
    }

    [Test]
    public async Task ConcurrentCopiesOfOneBatch_StoreEachRecordOnce()
    {
        var started = Now.AddHours(-3);
        var drivers = (await RowsAsync("SELECT public_id FROM drivers WHERE archived_at IS NULL AND id <> 7 ORDER BY id LIMIT 20")).Select(r => (string)r[0]).ToList();
        var trips = Enumerable.Range(0, 200).Select(i => (object)Trip(NewId("copy"), started.AddSeconds(i), started.AddSeconds(i + 600), 5m,
            driverId: drivers[i % drivers.Count])).ToArray();
        var before = await ScalarAsync<long>("SELECT count(*) FROM trips");

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await Gateway.PostTripsAsync(trips);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            return await JsonAsync(response);
        }));

        answers.Sum(a => a.GetProperty("accepted").GetInt32()).Should().Be(200, string.Join("\n", answers.Select(a => a.ToString()[..Math.Min(600, a.ToString().Length)])));
        answers.Sum(a => a.GetProperty("duplicates").GetInt32()).Should().Be(5 * 200);
        (await ScalarAsync<long>("SELECT count(*) FROM trips")).Should().Be(before + 200);
    }

    [Test]
    public async Task Roles_GatewayAndAdminIngest_ViewerAndAnonymousDoNot_GatewayReadsNothing()
    {
        var started = Now.AddMinutes(-5);
        (await Admin.PostTripsAsync(Trip(NewId("trip"), started))).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await Viewer.PostTripsAsync(Trip(NewId("trip"), started))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = await Anonymous.PostTripsAsync(Trip(NewId("trip"), started));
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
        await (await Gateway.GetAsync("/api/v1/admin/dashboard/stats")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await Gateway.GetAsync("/api/v1/admin/drivers")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<object[]> StoredAsync(string externalId) => (await RowsAsync("""
        SELECT t.status, t.started_at, t.ended_at, t.distance_km, t.duration_seconds
        FROM trip_external_ids l JOIN trips t ON t.id = l.trip_id AND t.started_at = l.started_at
        WHERE l.external_id = $1
        """, externalId)).Single();

    private async Task ExecuteAsync(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
