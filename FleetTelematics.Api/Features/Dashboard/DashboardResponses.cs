using System.Text.Json.Serialization;
using FleetTelematics.Api.Features.Drivers;
using FleetTelematics.Domain.Drivers;
using FleetTelematics.Domain.Safety;

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

/// <summary>The fleet over the last 7 UTC days (today included). <c>high_risk_drivers</c> counts scores of 60 and above.</summary>
public sealed record DashboardSummaryResponse(
    DriverStatusCounts Drivers,
    [property: JsonPropertyName("trips_last_7_days")] int TripsLast7Days,
    [property: JsonPropertyName("distance_last_7_days_km")] decimal DistanceLast7DaysKm,
    [property: JsonPropertyName("safety_events_last_7_days")] int SafetyEventsLast7Days,
    int HighRiskDrivers,
    IReadOnlyList<TopRiskDriver> TopRiskDrivers,
    DateTime GeneratedAt);

public sealed record DriverStatusCounts(int Total, int Active, int Inactive, int Suspended);

public sealed record TopRiskDriver(string DriverId, string Name, decimal RiskScore, RiskCategory RiskCategory);

/// <summary>Trips started on one UTC day.</summary>
public sealed record TripActivityDay(DateOnly Date, int Trips, decimal DistanceKm, decimal DurationHours);

/// <summary>Drivers in one risk band; percentages of all bands add up to 100 when there are drivers.</summary>
public sealed record RiskDistributionBand(RiskCategory Category, int Count, decimal Percentage);

/// <summary>Safety events of the last <c>days</c> UTC days (today included), by type and by severity.</summary>
public sealed record SafetyEventsBreakdownResponse(
    int Days,
    int Total,
    IReadOnlyList<EventTypeCount> ByType,
    IReadOnlyList<SeverityCount> BySeverity);

public sealed record SeverityCount(Severity Severity, int Count);
