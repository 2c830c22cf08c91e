namespace FleetTelematics.Api.Caching;

/// <summary>The cache prefixes of the contract, named once for the attributes that use them.</summary>
public static class CachePrefixes
{
    public const string DashboardStats = "dashboard_stats";
    public const string DashboardSummary = "dashboard_summary";
    public const string TripActivity = "trip_activity";
    public const string RiskDistribution = "risk_distribution";
    public const string SafetyEvents = "safety_events";
    public const string DriversList = "drivers_list";
    public const string DriverDetail = "driver_detail";

    /// <summary>Every response a driver write can change: counts and risk scores, the list, and that driver's details.</summary>
    public const string AllDashboards = "dashboard_*";
    public const string ThisDriverDetail = DriverDetail + ":{driver_id}";
}
