using FleetTelematics.Api.Simulation;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Simulation;

[Category(TestKinds.Unit)]
public sealed class OutgoingBatchTests
{
    private static readonly DateTime At = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    [Test]
    public void Take_StartAndEndOfOneTripQueued_EndWaitsForTheNextBatch()
    {
        var start = new TripRecord("t1", "DRV-0001", "VEH-0001", At, null, null);
        var safetyEvent = new SafetyEventRecord("t1.e1", "t1", "speeding", "high", At.AddSeconds(1), 90);
        var end = start with { EndedAt = At.AddSeconds(5), DistanceKm = 0.1m };
        var pending = new Queue<ITelemetryRecord>([start, safetyEvent, end]);

        var first = OutgoingBatch.Take(pending);
        var second = OutgoingBatch.Take(pending);

        first.Trips.Should().Equal(start);
        first.Events.Should().Equal(safetyEvent);
        second.Trips.Should().Equal(end);
        pending.Should().BeEmpty();
    }

    [Test]
    public void Take_MoreThanTheLimit_TakesTheLimitInOrder()
    {
        var pending = new Queue<ITelemetryRecord>(Enumerable.Range(0, 12).Select(i => new TripRecord($"t{i}", "DRV-0001", "VEH-0001", At, null, null)));

        var batch = OutgoingBatch.Take(pending, limit: 5);

        batch.Trips.Select(t => t.ExternalId).Should().Equal("t0", "t1", "t2", "t3", "t4");
        pending.Should().HaveCount(7);
    }
}
