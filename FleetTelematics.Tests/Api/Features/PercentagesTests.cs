using FleetTelematics.Api.Features.Dashboard;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Api.Features;

[Category(TestKinds.Unit)]
public sealed class PercentagesTests
{
    private static readonly int[][] CountVectors =
    [
        [1, 1, 1],
        [87, 60, 36, 17],
        [0, 0, 0, 5],
        [1, 2],
        [2, 1, 1, 1, 1, 1],
        [1, 1, 1, 1, 1, 1, 1],
        [199, 1],
        [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
        [1_000_000, 1, 1],
    ];

    [TestCaseSource(nameof(CountVectors))]
    public void Of_Counts_SharesSumToExactlyHundred(int[] counts)
    {
        var shares = Percentages.Of(counts);

        shares.Sum().Should().Be(100.0m);
    }

    [TestCaseSource(nameof(CountVectors))]
    public void Of_Counts_EachShareHasOneDecimalAndIsWithinATenthOfExact(int[] counts)
    {
        var total = counts.Sum();

        var shares = Percentages.Of(counts);

        shares.Should().HaveCount(counts.Length);
        for (var i = 0; i < counts.Length; i++)
        {
            (shares[i] * 10).Should().Be(decimal.Truncate(shares[i] * 10), "share {0} must have one decimal", i);
            var exact = counts[i] * 100m / total;
            Math.Abs(shares[i] - exact).Should().BeLessThan(0.1m, "share {0} of {1}", i, string.Join(',', counts));
        }
    }

    [Test]
    public void Of_OneThirdEach_GivesTheExtraTenthToTheFirst()
    {
        var shares = Percentages.Of([1, 1, 1]);

        shares.Should().Equal(33.4m, 33.3m, 33.3m);
    }

    [Test]
    public void Of_ExactShares_KeepsThem()
    {
        var shares = Percentages.Of([87, 60, 36, 17]);

        shares.Should().Equal(43.5m, 30.0m, 18.0m, 8.5m);
    }

    [Test]
    public void Of_OneNonZeroCount_GivesItEverything()
    {
        var shares = Percentages.Of([0, 0, 0, 5]);

        shares.Should().Equal(0m, 0m, 0m, 100m);
    }

    [Test]
    public void Of_AllZeros_AllZero()
    {
        var shares = Percentages.Of([0, 0, 0, 0]);

        shares.Should().Equal(0m, 0m, 0m, 0m);
    }

    [Test]
    public void Of_NoCounts_Empty()
    {
        var shares = Percentages.Of([]);

        shares.Should().BeEmpty();
    }
}
