using System.Net;
using System.Net.Http.Json;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Caching;

/// <summary>Stale write-back and stampedes, with a computation held open at will.</summary>
[TestFixture(RedisTopology.SingleNode)]
[TestFixture(RedisTopology.Cluster)]
public sealed class ConcurrencyTests(RedisTopology topology) : CachingTestFixture(topology)
{
    [Test]
    public async Task SlowMiss_WriteDuringComputation_StaleResultIsNeverServed()
    {
        await Anonymous.PostAsync("/test/probe/value/10", null);
        Probe.CloseGate();
        var slowRead = Anonymous.GetAsync("/test/probe/value"); // reads 10, then waits at the gate
        await Probe.Entered.WaitAsync(TimeSpan.FromSeconds(10));

        using var write = await Anonymous.PostAsync("/test/probe/value/20", null);
        Probe.OpenGate();
        using var slow = await slowRead;

        write.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await slow.Content.ReadFromJsonAsync<ProbeValue>())!.Value.Should().Be(10, "it began before the write");
        using var next = await Anonymous.GetAsync("/test/probe/value");
        CacheStatus(next).Should().Be("MISS");
        (await next.Content.ReadFromJsonAsync<ProbeValue>())!.Value.Should().Be(20);
        using var after = await Anonymous.GetAsync("/test/probe/value");
        CacheStatus(after).Should().Be("HIT");
        (await after.Content.ReadFromJsonAsync<ProbeValue>())!.Value.Should().Be(20);
    }

    [Test]
    public async Task ConcurrentMisses_OneKey_ComputedOnceAndSharedAsHits()
    {
        await Anonymous.PostAsync("/test/probe/value/30", null); // fresh generation: the next read is a miss
        Probe.ResetCount();
        Probe.CloseGate();
        var first = Anonymous.GetAsync("/test/probe/value");
        await Probe.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var others = Enumerable.Range(0, 24).Select(_ => Anonymous.GetAsync("/test/probe/value")).ToList();
        await Task.Delay(200); // let them all reach the filter and join the computation

        Probe.OpenGate();
        var responses = await Task.WhenAll(others.Prepend(first));

        Probe.Computations.Should().Be(1);
        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        responses.Select(CacheStatus).Count(s => s == "MISS").Should().Be(1);
        responses.Select(CacheStatus).Count(s => s == "HIT").Should().Be(24);
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        bodies.Distinct().Should().ContainSingle();
    }

    [Test]
    public async Task RequestAfterWrite_DoesNotJoinAComputationThatBeganBeforeIt()
    {
        await Anonymous.PostAsync("/test/probe/value/40", null);
        Probe.CloseGate();
        var before = Anonymous.GetAsync("/test/probe/value");
        await Probe.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        await Anonymous.PostAsync("/test/probe/value/41", null);

        var after = Anonymous.GetAsync("/test/probe/value");
        await Task.Delay(100);
        Probe.OpenGate();

        (await (await before).Content.ReadFromJsonAsync<ProbeValue>())!.Value.Should().Be(40);
        (await (await after).Content.ReadFromJsonAsync<ProbeValue>())!.Value.Should().Be(41);
    }
}
