using System.Text.Json.Serialization;
using FleetTelematics.Domain.Safety;
using FleetTelematics.Domain.Trips;

namespace FleetTelematics.Api.Features.Drivers;

/// <summary>A driver with its vehicle, trip statistics and most recent activity.</summary>
public sealed record DriverDetailsResponse(
    DriverResponse Driver,
    VehicleResponse? Vehicle,
    DriverStatsResponse Stats,
    IReadOnlyList<TripResponse> RecentTrips,
    IReadOnlyList<SafetyEventResponse> RecentSafetyEvents);

/// <summary>Lifetime trip totals; safety-event figures cover the last 30 UTC days, today included.</summary>
public sealed record DriverStatsResponse(
    int TotalTrips,
    decimal TotalDistanceKm,
    decimal TotalDurationHours,
    [property: JsonPropertyName("safety_events_last_30_days")] int SafetyEventsLast30Days,
    IReadOnlyList<EventTypeCount> EventsByType);

/// <summary>How many safety events of one type.</summary>
public sealed record EventTypeCount(SafetyEventType Type, int Count);

public sealed record VehicleResponse(string VehicleId, string Make, string Model, int Year, string LicensePlate);

public sealed record TripResponse(
    long TripId,
    string DriverId,
    string? VehicleId,
    TripStatus Status,
    DateTime StartedAt,
    DateTime? EndedAt,
    decimal DistanceKm,
    decimal DurationMinutes);

public sealed record SafetyEventResponse(
    long EventId,
    long TripId,
    string DriverId,
    SafetyEventType Type,
    Severity Severity,
    DateTime OccurredAt,
    decimal? SpeedKmh);
