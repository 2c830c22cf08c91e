using FleetTelematics.Api.Caching;

namespace FleetTelematics.Tests.Faults;

/// <summary>
/// The read side of the load: all seven cached routes, each with a spread of URLs — equivalent spellings included
/// (<c>?days=7</c> and no <c>days</c>, <c>Limit</c> and <c>limit</c>), since they share one entry and so one chance
/// to be stale. Weights add up to 95; writes are the other 5 %.
/// </summary>
public static class CachedReads
{
    private const string Dashboard = "/api/v1/admin/dashboard/";
    private const string Drivers = "/api/v1/admin/drivers";

    public static IReadOnlyList<RouteGroup> Groups { get; } =
    [
        new(CachePrefixes.DashboardStats, 12, [Dashboard + "stats"]),
        new(CachePrefixes.DashboardSummary, 12, [Dashboard + "summary"]),
        new(CachePrefixes.TripActivity, 10, [.. new[] { "", "?days=1", "?days=7", "?days=14", "?days=30" }.Select(q => Dashboard + "trip-activity" + q)]),
        new(CachePrefixes.RiskDistribution, 10, [Dashboard + "risk-distribution"]),
        new(CachePrefixes.SafetyEvents, 10, [.. new[] { "", "?days=7", "?days=30", "?days=90" }.Select(q => Dashboard + "safety-events-breakdown" + q)]),
        new(CachePrefixes.DriversList, 23, [.. new[]
        {
            "", "?limit=10", "?Limit=10", "?skip=10&limit=10", "?skip=20&limit=10&sort=-risk_score", "?limit=5&sort=risk_score",
            "?limit=25&sort=name", "?limit=25&sort=-name", "?sort=-last_trip_at&limit=15", "?status=active",
            "?status=inactive&sort=-risk_score", "?status=suspended", "?risk_category=high", "?risk_category=low&limit=20",
            "?search=a&limit=10", "?search=DRV-001", "?search=garcia", "?search=fleet.example&skip=5&limit=5",
        }.Select(q => Drivers + q)]),
        // Most of these drivers are written by the load (see WorkerPlan.DriversOf); DRV-0025.. never are.
        new(CachePrefixes.DriverDetail, 18, [.. Enumerable.Range(1, 16).Concat(Enumerable.Range(25, 4)).Select(id => $"{Drivers}/DRV-{id:D4}/details")]),
    ];

    public static int TotalWeight { get; } = Groups.Sum(g => g.Weight);

    /// <summary>Every distinct URL the load reads, with its kind.</summary>
    public static IEnumerable<PlannedRequest> All => Groups.SelectMany(g => g.Urls.Select(url => new PlannedRequest(g.Kind, url)));
}
