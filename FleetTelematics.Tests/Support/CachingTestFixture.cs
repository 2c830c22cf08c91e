using System.Diagnostics;
using System.Net.Http.Headers;
using FleetTelematics.Api.Caching;
using FleetTelematics.Infrastructure.Caching.Near;
using Microsoft.Extensions.DependencyInjection;

namespace FleetTelematics.Tests.Support;

/// <summary>
/// An API fixture with response caching on the real Redis of ./test.sh (under a key prefix of its own), plus the
/// probe endpoints of <see cref="CacheProbeController"/>. A fixture given <see cref="RedisTopology.Cluster"/> runs on the
/// 3-master Redis Cluster of ./test.sh instead.
/// </summary>
public abstract class CachingTestFixture(RedisTopology topology = RedisTopology.SingleNode) : ApiTestFixture
{
    protected RedisTopology Topology { get; } = topology;

    protected CacheProbeState Probe { get; } = new();

    protected string KeyPrefix { get; } = "t" + Guid.NewGuid().ToString("N")[..12];

    protected virtual string RedisConfiguration =>
        Topology == RedisTopology.Cluster ? TestServices.RedisCluster : TestServices.Redis;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Redis:Configuration"] = RedisConfiguration,
        ["Caching:KeyPrefix"] = KeyPrefix,
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Probe);
        services.AddControllers().AddApplicationPart(typeof(CacheProbeController).Assembly);
    }

    [SetUp]
    public void ResetProbe()
    {
        Probe.OpenGate();
        Probe.ResetCount();
    }

    /// <summary>Waits until an instance (this fixture's, by default) holds its lease and serves hits from local copies.</summary>
    protected async Task WaitForLocalCopiesAsync(FleetApiFactory? instance = null)
    {
        var near = (instance ?? Factory).Services.GetRequiredService<NearCache>();
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
        while (!near.IsServing)
        {
            Stopwatch.GetTimestamp().Should().BeLessThan(deadline, "the instance takes its lease within 10 s");
            await Task.Delay(50);
        }
    }

    protected static string? CacheStatus(HttpResponseMessage response) =>
        response.Headers.TryGetValues(CachedEntryResult.CacheStatusHeader, out var values) ? values.Single() : null;

    protected static async Task<HttpResponseMessage> GetWithETagAsync(HttpClient client, string url, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return await client.SendAsync(request);
    }
}
