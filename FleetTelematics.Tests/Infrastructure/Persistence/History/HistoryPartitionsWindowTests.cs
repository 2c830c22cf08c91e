using FleetTelematics.Infrastructure.Persistence.History;
using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Infrastructure.Persistence.History;

[Category(TestKinds.Unit)]
public sealed class HistoryPartitionsWindowTests
{
    [TestCase("2026-12-01T00:00:00Z", "2026-10-01", "2027-02-01")]
    [TestCase("2026-12-31T23:59:59Z", "2026-11-01", "2027-02-28")]
    [TestCase("2027-03-15T12:00:00Z", "2027-02-01", "2027-05-15")]
    public void Window_FromTheMonth31DaysAgoToTwoMonthsAhead(string now, string first, string last)
    {
        var window = HistoryPartitions.Window(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        window.Should().Be((DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
