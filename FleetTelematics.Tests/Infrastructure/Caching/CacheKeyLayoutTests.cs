using System.Security.Cryptography;
using FleetTelematics.Infrastructure.Caching;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Infrastructure.Caching;

/// <summary>
/// The striped slot layout (ADR-014): one prefix spreads over every part of the slot range, while an entry and every
/// generation it depends on share one slot, and a prefix-wide invalidation is a fixed number of keys.
/// </summary>
[Category(TestKinds.Unit)]
public sealed class CacheKeyLayoutTests
{
    private const string Prefix = "driver_detail";
    private static readonly CacheKeyLayout Layout = new("fleet");

    [TestCase("foo", 12182)]
    [TestCase("{foo}.bar", 12182)]
    [TestCase("{user1000}.following", 3443)]
    [TestCase("123456789", 0x31C3 % 16384)]
    [TestCase("a{}b", 13694)]
    public void RedisHashSlot_KnownKeys_MatchRedis(string key, int slot)
    {
        // Every figure is CLUSTER KEYSLOT's answer on Redis 7; 0x31C3 is CRC16-XMODEM's check value; an empty tag hashes
        // the whole key (CLUSTER KEYSLOT a{}b = 13694).
        RedisHashSlot.Of(key).Should().Be(slot);
    }

    [Test]
    public void StripesOf_EachStripe_SitsInItsOwnSixteenthOfTheSlotRange()
    {
        var stripes = Layout.StripesOf(Prefix);

        stripes.Should().HaveCount(CacheKeyLayout.StripeCount);
        stripes.Select(s => s.Tag).Should().OnlyHaveUniqueItems();
        for (var i = 0; i < stripes.Count; i++)
        {
            stripes[i].Index.Should().Be(i);
            (RedisHashSlot.Of($"{{{stripes[i].Tag}}}") / 1024).Should().Be(i);
        }
    }

    [Test]
    public void PrefixGenerations_OneKeyPerStripe_OnEveryThirdOfTheSlotRange()
    {
        var slots = Layout.PrefixGenerations(Prefix).Select(RedisHashSlot.Of).ToList();

        slots.Should().HaveCount(CacheKeyLayout.StripeCount).And.OnlyHaveUniqueItems();
        // redis-cli --cluster create gives three masters 0–5460, 5461–10922 and 10923–16383.
        slots.Select(slot => slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2).Distinct().Should().HaveCount(3,
            "a prefix-wide invalidation, and the prefix's entries, reach every master of a three-master cluster");
    }

    [Test]
    public void StripeForScope_EntryAndEveryLevelOfItsScope_ShareOneSlot()
    {
        var stripe = Layout.StripeForScope(Prefix, "DRV-0042");

        string[] keys = [Layout.Entry(stripe, "0123abcd"), Layout.Generation(stripe), Layout.ScopeGeneration(Prefix, "DRV-0042"),
            Layout.ScopeGeneration(Prefix, "DRV-0042:2026-11")];

        keys.Select(RedisHashSlot.Of).Distinct().Should().ContainSingle("a lookup is one script over one slot");
        Layout.StripeForScope(Prefix, "DRV-0042:2026-11").Should().Be(stripe, "a nested scope lives with its outermost value");
    }

    [Test]
    public void StripeForVariant_EntryAndItsPrefixGeneration_ShareOneSlot()
    {
        for (var i = 0; i < 200; i++)
        {
            var hash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var stripe = Layout.StripeForVariant("drivers_list", hash);

            RedisHashSlot.Of(Layout.Entry(stripe, hash)).Should().Be(RedisHashSlot.Of(Layout.Generation(stripe)));
        }
    }

    [Test]
    public void StripeForScope_TwoHundredDrivers_SpreadOverEveryStripe()
    {
        var perStripe = Enumerable.Range(1, 200).Select(n => Layout.StripeForScope(Prefix, $"DRV-{n:D4}").Index)
            .GroupBy(index => index).ToDictionary(g => g.Key, g => g.Count());

        perStripe.Should().HaveCount(CacheKeyLayout.StripeCount);
        perStripe.Values.Max().Should().BeLessThanOrEqualTo(2 * 200 / CacheKeyLayout.StripeCount, "no stripe takes twice its share");
    }

    [Test]
    public void StripeForVariant_RandomHashes_SpreadOverEveryStripe()
    {
        var perStripe = Enumerable.Range(0, 1600)
            .Select(_ => Layout.StripeForVariant("drivers_list", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))).Index)
            .GroupBy(index => index).ToDictionary(g => g.Key, g => g.Count());

        perStripe.Should().HaveCount(CacheKeyLayout.StripeCount);
        perStripe.Values.Min().Should().BeGreaterThan(50, "each stripe's share is 100 of 1,600");
    }

    [Test]
    public void Layout_TwoInstances_AgreeOnEveryKey()
    {
        // Instances share generations only if they compute the same names; nothing may depend on the process.
        var other = new CacheKeyLayout("fleet");

        other.StripesOf(Prefix).Should().Equal(Layout.StripesOf(Prefix));
        other.ScopeGeneration(Prefix, "DRV-0001").Should().Be(Layout.ScopeGeneration(Prefix, "DRV-0001"));
        other.StripeForVariant("drivers_list", "ab12").Should().Be(Layout.StripeForVariant("drivers_list", "ab12"));
        Layout.ScopeGeneration(Prefix, "DRV-0001").Should().MatchRegex(@"^fleet:\{driver_detail:\d+\}:g:DRV-0001$");
    }

    [Test]
    public void StripesOf_DifferentPrefixes_DifferentTags()
    {
        Layout.StripesOf("dashboard_stats").Select(s => s.Tag)
            .Should().NotIntersectWith(Layout.StripesOf("dashboard_summary").Select(s => s.Tag));
    }
}
