using FleetTelematics.Tests.Support;
using static FleetTelematics.Tests.Api.Features.Ingestion.IngestClient;

namespace FleetTelematics.Tests.Api.Features.Ingestion;

/// <summary>A month whose partition is missing (its upkeep did not run) is created by the batch that needs it.</summary>
public sealed class MissingPartitionTests : ApiTestFixture
{
    [Test]
    public async Task Batch_ForAMonthWithoutPartition_CreatesItAndStores()
    {
        var started = DateTime.UtcNow.AddDays(-20);
        var month = $"{started:yyyy_MM}";
        await ExecuteAsync($"DROP TABLE trips_{month}, safety_events_{month}");
        (await ScalarAsync<bool>($"SELECT to_regclass('trips_{month}') IS NULL")).Should().BeTrue();
        var trip = NewId("old");

        await (await Gateway.PostTripsAsync(Trip(trip, started, started.AddMinutes(40), 31m))).ShouldBeJudgedAsync(1, 0, 0);
        await (await Gateway.PostEventsAsync(Event(NewId("old"), trip, started.AddMinutes(10)))).ShouldBeJudgedAsync(1, 0, 0);

        (await ScalarAsync<long>($"SELECT count(*) FROM trips_{month}")).Should().Be(1);
        (await ScalarAsync<long>($"SELECT count(*) FROM safety_events_{month}")).Should().Be(1);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = Database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
