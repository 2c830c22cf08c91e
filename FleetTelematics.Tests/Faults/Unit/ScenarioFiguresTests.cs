using FleetTelematics.Tests.Support;

namespace FleetTelematics.Tests.Faults.Unit;

[Category(TestKinds.Unit)]
public sealed class ScenarioFiguresTests
{
    [Test]
    public void Percentile_NearestRank()
    {
        var values = Enumerable.Range(1, 200).Select(v => (double)v).ToList();

        ScenarioFigures.Percentile(values, 0.99).Should().Be(198);
        ScenarioFigures.Percentile(values, 0.5).Should().Be(100);
        ScenarioFigures.Percentile([], 0.99).Should().Be(0);
    }

    [Test]
    public void From_CountsErrorsByStatusAndCacheOutcomes_AndShowsTheBoundBesideTheMax()
    {
        RequestRecord[] requests =
        [
            new("dashboard_stats", "/s", 200, "HIT", 5, 0, false, false),
            new("dashboard_stats", "/s", 503, null, 40, 1, true, true),
            new("dashboard_stats", "/s", 503, null, 41, 2, true, true),
            new("driver_patch", "/d", 0, null, 10_000, 3, false, false),
            new("trip_activity", "/t", 200, "STALE", 7, 4, false, false),
        ];

        var figures = ScenarioFigures.From("x", requests, new StaleReadReport(50, 10, []), new WriteCheckResult(1, 0, 0, []),
            new LatencyBound(150, 40));

        figures.ErrorsText.Should().Be("no answer: 1, 503: 2");
        figures.CacheText.Should().Be("HIT 1 MISS 0 BYPASS 0 STALE 1");
        figures.ToLine().Should().Contain("max 10000.0 ms (bound 240.0 ms)");
        figures.ToMarkdownRow().Should().Be("| x | 5 | no answer: 1, 503: 2 | 1 | 0 | 0 | 1 | 10000.0 | 10000.0 (240.0) | 0 / 50 | 0 / 0 |");
    }
}
