using FleetTelematics.Infrastructure.Persistence.History;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Infrastructure.Persistence.History;

[Category(TestKinds.Unit)]
public sealed class RetentionPeriodTests
{
    private static readonly DateTimeOffset MidDecember = new(2026, 12, 15, 13, 30, 0, TimeSpan.Zero);

    [TestCase("24months", 24, RetentionUnit.Months)]
    [TestCase("1month", 1, RetentionUnit.Months)]
    [TestCase("400days", 400, RetentionUnit.Days)]
    [TestCase("1day", 1, RetentionUnit.Days)]
    public void TryParse_CountAndUnit_Accepted(string text, int count, RetentionUnit unit)
    {
        RetentionPeriod.TryParse(text, out var period, out var error).Should().BeTrue(error);

        period.Should().Be(new RetentionPeriod(count, unit));
    }

    [TestCase("24")]
    [TestCase("months")]
    [TestCase("24 months")]
    [TestCase("24weeks")]
    [TestCase("-3months")]
    [TestCase("+3months")]
    [TestCase("24Months")]
    [TestCase("٢٤months")]
    [TestCase("")]
    [TestCase(null)]
    public void TryParse_NotCountAndUnit_RejectedWithExample(string? text)
    {
        RetentionPeriod.TryParse(text, out _, out var error).Should().BeFalse();

        error.Should().Contain("24months");
    }

    [TestCase("0months")]
    [TestCase("0days")]
    [TestCase("10001months")]
    [TestCase("999999999days")]
    public void TryParse_CountOutOfRange_RejectedWithBounds(string text)
    {
        RetentionPeriod.TryParse(text, out _, out var error).Should().BeFalse();

        error.Should().Contain("between 1 and 10,000");
    }

    [TestCase(24, "2024-12-01")]
    [TestCase(1, "2026-11-01")]
    [TestCase(12, "2025-12-01")]
    public void CutoffAt_Months_StartOfTheMonthNMonthsBeforeTheCurrentOne(int months, string expected)
    {
        new RetentionPeriod(months, RetentionUnit.Months).CutoffAt(MidDecember)
            .Should().Be(DateTimeOffset.Parse(expected + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestCase(14, "2026-12-01")]
    [TestCase(15, "2026-11-01")]
    [TestCase(400, "2025-11-01")]
    public void CutoffAt_Days_StartOfTheMonthHoldingTheDayNDaysAgo(int days, string expected)
    {
        new RetentionPeriod(days, RetentionUnit.Days).CutoffAt(MidDecember)
            .Should().Be(DateTimeOffset.Parse(expected + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public void CutoffAt_NonUtcNow_UsesTheUtcMonth()
    {
        // 00:30 on 1 January in UTC+2 is still December in UTC.
        var now = new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(2));

        new RetentionPeriod(1, RetentionUnit.Months).CutoffAt(now).Should().Be(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [TestCase("2026-12-01T00:00:00Z", "2026-10-01")]
    [TestCase("2026-12-31T23:59:59Z", "2026-11-01")]
    [TestCase("2027-03-01T08:00:00Z", "2027-01-01")]
    public void LatestCutoffAt_TheFirstMonthPartitionMaintenanceKeeps(string now, string expected)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        RetentionPeriod.LatestCutoffAt(at).Should().Be(DateTimeOffset.Parse(expected + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        RetentionPeriod.LatestCutoffAt(at).Should().Be(new DateTimeOffset(HistoryPartitions.Window(at).First.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(28)]
    [TestCase(31)]
    public void LatestCutoffAt_AnyDayOfTheMonth_TwoMonthsAcceptedOneDayRefused(int day)
    {
        var now = new DateTimeOffset(2027, 3, day, 12, 0, 0, TimeSpan.Zero);

        new RetentionPeriod(2, RetentionUnit.Months).CutoffAt(now).Should().BeOnOrBefore(RetentionPeriod.LatestCutoffAt(now));
        new RetentionPeriod(1, RetentionUnit.Days).CutoffAt(now).Should().BeAfter(RetentionPeriod.LatestCutoffAt(now),
            "a day's retention would drop a month ingestion still writes");
    }
}
