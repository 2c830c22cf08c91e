using System.Net;
using System.Net.Http.Json;
using FleetTelematics.Tests.Support;
using StackExchange.Redis;

namespace FleetTelematics.Tests.Api.Caching.Cluster;

/// <summary>
/// On the shared 3-master cluster of ./test.sh: the entries of one prefix spread over every master, so the hottest
/// prefix is not bound to one node (one hash tag per prefix put 265 keys on one master and 0 and 1 on the others).
/// </summary>
public sealed class ClusterKeySpreadTests() : CachingTestFixture(RedisTopology.Cluster)
{
    private const int DriverDetails = 120;
    private const int ListPages = 20;

    [Test]
    public async Task Warming_DriverDetailsAndListPages_PutsKeysOfEachPrefixOnEveryMaster()
    {
        var drivers = await DriverIdsAsync(DriverDetails);
        foreach (var driver in drivers)
        {
            using var details = await Viewer.GetAsync($"/api/v1/admin/drivers/{driver}/details");
            details.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        for (var page = 0; page < ListPages; page++)
        {
            using var list = await Viewer.GetAsync($"/api/v1/admin/drivers?limit=5&skip={page * 5}");
            list.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var keysPerMaster = await KeysPerMasterAsync();

        keysPerMaster.Should().HaveCount(3);
        foreach (var prefix in new[] { "driver_detail", "drivers_list" })
        {
            var counts = keysPerMaster.Values.Select(keys => keys.Count(key => key.Contains(prefix, StringComparison.Ordinal))).ToList();
            TestContext.Out.WriteLine($"{prefix}: {string.Join(", ", counts)} keys on the three masters");
            counts.Sum().Should().BeGreaterThanOrEqualTo(prefix == "driver_detail" ? DriverDetails : ListPages, "every response was stored");
            counts.Should().OnlyContain(count => count > 0, $"the keys of {prefix} spread over every master ({string.Join(", ", counts)})");
            counts.Max().Should().BeLessThan(counts.Sum() * 2 / 3, $"no master holds most of {prefix} ({string.Join(", ", counts)})");
        }
    }

    /// <summary>The keys under this fixture's key prefix on each master, found with SCAN on that master alone.</summary>
    private async Task<Dictionary<string, List<string>>> KeysPerMasterAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.RedisCluster);
        var perMaster = new Dictionary<string, List<string>>();
        foreach (var server in redis.GetServers().Where(server => !server.IsReplica))
        {
            var keys = new List<string>();
            await foreach (var key in server.KeysAsync(pattern: KeyPrefix + ":*", pageSize: 500))
            {
                keys.Add(key.ToString());
            }

            perMaster[server.EndPoint.ToString()!] = keys;
        }

        return perMaster;
    }

    /// <summary>The seeded drivers and, to reach <paramref name="count"/>, new ones created through the API.</summary>
    private async Task<List<string>> DriverIdsAsync(int count)
    {
        var ids = (await RowsAsync("SELECT public_id FROM drivers ORDER BY id")).Select(row => (string)row[0]).ToList();
        while (ids.Count < count)
        {
            using var created = await Admin.PostAsJsonAsync("/api/v1/admin/drivers", new
            {
                name = $"Spread {ids.Count}", email = $"spread.{Guid.NewGuid():N}@fleet.example", phone = "+1 555 0100",
                license_number = $"SP-{Guid.NewGuid():N}"[..18], city = "Oslo",
            });
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            ids.Add((await JsonAsync(created)).GetProperty("driver_id").GetString()!);
        }

        return ids[..count];
    }
}
