using FleetTelematics.Tests.Infrastructure.Persistence;
using FleetTelematics.Tests.Support;
using static FleetTelematics.Tests.Api.Features.Ingestion.IngestClient;

namespace FleetTelematics.Tests.Api.Features.Ingestion;

/// <summary>
/// A random stream through the ingestion API — trips started and ended, events, duplicates and concurrent copies —
/// leaves every roll-up equal to a recomputation from the raw rows.
/// </summary>
public sealed class IngestRollupsTests : ApiTestFixture
{
    private static readonly string[] Types = ["harsh_braking", "speeding", "fatigue", "phone_usage"];
    private static readonly string[] Severities = ["low", "medium", "high"];

    [Test]
    public async Task RandomStream_ThroughTheApi_RollupsEqualRecomputation()
    {
        var random = new Random(1313);
        var now = DateTime.UtcNow;
        var drivers = (await RowsAsync("SELECT public_id FROM drivers WHERE archived_at IS NULL ORDER BY id LIMIT 25")).Select(r => (string)r[0]).ToList();
        var open = new List<(string Id, DateTime Started, string Driver)>();
        var tripsSent = new List<string>();
        for (var round = 0; round < 12; round++)
        {
            var batch = new List<object>();
            for (var i = 0; i < random.Next(5, 40); i++)
            {
                if (open.Count > 0 && random.Next(3) == 0)
                {
                    var (id, started, driver) = open[random.Next(open.Count)];
                    open.RemoveAll(t => t.Id == id);
                    batch.Add(Trip(id, started, started.AddMinutes(random.Next(1, 90)), random.Next(0, 30000) / 100m, driverId: driver));
                }
                else
                {
                    var trip = (NewId("stream"), now.AddMinutes(-random.Next(100, 40_000)), drivers[random.Next(drivers.Count)]);
                    open.Add(trip);
                    tripsSent.Add(trip.Item1);
                    batch.Add(Trip(trip.Item1, trip.Item2, driverId: trip.Item3));
                }
            }

            var events = Enumerable.Range(0, random.Next(10, 60)).Select(_ => (object)Event(NewId("stream"), tripsSent[random.Next(tripsSent.Count)],
                now.AddMinutes(-random.Next(1, 40_000)), Types[random.Next(Types.Length)], Severities[random.Next(Severities.Length)])).ToArray();
            // Each batch twice at once (a retry racing the original), events after their trips.
            await Task.WhenAll(Gateway.PostTripsAsync([.. batch]), Gateway.PostTripsAsync([.. batch]));
            await Task.WhenAll(Gateway.PostEventsAsync(events), Gateway.PostEventsAsync(events));
        }

        await using var connection = await Database.OpenConnectionAsync();
        var differences = await RollupRecomputation.DifferencesAsync(connection);

        differences.Should().BeEmpty();
        (await ScalarAsync<long>("SELECT count(*) FROM trip_external_ids WHERE external_id LIKE 'stream-%'")).Should().Be(tripsSent.Count);
    }
}
