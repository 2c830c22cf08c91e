using FleetTelematics.Infrastructure.Persistence.History;
using FleetTelematics.Infrastructure.Persistence.Seeding;
using FleetTelematics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FleetTelematics.Tests.Api.Observability;

/// <summary>Slow statements are logged with their text, once per statement per minute — not once per request.</summary>
public sealed class SlowQueryLogTests : ApiTestFixture
{
    private readonly CapturingLoggerProvider _logs = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:SlowQueryThreshold"] = "00:00:00.001",
        ["Caching:Enabled"] = "false",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(_logs);

    [Test]
    public async Task SlowStatement_RunThreeTimes_LoggedOnceWithItsText()
    {
        for (var i = 0; i < 3; i++)
        {
            using var _ = await Viewer.GetAsync("/api/v1/admin/dashboard/safety-events-breakdown?days=365");
        }

        var slow = _logs.Entries.Where(e => e.EventId.Id == 400 && e.Message.Contains($"FROM {RollupsSql.DailyFleetEvents}", StringComparison.Ordinal)
            && e.Message.Contains("GROUP BY type, severity", StringComparison.Ordinal)).ToList();
        slow.Should().ContainSingle("a statement is logged at most once a minute, however often it is slow");
        slow[0].Message.Should().StartWith("Slow database command:");
    }

    [Test]
    public async Task SeederBulkLoad_CopyTruncateAndVacuum_NotReported()
    {
        var seeder = Factory.Services.GetRequiredService<FleetSeeder>();

        await seeder.SeedAsync(TestDatabases.Fleet, DateTime.UtcNow, replaceExisting: true, null, CancellationToken.None);
        using var _ = await Viewer.GetAsync("/api/v1/admin/dashboard/trip-activity?days=90");

        var slow = _logs.Entries.Where(e => e.EventId.Id == 400).Select(e => e.Message).ToList();
        // At a 1 ms threshold every COPY is slow: only the bulk mark keeps them out. The request's query shows the log still listens.
        slow.Should().NotContain(m => m.Contains("COPY ", StringComparison.Ordinal) || m.Contains("TRUNCATE", StringComparison.Ordinal)
            || m.Contains("VACUUM", StringComparison.Ordinal));
        slow.Should().Contain(m => m.Contains($"FROM {RollupsSql.DailyFleetTrips}", StringComparison.Ordinal), "statements of requests are still reported");
    }
}
