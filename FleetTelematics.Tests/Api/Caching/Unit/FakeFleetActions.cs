using FleetTelematics.Api.Caching;
using Microsoft.AspNetCore.Mvc;

namespace FleetTelematics.Tests.Api.Caching.Unit;

/// <summary>
/// Action methods declared the way the fleet controllers declare theirs, for building action descriptors by hand.
/// Internal and not named *Controller, so MVC never discovers it in the API hosts the integration tests start.
/// </summary>
internal sealed class FakeFleetActions
{
    [CachedResponse(60, "dashboard_stats")]
    public object Stats() => new();

    [CachedResponse(60, "dashboard_summary")]
    public object Summary() => new();

    [CachedResponse(300, "risk_distribution")]
    public object RiskDistribution() => new();

    [CachedResponse(300, "trip_activity")]
    public object TripActivity([FromQuery(Name = "days")] int days = 7, CancellationToken cancellationToken = default) => new();

    [CachedResponse(120, "drivers_list")]
    public object List([FromQuery(Name = "")] FakeListParameters parameters, CancellationToken cancellationToken) => new();

    [CachedResponse(120, "drivers_list")]
    public object ListWithPrefixedBinding([FromQuery] FakeListParameters parameters) => new();

    [CachedResponse(180, "driver_detail")]
    public object Details([FromRoute(Name = "driver_id")] string driverId) => new();

    [CachedResponse(60, "my_profile", Scope = CacheScope.User)]
    public object Profile() => new();

    public object Uncached() => new();

    [InvalidatesCache("drivers_list", "dashboard_*", "risk_distribution")]
    public object Create([FromBody] object body) => new();

    [InvalidatesCache("driver_detail:{driver_id}", "drivers_list", "dashboard_*", "risk_distribution")]
    public object Patch([FromRoute(Name = "driver_id")] string driverId) => new();

    [InvalidatesCache("dashbord_*")]
    public object Misspelled() => new();

    [InvalidatesCache("driver_detail:{driver_id}")]
    public object ScopedWithoutRouteValue() => new();

    [CachedResponse(60, "bad:prefix")]
    public object BadPrefix() => new();
}
