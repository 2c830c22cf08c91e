using System.Net;
using System.Text;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching;

/// <summary>
/// Three instances of one deployment sharing PostgreSQL and Redis, as behind a load balancer: a write through any
/// of them is seen by a read through every other at once, with local copies on and off; and a cold key that all
/// three are asked for at the same moment is computed at most once per instance (ADR-014: no distributed lock).
/// </summary>
[NonParallelizable]
[TestFixture(RedisTopology.SingleNode)]
[TestFixture(RedisTopology.Cluster)]
public sealed class ManyInstancesTests(RedisTopology topology) : CachingTestFixture(topology)
{
    private const string Drivers = "/api/v1/admin/drivers";
    private const int Instances = 3;

    [TestCase(true)]
    [TestCase(false)]
    public async Task WriteThroughAnyInstance_ReadThroughEveryOther_ShowsTheWrite(bool localCopies)
    {
        var instances = new List<FleetApiFactory>();
        var admins = new List<HttpClient>();
        var viewers = new List<HttpClient>();
        try
        {
            for (var i = 0; i < Instances; i++)
            {
                var instance = new FleetApiFactory(ConnectionString, InstanceSettings(localCopies), ConfigureServices);
                instances.Add(instance);
                admins.Add(await LoginAsync(instance, "admin", "fleet-admin-dev"));
                viewers.Add(await LoginAsync(instance, "viewer", "fleet-viewer-dev"));
            }

            if (localCopies)
            {
                foreach (var instance in instances)
                {
                    await WaitForLocalCopiesAsync(instance);
                }
            }

            for (var round = 0; round < 9; round++)
            {
                var writer = round % Instances;
                var driver = $"DRV-00{30 + (round % 4)}";
                var city = $"Instance {writer} round {round} {localCopies}";
                string[] reads = [$"{Drivers}/{driver}/details", $"{Drivers}?search={driver}"];
                foreach (var viewer in viewers)
                {
                    foreach (var url in reads)
                    {
                        await viewer.GetAsync(url);
                        CacheStatus(await viewer.GetAsync(url)).Should().Be("HIT", url);
                    }
                }

                using var patch = await admins[writer].PatchAsync($"{Drivers}/{driver}",
                    new StringContent($$"""{"city":"{{city}}"}""", Encoding.UTF8, "application/merge-patch+json"));
                patch.StatusCode.Should().Be(HttpStatusCode.OK);

                for (var reader = 0; reader < Instances; reader++)
                {
                    using var details = await viewers[reader].GetAsync(reads[0]);
                    (await JsonAsync(details)).GetProperty("driver").GetProperty("city").GetString()
                        .Should().Be(city, $"instance {reader} reads right after instance {writer} wrote");
                    using var list = await viewers[reader].GetAsync(reads[1]);
                    (await JsonAsync(list))[0].GetProperty("city").GetString().Should().Be(city);
                }
            }
        }
        finally
        {
            admins.Concat(viewers).ToList().ForEach(client => client.Dispose());
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task ColdKey_AskedOfThreeInstancesAtOnce_ComputedAtMostOncePerInstance()
    {
        // An instance not yet connected answers BYPASS, which computes on its own: wait until each holds its lease.
        var instances = Enumerable.Range(0, Instances)
            .Select(_ => new FleetApiFactory(ConnectionString, InstanceSettings(localCopies: true), ConfigureServices)).ToList();
        var clients = instances.Select(instance => instance.CreateClient()).ToList();
        try
        {
            foreach (var instance in instances)
            {
                await WaitForLocalCopiesAsync(instance);
            }

            (await clients[0].PostAsync("/test/probe/value/77", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
            Probe.ResetCount();
            Probe.CloseGate();

            // Sixteen callers per instance, all before any computation may finish: the worst cold start.
            var requests = clients.SelectMany(client => Enumerable.Range(0, 16).Select(_ => client.GetAsync("/test/probe/value"))).ToList();
            await Probe.Entered.WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(300);
            Probe.OpenGate();
            var responses = await Task.WhenAll(requests);

            responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
            responses.Select(CacheStatus).Should().OnlyContain(status => status == "MISS" || status == "HIT", "every instance reached Redis");
            var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
            bodies.Should().OnlyContain(body => body.Contains("\"value\":77"));
            Probe.Computations.Should().BeInRange(1, Instances, "each instance collapses its own callers into one computation");
            responses.Count(r => CacheStatus(r) == "MISS").Should().Be(Probe.Computations, "only a computing caller is a miss");
            TestContext.Out.WriteLine($"{responses.Length} concurrent cold requests over {Instances} instances: {Probe.Computations} computations");
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    private Dictionary<string, string?> InstanceSettings(bool localCopies) => new(Settings)
    {
        ["Caching:NearCache:Enabled"] = localCopies ? "true" : "false",
        ["Caching:NearCache:LeaseDuration"] = "00:00:01",
        ["Caching:NearCache:RenewInterval"] = "00:00:00.200",
        ["Caching:NearCache:AcknowledgementTimeout"] = "00:00:00.300",
        // A store answer slower than the operation timeout is a BYPASS: on this busy machine, give the store time.
        ["Caching:OperationTimeout"] = "00:00:02",
    };
}
