namespace FleetTelematics.Api.Features.Drivers;

/// <summary>A driver with its vehicle, trip statistics and most recent activity.</summary>
public sealed record DriverDetailsResponse(
    DriverResponse Driver,
    VehicleResponse? Vehicle,
    DriverStatsResponse Stats,
    IReadOnlyList<TripResponse> RecentTrips,
    IReadOnlyList<SafetyEventResponse> RecentSafetyEvents);
