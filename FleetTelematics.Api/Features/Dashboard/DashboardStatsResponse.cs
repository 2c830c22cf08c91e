namespace FleetTelematics.Api.Features.Dashboard;

/// <summary>Fleet figures for today (the current UTC day). Archived drivers are not counted; their trips and events are.</summary>
public sealed record DashboardStatsResponse(
    int TotalDrivers,
    int ActiveDrivers,
    int TotalVehicles,
    int ActiveTrips,
    int TripsToday,
    decimal DistanceTodayKm,
    int SafetyEventsToday,
    decimal AverageRiskScore,
    DateTime GeneratedAt);
