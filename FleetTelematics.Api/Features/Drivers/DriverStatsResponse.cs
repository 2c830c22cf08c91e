using System.Text.Json.Serialization;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>Lifetime trip totals; safety-event figures cover the last 30 UTC days, today included.</summary>
public sealed record DriverStatsResponse(
    int TotalTrips,
    decimal TotalDistanceKm,
    decimal TotalDurationHours,
    [property: JsonPropertyName("safety_events_last_30_days")] int SafetyEventsLast30Days,
    IReadOnlyList<EventTypeCount> EventsByType);
