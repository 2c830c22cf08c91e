using System.Text.Json.Serialization;

namespace FleetTelematics.Api.Features.Dashboard;

/// <summary>The fleet over the last 7 UTC days (today included). <c>high_risk_drivers</c> counts scores of 60 and above.</summary>
public sealed record DashboardSummaryResponse(
    DriverStatusCounts Drivers,
    [property: JsonPropertyName("trips_last_7_days")] int TripsLast7Days,
    [property: JsonPropertyName("distance_last_7_days_km")] decimal DistanceLast7DaysKm,
    [property: JsonPropertyName("safety_events_last_7_days")] int SafetyEventsLast7Days,
    int HighRiskDrivers,
    IReadOnlyList<TopRiskDriver> TopRiskDrivers,
    DateTime GeneratedAt);
