using FleetTelematics.Domain.Drivers;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Domain;

[Category(TestKinds.Unit)]
public sealed class RiskBandsTests
{
    [TestCase(0, RiskCategory.Low)]
    [TestCase(39.9, RiskCategory.Low)]
    [TestCase(40, RiskCategory.Medium)]
    [TestCase(59.9, RiskCategory.Medium)]
    [TestCase(60, RiskCategory.High)]
    [TestCase(79.9, RiskCategory.High)]
    [TestCase(80, RiskCategory.Critical)]
    [TestCase(100, RiskCategory.Critical)]
    public void Categorize_Score_FollowsContractBands(decimal score, RiskCategory expected) =>
        RiskBands.Categorize(score).Should().Be(expected);

    [TestCase(-0.1)]
    [TestCase(100.1)]
    public void Categorize_OutOfRange_Throws(decimal score) =>
        FluentActions.Invoking(() => RiskBands.Categorize(score)).Should().Throw<ArgumentOutOfRangeException>();

    [Test]
    public void RangeOf_EveryBand_MatchesCategorize()
    {
        foreach (var category in RiskBands.All)
        {
            var (from, to) = RiskBands.RangeOf(category);
            RiskBands.Categorize(from).Should().Be(category);
            RiskBands.Categorize(Math.Min(to - 0.1m, 100m)).Should().Be(category);
        }
    }

    [TestCase(55.5, true)]
    [TestCase(55.55, false)]
    [TestCase(-1, false)]
    [TestCase(101, false)]
    public void IsValidScore_Score_AllowsOneDecimalWithinRange(decimal score, bool expected) =>
        RiskBands.IsValidScore(score).Should().Be(expected);
}
