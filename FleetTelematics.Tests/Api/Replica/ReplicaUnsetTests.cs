using System.Net;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Replica;

/// <summary>Without <c>ConnectionStrings:FleetReplica</c> nothing changes: no position read, no standby series, no standby check.</summary>
[NonParallelizable]
public sealed class ReplicaUnsetTests : CachingTestFixture
{
    // No user directory refresh may fall inside a counted request.
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Auth:UserRefreshInterval"] = "01:00:00";
            return settings;
        }
    }

    [Test]
    public async Task Miss_NoStandby_OnlyTheQueryItselfOnThePrimary()
    {
        using var counter = new NpgsqlCommandCounter();
        using var ports = new NpgsqlCommandPorts();

        using var response = await Viewer.GetAsync("/api/v1/admin/dashboard/summary");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        CacheStatus(response).Should().Be("MISS");
        counter.Count.Should().Be(1, "the summary is one batch, and nothing asks where the WAL is");
        ports.Commands.Should().NotContain(c => c.Text.Contains("wal", StringComparison.Ordinal));
    }

    [Test]
    public async Task Metrics_NoStandby_NoReplicaSeries() =>
        (await PrometheusScrape.FromAsync(Anonymous)).Names.Should().NotContain(name => name.StartsWith("database_replica", StringComparison.Ordinal));

    [Test]
    public async Task Ready_NoStandby_NoStandbyCheck()
    {
        using var response = await Anonymous.GetAsync("/health/ready");

        (await JsonAsync(response)).GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString())
            .Should().NotContain("postgresql_standby");
    }
}
