using FleetTelematics.Tests.Support;
using static FleetTelematics.Tests.Api.Features.Ingestion.IngestClient;

namespace FleetTelematics.Tests.Api.Features.Ingestion;

public sealed class SafetyEventIngestionTests : ApiTestFixture
{
    private static DateTime Now => DateTime.UtcNow;

    [Test]
    public async Task Events_OfAnIngestedTrip_StoredForTheTripsDriverOnce()
    {
        var trip = NewId("trip");
        await (await Gateway.PostTripsAsync(Trip(trip, Now.AddMinutes(-20), driverId: "DRV-0003"))).ShouldBeJudgedAsync(1, 0, 0);
        var braking = Event(NewId("event"), trip, Now.AddMinutes(-15));
        var speeding = Event(NewId("event"), trip, Now.AddMinutes(-10), "speeding", "high", null);

        await (await Gateway.PostEventsAsync(braking, speeding)).ShouldBeJudgedAsync(2, 0, 0);
        await (await Gateway.PostEventsAsync(braking)).ShouldBeJudgedAsync(0, 1, 0);

        var stored = await RowsAsync("""
            SELECT e.driver_id, e.type, e.severity, e.speed_kmh FROM safety_event_external_ids l
            JOIN safety_events e ON e.id = l.event_id AND e.occurred_at = l.occurred_at
            WHERE l.external_id = ANY($1) ORDER BY e.type
            """, (object)new[] { (string)braking["external_id"]!, (string)speeding["external_id"]! });
        stored.Should().BeEquivalentTo(new[] { new object[] { 3, (short)1, (short)2, 42.5m }, [3, (short)3, (short)3, DBNull.Value] },
            options => options.WithStrictOrdering());
    }

    [Test]
    public async Task Events_BadRecords_RejectedWithReasons_GoodOnesStored()
    {
        var trip = NewId("trip");
        await (await Gateway.PostTripsAsync(Trip(trip, Now.AddHours(-1)))).ShouldBeJudgedAsync(1, 0, 0);
        var changed = NewId("event");
        var firstSent = Now.AddMinutes(-30);
        await (await Gateway.PostEventsAsync(Event(changed, trip, firstSent))).ShouldBeJudgedAsync(1, 0, 0);
        object[] batch =
        [
            Event(NewId("event"), trip, Now.AddMinutes(-5)),
            Event(NewId("event"), trip, Now.AddMinutes(-5), type: "swerving"),
            Event(NewId("event"), trip, Now.AddMinutes(-5), severity: "extreme"),
            Event(NewId("event"), "no-such-trip", Now.AddMinutes(-5)),
            Event(NewId("event"), trip, Now.AddMinutes(30)),
            Event(NewId("event"), trip, Now.AddMinutes(-5), speedKmh: -3m),
            Event(changed, trip, firstSent, severity: "high"),
            Event("", trip, Now.AddMinutes(-5)),
        ];

        var answer = await (await Gateway.PostEventsAsync(batch)).ShouldBeJudgedAsync(1, 0, batch.Length - 1);

        string[] expected = ["", "type", "severity", "trip_external_id", "occurred_at", "speed_kmh", "external_id", "external_id"];
        for (var index = 1; index < batch.Length; index++)
        {
            answer.ErrorsOf(index).TryGetProperty(expected[index], out _).Should().BeTrue($"record {index}: {answer}");
        }

        answer.ErrorsOf(1).GetProperty("type")[0].GetString().Should().Contain("harsh_braking");
        (await ScalarAsync<int>("SELECT severity FROM safety_event_external_ids l JOIN safety_events e ON e.id = l.event_id WHERE l.external_id = $1", changed))
            .Should().Be(2, "the event stored first is unchanged");
    }
}
