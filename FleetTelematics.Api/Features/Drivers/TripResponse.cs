using FleetTelematics.Domain.Trips;

namespace FleetTelematics.Api.Features.Drivers;

public sealed record TripResponse(
    long TripId,
    string DriverId,
    string? VehicleId,
    TripStatus Status,
    DateTime StartedAt,
    DateTime? EndedAt,
    decimal DistanceKm,
    decimal DurationMinutes);
