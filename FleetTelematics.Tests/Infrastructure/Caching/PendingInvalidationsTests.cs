using FleetTelematics.Infrastructure.Caching;

namespace FleetTelematics.Tests.Infrastructure.Caching;

public sealed class PendingInvalidationsTests
{
    [Test]
    public void Add_SameKeyTwice_KeepsItOnce()
    {
        var pending = new PendingInvalidations();

        pending.Add(["g:a", "g:b"]);
        pending.Add(["g:a"]);

        pending.Count.Should().Be(2);
        pending.Snapshot().Select(entry => entry.Key).Should().BeEquivalentTo("g:a", "g:b");
    }

    [Test]
    public void Clear_ReplayedSnapshot_LeavesNothingPending()
    {
        var pending = new PendingInvalidations();
        pending.Add(["g:a", "g:b"]);
        var replayed = pending.Snapshot();

        pending.Clear(replayed);

        pending.IsEmpty.Should().BeTrue();
        pending.Count.Should().Be(0);
    }

    [Test]
    public void Clear_KeyAddedAgainDuringReplay_StaysPending()
    {
        var pending = new PendingInvalidations();
        pending.Add(["g:a", "g:b"]);
        var replayed = pending.Snapshot();
        pending.Add(["g:a"]); // a write failed again while the replay was on its way to the store

        pending.Clear(replayed);

        pending.Snapshot().Select(entry => entry.Key).Should().Equal("g:a");
    }

    [Test]
    public void Clear_KeyFirstAddedDuringReplay_StaysPending()
    {
        var pending = new PendingInvalidations();
        pending.Add(["g:a"]);
        var replayed = pending.Snapshot();
        pending.Add(["g:c"]);

        pending.Clear(replayed);

        pending.Snapshot().Select(entry => entry.Key).Should().Equal("g:c");
    }

    [Test]
    public void MarkEverythingStale_AfterPrefixesDeclared_AddsEveryPrefixGeneration()
    {
        var pending = new PendingInvalidations();
        pending.DeclarePrefixGenerations(["g:stats", "g:list"]);

        pending.MarkEverythingStale();

        pending.Snapshot().Select(entry => entry.Key).Should().BeEquivalentTo("g:stats", "g:list");
    }

    [Test]
    public void MarkEverythingStale_BeforePrefixesDeclared_AppliedOnceTheyAre()
    {
        var pending = new PendingInvalidations();

        pending.MarkEverythingStale();
        pending.IsEmpty.Should().BeTrue("nothing is known yet");
        pending.DeclarePrefixGenerations(["g:stats", "g:list"]);

        pending.Snapshot().Select(entry => entry.Key).Should().BeEquivalentTo("g:stats", "g:list");
    }

    [Test]
    public void DeclarePrefixGenerations_WithoutObservedOutage_AddsNothing()
    {
        var pending = new PendingInvalidations();

        pending.DeclarePrefixGenerations(["g:stats"]);

        pending.IsEmpty.Should().BeTrue();
    }
}
