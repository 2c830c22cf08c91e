using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Infrastructure.Caching;

[Category(TestKinds.Unit)]
public sealed class PendingInvalidationsTests
{
    [Test]
    public void Add_SameKeyTwice_KeepsItOnce()
    {
        var pending = new PendingInvalidations(new FixedGenerationKeys());

        pending.Add(["g:a", "g:b"]);
        pending.Add(["g:a"]);

        pending.Count.Should().Be(2);
        pending.Snapshot().Generations.Should().BeEquivalentTo("g:a", "g:b");
    }

    [Test]
    public void Clear_ReplayedSnapshot_LeavesNothingPending()
    {
        var pending = new PendingInvalidations(new FixedGenerationKeys());
        pending.Add(["g:a", "g:b"]);
        var replayed = pending.Snapshot();

        pending.Clear(replayed);

        pending.IsEmpty.Should().BeTrue();
        pending.Count.Should().Be(0);
    }

    [Test]
    public void Clear_KeyAddedAgainDuringReplay_StaysPending()
    {
        var pending = new PendingInvalidations(new FixedGenerationKeys());
        pending.Add(["g:a", "g:b"]);
        var replayed = pending.Snapshot();
        pending.Add(["g:a"]); // a write failed again while the replay was on its way to the store

        pending.Clear(replayed);

        pending.Snapshot().Generations.Should().Equal("g:a");
    }

    [Test]
    public void Clear_KeyFirstAddedDuringReplay_StaysPending()
    {
        var pending = new PendingInvalidations(new FixedGenerationKeys());
        pending.Add(["g:a"]);
        var replayed = pending.Snapshot();
        pending.Add(["g:c"]);

        pending.Clear(replayed);

        pending.Snapshot().Generations.Should().Equal("g:c");
    }

    [Test]
    public void MarkEverythingStale_ReplaysEveryPrefixGenerationTheSourceNames()
    {
        var pending = new PendingInvalidations(new FixedGenerationKeys("g:stats", "g:list"));

        pending.MarkEverythingStale();

        pending.IsEmpty.Should().BeFalse();
        pending.Snapshot().Generations.Should().BeEquivalentTo("g:stats", "g:list");
    }

    [Test]
    public void MarkEverythingStale_BeforeTheSourceKnowsItsPrefixes_AskedOnlyWhenReplaying()
    {
        // An outage can be seen before start-up has read the endpoints: the prefixes are asked for at replay time.
        var source = new FixedGenerationKeys();
        var pending = new PendingInvalidations(source);

        pending.MarkEverythingStale();
        source.Keys.AddRange(["g:stats", "g:list"]);

        pending.Snapshot().Generations.Should().BeEquivalentTo("g:stats", "g:list");
    }

    [Test]
    public void Clear_OutageReplayed_NothingPending_ButAnOutageSeenDuringTheReplayStays()
    {
        var pending = new PendingInvalidations(new FixedGenerationKeys("g:stats"));
        pending.MarkEverythingStale();
        var first = pending.Snapshot();
        pending.MarkEverythingStale(); // the connection dropped again while the replay was on its way

        pending.Clear(first);
        pending.IsEmpty.Should().BeFalse();
        pending.Clear(pending.Snapshot());
        pending.IsEmpty.Should().BeTrue();
    }

    [Test]
    public void IsEmpty_WithoutObservedOutage_NeverAsksForPrefixes()
    {
        var pending = new PendingInvalidations(new FixedGenerationKeys("g:stats"));

        pending.IsEmpty.Should().BeTrue();
        pending.Snapshot().Generations.Should().BeEmpty();
    }
}
