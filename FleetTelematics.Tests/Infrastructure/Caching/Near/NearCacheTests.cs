using System.Diagnostics;
using FleetTelematics.Infrastructure.Caching.Near;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Infrastructure.Caching.Near;

[Category(TestKinds.Unit)]
public sealed class NearCacheTests
{
    private const string Entry = "fleet:{drivers_list}:e:1";
    private static readonly string[] Generations = ["fleet:{drivers_list}:g"];

    [Test]
    public void TryGet_OfferedWhileServing_ReturnsTheCopy()
    {
        var near = Serving();

        near.Offer(near.Epoch, Entry, "body", 4, Generations, ["t1"]);

        near.TryGet(Entry, out var value).Should().BeTrue();
        value.Should().Be("body");
    }

    [Test]
    public void TryGet_GenerationForgotten_Refused()
    {
        var near = Serving();
        near.Offer(near.Epoch, Entry, "body", 4, Generations, ["t1"]);

        near.Forget(Generations);

        near.TryGet(Entry, out _).Should().BeFalse();
    }

    [Test]
    public void TryGet_OtherGenerationForgotten_StillServed()
    {
        var near = Serving();
        near.Offer(near.Epoch, Entry, "body", 4, Generations, ["t1"]);

        near.Forget(["fleet:{trip_activity}:g"]);

        near.TryGet(Entry, out _).Should().BeTrue();
    }

    [Test]
    public void Offer_LookupBegunBeforeAnInvalidation_NotKept()
    {
        var near = Serving();
        var epochAtLookup = near.Epoch;

        near.Forget(Generations); // arrives while the lookup is in flight
        near.Offer(epochAtLookup, Entry, "old body", 8, Generations, ["old token"]);

        near.TryGet(Entry, out _).Should().BeFalse();
    }

    [Test]
    public void Offer_NewerTokenForASharedGeneration_RetiresCopiesOfTheOlderOne()
    {
        var near = Serving();
        near.Offer(near.Epoch, Entry, "old", 3, Generations, ["t1"]);

        near.Offer(near.Epoch, "fleet:{drivers_list}:e:2", "new", 3, Generations, ["t2"]);

        near.TryGet(Entry, out _).Should().BeFalse();
        near.TryGet("fleet:{drivers_list}:e:2", out _).Should().BeTrue();
    }

    [Test]
    public void TryGet_LeaseWindowClosed_Refused()
    {
        var near = Serving();
        near.Offer(near.Epoch, Entry, "body", 4, Generations, ["t1"]);

        near.ServeUntil(Stopwatch.GetTimestamp() - 1);

        near.TryGet(Entry, out _).Should().BeFalse();
    }

    [Test]
    public void Offer_WindowNeverOpened_NotKept()
    {
        var near = new NearCache(1 << 20);

        near.Offer(near.Epoch, Entry, "body", 4, Generations, ["t1"]);
        near.ServeUntil(Stopwatch.GetTimestamp() + Stopwatch.Frequency);

        near.TryGet(Entry, out _).Should().BeFalse();
        near.Count.Should().Be(0);
    }

    [Test]
    public void Clear_DropsEverythingAndClosesTheWindow()
    {
        var near = Serving();
        near.Offer(near.Epoch, Entry, "body", 4, Generations, ["t1"]);

        near.Clear();

        near.IsServing.Should().BeFalse();
        near.Count.Should().Be(0);
        near.Bytes.Should().Be(0);
    }

    [Test]
    public void Offer_PastTheByteBudget_ShrinksToThreeQuarters()
    {
        var near = Serving(maxBytes: 1000);

        for (var i = 0; i < 50; i++)
        {
            near.Offer(near.Epoch, $"fleet:{{drivers_list}}:e:{i}", i, 100, Generations, ["t1"]);
        }

        near.Bytes.Should().BeLessThanOrEqualTo(1000);
        near.Bytes.Should().Be(near.Count * 100L);
        near.Count.Should().BeGreaterThan(0);
    }

    [Test]
    public void Offer_SameKeyAgain_CountsItsBytesOnce()
    {
        var near = Serving();

        near.Offer(near.Epoch, Entry, "a", 10, Generations, ["t1"]);
        near.Offer(near.Epoch, Entry, "b", 30, Generations, ["t1"]);

        near.Bytes.Should().Be(30);
        near.Count.Should().Be(1);
    }

    private static NearCache Serving(long maxBytes = 1 << 20)
    {
        var near = new NearCache(maxBytes);
        near.ServeUntil(Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60);
        return near;
    }
}
